/* The round trip's protocol for spindle-echo-load: the request it sends, and how it knows the
 * whole answer has come (an echo of the request's length, or one HTTP/1.1 response framed by
 * Content-Length). */
#ifndef SPINDLE_BENCH_ANSWER_H
#define SPINDLE_BENCH_ANSWER_H

#include <stddef.h>

#define ANSWER_HDR_MAX 2048

enum proto { PROTO_ECHO, PROTO_HTTP };

typedef struct {
    size_t have;     /* bytes of the answer received so far */
    size_t need;     /* length of the whole answer, 0 while unknown (http) */
    size_t hdr_len;  /* http: header bytes buffered */
    char hdr[ANSWER_HDR_MAX];
} answer_t;

/* Writes the request into buf (cap bytes): size letters for echo, a GET for http. Returns its length. */
size_t request_build(char *buf, size_t cap, enum proto proto, size_t size, int port);
/* Starts a new answer: echo answers are echo_len bytes, http ones learn their length from the header. */
void answer_expect(answer_t *a, enum proto proto, size_t echo_len);
/* Consumes n bytes of answer: 1 when it is complete, 0 when more are due, -1 on a bad or
 * non-2xx response or bytes past its end. */
int answer_take(answer_t *a, enum proto proto, const char *buf, size_t n);

#endif
