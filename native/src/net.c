/* Socket syscalls. No policy: Java decides what an errno means. */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform.h"

static int domain_of(int family) {
    switch (family) {
    case SP_FAMILY_IPV4: return AF_INET;
    case SP_FAMILY_IPV6: return AF_INET6;
    case SP_FAMILY_UNIX: return AF_UNIX;
    default: return -1;
    }
}

/* Sets the close-on-exec and non-blocking flags where sockets cannot be created with them. */
static int configure_new_fd(int fd) {
    (void) fd;
#ifdef SO_NOSIGPIPE
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) < 0) return -errno;
#endif
#ifndef SOCK_NONBLOCK
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) return -errno;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -errno;
#endif
    return 0;
}

static int configured(int fd) {
    if (fd < 0) return -errno;
    int rc = configure_new_fd(fd);
    if (rc < 0) { close(fd); return rc; }
    return fd;
}

int sp_configured_fd(int fd) { return configured(fd); }

int sp_socket(int family, int type) {
    int domain = domain_of(family);
    if (domain < 0) return -EAFNOSUPPORT;
    if (type != SP_STREAM && type != SP_DATAGRAM) return -EINVAL;
    int kind = type == SP_STREAM ? SOCK_STREAM : SOCK_DGRAM;
    int protocol = domain == AF_UNIX ? 0 : type == SP_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
#ifdef SOCK_NONBLOCK
    return configured(socket(domain, kind | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
#else
    return configured(socket(domain, kind, protocol));
#endif
}

int sp_accept(int fd) {
#ifdef SOCK_NONBLOCK
    return configured(accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
#else
    return configured(accept(fd, NULL, NULL));
#endif
}

socklen_t sp_to_sockaddr(const uint8_t *a, struct sockaddr_storage *ss) {
    memset(ss, 0, sizeof *ss);
    if (a[0] == SP_FAMILY_UNIX) {
        struct sockaddr_un *un = (struct sockaddr_un *) ss;
        size_t n = (size_t) (a[2] << 8 | a[3]);
        /* A path needs room for its NUL; an abstract name (leading NUL) is counted by length. */
        if (n == 0 || n > sizeof un->sun_path - (a[4] != 0)) return 0;
        un->sun_family = AF_UNIX;
        memcpy(un->sun_path, a + 4, n);
        return (socklen_t) (offsetof(struct sockaddr_un, sun_path) + n + (a[4] != 0));
    }
    uint16_t port = (uint16_t) (a[2] << 8 | a[3]);
    if (a[0] == SP_FAMILY_IPV4) {
        struct sockaddr_in *sin = (struct sockaddr_in *) ss;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        memcpy(&sin->sin_addr, a + 8, 4);
        return sizeof *sin;
    }
    if (a[0] == SP_FAMILY_IPV6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        sin6->sin6_scope_id = (uint32_t) a[4] << 24 | (uint32_t) a[5] << 16 | (uint32_t) a[6] << 8 | a[7];
        memcpy(&sin6->sin6_addr, a + 8, 16);
        return sizeof *sin6;
    }
    return 0;
}

int sp_from_sockaddr(const struct sockaddr_storage *ss, socklen_t len, uint8_t *a) {
    memset(a, 0, SP_ADDR_SIZE);
    if (ss->ss_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *) ss;
        size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
        if (n > sizeof un->sun_path) n = sizeof un->sun_path;
        if (n > 0 && un->sun_path[0] != 0) n = strnlen(un->sun_path, n); /* a path: up to its NUL */
        if (n > SP_UNIX_PATH_MAX) return -ENAMETOOLONG;
        a[0] = SP_FAMILY_UNIX; a[2] = (uint8_t) (n >> 8); a[3] = (uint8_t) n;
        memcpy(a + 4, un->sun_path, n);
        return 0;
    }
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) ss;
        uint16_t port = ntohs(sin->sin_port);
        a[0] = SP_FAMILY_IPV4; a[2] = (uint8_t) (port >> 8); a[3] = (uint8_t) port;
        memcpy(a + 8, &sin->sin_addr, 4);
        return 0;
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ss;
        uint16_t port = ntohs(sin6->sin6_port);
        uint32_t scope = sin6->sin6_scope_id;
        a[0] = SP_FAMILY_IPV6; a[2] = (uint8_t) (port >> 8); a[3] = (uint8_t) port;
        a[4] = (uint8_t) (scope >> 24); a[5] = (uint8_t) (scope >> 16);
        a[6] = (uint8_t) (scope >> 8); a[7] = (uint8_t) scope;
        memcpy(a + 8, &sin6->sin6_addr, 16);
        return 0;
    }
    return -EAFNOSUPPORT;
}

