/* Builds a connected loopback TCP pair through the library's own socket calls. */
#ifndef SPINDLE_LOOPBACK_H
#define SPINDLE_LOOPBACK_H
#include <errno.h>
#include <string.h>
#include "check.h"
#include "net.h"

static inline void loopback_addr(uint8_t a[SP_ADDR_SIZE], int port) {
    memset(a, 0, SP_ADDR_SIZE);
    a[0] = SP_FAMILY_IPV4; a[2] = (uint8_t) (port >> 8); a[3] = (uint8_t) port;
    a[8] = 127; a[11] = 1;
}

static inline int addr_port(const uint8_t a[SP_ADDR_SIZE]) { return a[2] << 8 | a[3]; }

/* Returns a listening fd on 127.0.0.1 with an ephemeral port, written to *port. */
static inline int loopback_listener(int *port) {
    uint8_t a[SP_ADDR_SIZE];
    loopback_addr(a, 0);
    int l = sp_socket(4, SP_STREAM);
    CHECK_TRUE(l >= 0);
    CHECK_EQ(0, sp_bind(l, a));
    CHECK_EQ(0, sp_listen(l, 16));
    CHECK_EQ(0, sp_local_address(l, a));
    *port = addr_port(a);
    return l;
}

static inline void loopback_pair(int *client, int *server) {
    int port;
    int l = loopback_listener(&port);
    uint8_t a[SP_ADDR_SIZE];
    loopback_addr(a, port);
    *client = sp_socket(4, SP_STREAM);
    int rc = sp_connect(*client, a);
    CHECK_TRUE(rc == 0 || rc == -EINPROGRESS);
    CHECK_TRUE(sp_poll_fd(*client, SP_POLL_WRITE, 2000) == 1);
    CHECK_EQ(0, sp_socket_error(*client));
    CHECK_TRUE(sp_poll_fd(l, SP_POLL_READ, 2000) == 1);
    *server = sp_accept(l);
    CHECK_TRUE(*server >= 0);
    sp_close(l);
}
#endif
