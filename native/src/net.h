/*
 * Socket syscalls shared by TCP, UDP and UNIX-domain sockets. Each returns its result (>= 0) or a
 * negative errno. Sockets are created non-blocking and close-on-exec; writes never raise SIGPIPE.
 */
#ifndef SPINDLE_NET_H
#define SPINDLE_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sys/socket.h>

/*
 * Addresses cross to Java as SP_ADDR_SIZE bytes, so Java needs no sockaddr layout.
 * IP: [0] SP_FAMILY_IPV4 or SP_FAMILY_IPV6, [1] 0, [2..3] port (big-endian), [4..7]
 * IPv6 scope id (big-endian), [8..23] the address (4 or 16 bytes).
 * UNIX: [0] SP_FAMILY_UNIX, [1] 0, [2..3] path length in bytes (big-endian; 0 for an
 * unnamed socket), [4..] the path, not NUL-terminated; a leading NUL byte is Linux's
 * abstract namespace. [0] SP_FAMILY_NONE: no address (a datagram to the connected peer).
 */
#define SP_ADDR_SIZE 112
#define SP_UNIX_PATH_MAX (SP_ADDR_SIZE - 4)

/* Address families: of sp_socket, and the first byte of an address. */
#define SP_FAMILY_NONE 0
#define SP_FAMILY_UNIX 1
#define SP_FAMILY_IPV4 4
#define SP_FAMILY_IPV6 6

/* Socket types of sp_socket. */
#define SP_STREAM 1
#define SP_DATAGRAM 2

/* Socket options Java can name; C maps them to the platform's level and name. */
enum sp_option {
    SP_OPT_TCP_NODELAY = 1,
    SP_OPT_SO_KEEPALIVE,
    SP_OPT_SO_RCVBUF,
    SP_OPT_SO_SNDBUF,
    SP_OPT_SO_LINGER,      /* seconds, or -1 for off */
    SP_OPT_SO_REUSEADDR,
    SP_OPT_SO_REUSEPORT,
    SP_OPT_IPV6_V6ONLY,
    SP_OPT_IP_TOS,         /* IP_TOS, and IPV6_TCLASS on IPv6 sockets */
    SP_OPT_SO_BROADCAST,
    /* The multicast options set both forms on a dual-stack socket, as SP_OPT_IP_TOS does. */
    SP_OPT_IP_MULTICAST_IF,   /* an interface index; get answers for IPv6 (IPv4's getter gives an address) */
    SP_OPT_IP_MULTICAST_TTL,  /* and IPV6_MULTICAST_HOPS */
    SP_OPT_IP_MULTICAST_LOOP, /* and IPV6_MULTICAST_LOOP */
    SP_OPT_UDP_GRO,           /* Linux 5.0+; -ENOPROTOOPT elsewhere */
    SP_OPT_SO_RXQ_OVFL,       /* Linux: a drop counter on received datagrams; -ENOPROTOOPT elsewhere */
    SP_OPT_IP_MULTICAST_ALL,  /* Linux (both forms): 0 limits a socket to the groups it joined itself */
    /* jdk.net.ExtendedSocketOptions */
    SP_OPT_TCP_KEEPIDLE,      /* seconds; macOS calls it TCP_KEEPALIVE */
    SP_OPT_TCP_KEEPINTVL,
    SP_OPT_TCP_KEEPCNT,
    SP_OPT_TCP_QUICKACK,      /* Linux */
    SP_OPT_SO_INCOMING_NAPI_ID, /* Linux, read only */
    SP_OPT_SO_OOBINLINE,
    SP_OPT_IP_DONTFRAG,       /* 0 or 1, both forms; Linux: IP_MTU_DISCOVER DO (1) or WANT (0) */
    /* Spindle's own */
    SP_OPT_TCP_USER_TIMEOUT,  /* Linux, milliseconds */
    SP_OPT_TCP_FASTOPEN,      /* Linux, a listener's queue of pending fast-open requests */
    SP_OPT_TCP_FASTOPEN_CONNECT, /* Linux 4.11+: connect waits for the first write, which rides the SYN */
    SP_OPT_TCP_CORK,          /* TCP_CORK on Linux, TCP_NOPUSH on macOS */
    SP_OPT_TCP_NOTSENT_LOWAT,
    SP_OPT_SO_BUSY_POLL,      /* Linux, microseconds */
    SP_OPT_TCP_CONGESTION,    /* Linux; a name: sp_get_congestion/sp_set_congestion only */
    SP_OPT_TCP_INFO,          /* Linux; read only: sp_tcp_info only */
};