int sp_bind(int fd, const uint8_t *addr) {
    struct sockaddr_storage ss;
    socklen_t len = sp_to_sockaddr(addr, &ss);
    if (len == 0) return -EAFNOSUPPORT;
    SP_RETURN(bind(fd, (struct sockaddr *) &ss, len));
}

int sp_listen(int fd, int backlog) { SP_RETURN(listen(fd, backlog)); }

int sp_connect(int fd, const uint8_t *addr) {
    struct sockaddr_storage ss;
    socklen_t len = sp_to_sockaddr(addr, &ss);
    if (len == 0) return -EAFNOSUPPORT;
    SP_RETURN(connect(fd, (struct sockaddr *) &ss, len));
}

int sp_local_address(int fd, uint8_t *addr) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0) return -errno;
    return sp_from_sockaddr(&ss, len, addr);
}

int sp_peer_address(int fd, uint8_t *addr) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *) &ss, &len) < 0) return -errno;
    return sp_from_sockaddr(&ss, len, addr);
}

int sp_available(int fd) {
    int n = 0;
    return ioctl(fd, FIONREAD, &n) < 0 ? -errno : n;
}

int sp_socket_error(int fd) {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return -errno;
    return err;
}

ssize_t sp_read(int fd, void *buf, size_t len) { SP_RETURN(recv(fd, buf, len, 0)); }
ssize_t sp_write(int fd, const void *buf, size_t len) { SP_RETURN(send(fd, buf, len, SP_SEND_FLAGS)); }
ssize_t sp_read_nowait(int fd, void *buf, size_t len) { SP_RETURN(recv(fd, buf, len, MSG_DONTWAIT)); }
ssize_t sp_write_nowait(int fd, const void *buf, size_t len) { SP_RETURN(send(fd, buf, len, SP_SEND_FLAGS | MSG_DONTWAIT)); }
ssize_t sp_readv(int fd, const void *iov, int iovcnt) { SP_RETURN(readv(fd, (const struct iovec *) iov, iovcnt)); }

ssize_t sp_writev(int fd, const void *iov, int iovcnt) {
    struct msghdr msg = { .msg_iov = (struct iovec *) iov, .msg_iovlen = iovcnt };
    SP_RETURN(sendmsg(fd, &msg, SP_SEND_FLAGS));
}

ssize_t sp_writev_nowait(int fd, const void *iov, int iovcnt) {
    struct msghdr msg = { .msg_iov = (struct iovec *) iov, .msg_iovlen = iovcnt };
    SP_RETURN(sendmsg(fd, &msg, SP_SEND_FLAGS | MSG_DONTWAIT));
}

int sp_set_blocking(int fd, int blocking) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) return -errno;
    int want = blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK;
    if (want != fl && fcntl(fd, F_SETFL, want) < 0) return -errno;
    return 0;
}

int sp_shutdown(int fd, int how) {
    SP_RETURN(shutdown(fd, how == SP_SHUT_INPUT ? SHUT_RD : how == SP_SHUT_OUTPUT ? SHUT_WR : SHUT_RDWR));
}
int sp_close(int fd) { SP_RETURN(close(fd)); }

int sp_send_urgent(int fd, int byte) {
    uint8_t b = (uint8_t) byte;
    SP_RETURN(send(fd, &b, 1, SP_SEND_FLAGS | MSG_OOB));
}

int sp_poll_fd(int fd, int events, int timeout_ms) {
    short want = (short) ((events & SP_POLL_READ ? POLLIN : 0) | (events & SP_POLL_WRITE ? POLLOUT : 0));
    struct pollfd p = { .fd = fd, .events = want };
    SP_RETURN(poll(&p, 1, timeout_ms));
}
