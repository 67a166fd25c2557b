/*
 * What the syscall files share beyond the C library: the one way a call reports failure, the send
 * flags that keep a write from raising SIGPIPE, and the kernel's constants that old C library
 * headers lack. Include it after the system headers, so theirs are the definitions that count.
 */
#ifndef SPINDLE_PLATFORM_H
#define SPINDLE_PLATFORM_H

#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

/* Returns a syscall's result, or the negated errno if it failed: every sp_* call's contract. */
#define SP_RETURN(expr) do { ssize_t r_ = (expr); return r_ < 0 ? -errno : r_; } while (0)

/* For every send: no SIGPIPE on a closed peer. macOS has no MSG_NOSIGNAL: SO_NOSIGPIPE is set on its sockets. */
#ifdef MSG_NOSIGNAL
#define SP_SEND_FLAGS MSG_NOSIGNAL
#else
#define SP_SEND_FLAGS 0
#endif

#ifdef __linux__
/* The kernel's values (include/uapi): glibc 2.17's headers, the oldest the build targets, lack them. */
#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif
#ifndef SO_RXQ_OVFL
#define SO_RXQ_OVFL 40
#endif
#ifndef SO_BUSY_POLL
#define SO_BUSY_POLL 46
#endif
#ifndef SO_INCOMING_NAPI_ID
#define SO_INCOMING_NAPI_ID 56
#endif
#ifndef IP_MULTICAST_ALL
#define IP_MULTICAST_ALL 49
#endif
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif
#ifndef IP_MTU_DISCOVER
#define IP_MTU_DISCOVER 10
#endif
#ifndef IPV6_MTU_DISCOVER
#define IPV6_MTU_DISCOVER 23
#endif
#ifndef TCP_INFO
#define TCP_INFO 11
#endif
#ifndef TCP_QUICKACK
#define TCP_QUICKACK 12
#endif
#ifndef TCP_CONGESTION
#define TCP_CONGESTION 13
#endif
#ifndef TCP_USER_TIMEOUT
#define TCP_USER_TIMEOUT 18
#endif
#ifndef TCP_FASTOPEN
#define TCP_FASTOPEN 23
#endif
#ifndef TCP_NOTSENT_LOWAT
#define TCP_NOTSENT_LOWAT 25
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif
#endif

#endif
