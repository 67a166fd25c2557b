#include "answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t request_build(char *buf, size_t cap, enum proto proto, size_t size, int port)
{
    if (proto == PROTO_HTTP)
        return (size_t)snprintf(buf, cap, "GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
    for (size_t i = 0; i < size && i < cap; i++)
        buf[i] = (char)('a' + i % 26);
    return size < cap ? size : cap;
}

void answer_expect(answer_t *a, enum proto proto, size_t echo_len)
{
    a->have = 0;
    a->need = proto == PROTO_ECHO ? echo_len : 0;
    a->hdr_len = 0;
}

/* http: once the header is complete, learns the response length.
 * Returns 1 when known, 0 when more header bytes are needed, -1 on a bad
 * or non-2xx response. */
static int parse_http_header(answer_t *a)
{
    char *end = memmem(a->hdr, a->hdr_len, "\r\n\r\n", 4);
    if (!end)
        return a->hdr_len >= ANSWER_HDR_MAX ? -1 : 0;
    size_t head = (size_t)(end - a->hdr) + 4;
    if (a->hdr_len < 12 || memcmp(a->hdr, "HTTP/1.1 2", 10) != 0)
        return -1;
    size_t body = 0;
    for (char *line = memchr(a->hdr, '\n', head); line && line < end; line = memchr(line, '\n', (size_t)(end - line))) {
        line++;
        if ((size_t)(end - line) > 15 && strncasecmp(line, "Content-Length:", 15) == 0)
            body = (size_t)strtoul(line + 15, NULL, 10);
    }
    a->need = head + body;
    return 1;
}

int answer_take(answer_t *a, enum proto proto, const char *buf, size_t n)
{
    if (proto == PROTO_HTTP && a->need == 0) {
        size_t room = ANSWER_HDR_MAX - a->hdr_len;
        size_t k = n < room ? n : room;
        memcpy(a->hdr + a->hdr_len, buf, k);
        a->hdr_len += k;
        if (parse_http_header(a) < 0)
            return -1;
    }
    a->have += n;
    if (a->need == 0 || a->have < a->need)
        return 0;
    return a->have == a->need ? 1 : -1; /* extra bytes: protocol error */
}