/* How many values sp_tcp_info writes, in the order of TcpInfo.java's record components. */
#define SP_TCP_INFO_FIELDS 40

int sp_socket(int family, int type);      /* family: SP_FAMILY_IPV4, _IPV6 or _UNIX; type: SP_STREAM or SP_DATAGRAM */
/* For the other socket files: the byte form to a sockaddr (0 if malformed), and back. */
socklen_t sp_to_sockaddr(const uint8_t *addr, struct sockaddr_storage *ss);
int sp_from_sockaddr(const struct sockaddr_storage *ss, socklen_t len, uint8_t *addr);
/* Makes a new fd (from socket, accept, socketpair, recvmsg) close-on-exec, non-blocking and SIGPIPE-free where the call could not; closes it on failure. */
int sp_configured_fd(int fd);
int sp_bind(int fd, const uint8_t *addr);
int sp_listen(int fd, int backlog);
int sp_connect(int fd, const uint8_t *addr);
int sp_accept(int fd);
int sp_local_address(int fd, uint8_t *addr);
int sp_peer_address(int fd, uint8_t *addr);
int sp_socket_error(int fd);              /* pending SO_ERROR as a positive errno, or 0 */
int sp_available(int fd);                 /* bytes readable now without blocking (FIONREAD) */

/* Transfers follow the fd's mode: they block only on a blocking fd. */
ssize_t sp_read(int fd, void *buf, size_t len);
ssize_t sp_write(int fd, const void *buf, size_t len);
ssize_t sp_readv(int fd, const void *iov, int iovcnt);
ssize_t sp_writev(int fd, const void *iov, int iovcnt);
/* Never block, even on a blocking fd: -EAGAIN instead (MSG_DONTWAIT). For pinned memory. */
ssize_t sp_read_nowait(int fd, void *buf, size_t len);
ssize_t sp_write_nowait(int fd, const void *buf, size_t len);
ssize_t sp_writev_nowait(int fd, const void *iov, int iovcnt);

int sp_set_blocking(int fd, int blocking); /* clears or sets O_NONBLOCK */

/* Which directions sp_shutdown closes. */
#define SP_SHUT_INPUT 0
#define SP_SHUT_OUTPUT 1
#define SP_SHUT_BOTH 2
int sp_shutdown(int fd, int how);
/* One byte of TCP urgent data (MSG_OOB), as java.net's Socket.sendUrgentData sends it; follows the fd's mode. */
int sp_send_urgent(int fd, int byte);
int sp_close(int fd);
/* Readiness sp_poll_fd waits for. */
#define SP_POLL_READ 1
#define SP_POLL_WRITE 2
/* Waits in the kernel for readiness of one fd (poll(2)); events: SP_POLL_* bits. */
int sp_poll_fd(int fd, int events, int timeout_ms);

int sp_set_option(int fd, int option, int value);
int sp_get_option(int fd, int option, int *value);
/* 1 if this platform has the option, else 0 (a kernel may still refuse it at runtime). */
int sp_option_supported(int option);
/* The congestion control algorithm's name into name[size]: its length, or a negative errno. */
int sp_get_congestion(int fd, char *name, int size);
int sp_set_congestion(int fd, const char *name, int length);
/* A snapshot of the connection's TCP_INFO into out: SP_TCP_INFO_FIELDS, or a negative errno. */
int sp_tcp_info(int fd, int64_t out[SP_TCP_INFO_FIELDS]);

#endif
