/*
 * Socket options: each enum sp_option maps to the platform's level and name here, and only here.
 * Values cross as ints, except TCP_CONGESTION (a name) and TCP_INFO (a snapshot of counters).
 * An option this platform lacks is -ENOPROTOOPT, for set, get and sp_option_supported alike.
 */
#ifdef __APPLE__
#define __APPLE_USE_RFC_3542 1 /* IPV6_DONTFRAG */
#endif
#include "net.h"

#include <errno.h>
#include <stddef.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "platform.h"

#ifdef __linux__
#define PMTUDISC_WANT_ 1 /* the kernel's default: DF unless the route says otherwise */
#define PMTUDISC_DO_ 2   /* always DF: what the JDK calls IP_DONTFRAGMENT on */
#endif

/* Options with an IPv4 and an IPv6 form: 1 and the two names, or 0. */
static int ip_pair(int option, int *v4, int *v6) {
    switch (option) {
    case SP_OPT_IP_TOS:            *v4 = IP_TOS; *v6 = IPV6_TCLASS; return 1;
    case SP_OPT_IP_MULTICAST_IF:   *v4 = IP_MULTICAST_IF; *v6 = IPV6_MULTICAST_IF; return 1;
    case SP_OPT_IP_MULTICAST_TTL:  *v4 = IP_MULTICAST_TTL; *v6 = IPV6_MULTICAST_HOPS; return 1;
    case SP_OPT_IP_MULTICAST_LOOP: *v4 = IP_MULTICAST_LOOP; *v6 = IPV6_MULTICAST_LOOP; return 1;
#ifdef __linux__
    case SP_OPT_IP_MULTICAST_ALL:  *v4 = IP_MULTICAST_ALL; *v6 = IPV6_MULTICAST_ALL; return 1;
    case SP_OPT_IP_DONTFRAG:       *v4 = IP_MTU_DISCOVER; *v6 = IPV6_MTU_DISCOVER; return 1;
#elif defined(IP_DONTFRAG) && defined(IPV6_DONTFRAG)
    case SP_OPT_IP_DONTFRAG:       *v4 = IP_DONTFRAG; *v6 = IPV6_DONTFRAG; return 1;
#endif
    default: return 0;
    }
}

/* The BSDs take the IPv4 multicast TTL and loop flag as one byte. */
#ifdef __APPLE__
#define BYTE_SIZED(option) ((option) == SP_OPT_IP_MULTICAST_TTL || (option) == SP_OPT_IP_MULTICAST_LOOP)
#else
#define BYTE_SIZED(option) 0
#endif

/* Linux says "don't fragment" as a path MTU discovery mode: on is DO, off the default WANT. */
#ifdef __linux__
#define DONTFRAG_TO_KERNEL(v) ((v) ? PMTUDISC_DO_ : PMTUDISC_WANT_)
#define DONTFRAG_FROM_KERNEL(v) ((v) == PMTUDISC_DO_)
#else
#define DONTFRAG_TO_KERNEL(v) ((v) != 0)
#define DONTFRAG_FROM_KERNEL(v) ((v) != 0)
#endif

static int set_ipv4(int fd, int option, int name, int value) {
    if (option == SP_OPT_IP_MULTICAST_IF) { /* by interface index, as IPv6 does */
#ifdef __linux__
        struct ip_mreqn m;
        memset(&m, 0, sizeof m);
        m.imr_ifindex = value;
        SP_RETURN(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m));
#elif defined(IP_MULTICAST_IFINDEX)
        SP_RETURN(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IFINDEX, &value, sizeof value));
#else
        return -ENOPROTOOPT;
#endif
    }
    if (BYTE_SIZED(option)) {
        unsigned char b = (unsigned char) value;
        SP_RETURN(setsockopt(fd, IPPROTO_IP, name, &b, sizeof b));
    }
    SP_RETURN(setsockopt(fd, IPPROTO_IP, name, &value, sizeof value));
}

static int get_ipv4(int fd, int option, int name, int *value) {
    (void) option; /* only the BSDs look at it */
    if (BYTE_SIZED(option)) {
        unsigned char b = 0;
        socklen_t len = sizeof b;
        if (getsockopt(fd, IPPROTO_IP, name, &b, &len) < 0) return -errno;
        *value = b;
        return 0;
    }
    socklen_t len = sizeof *value;
    SP_RETURN(getsockopt(fd, IPPROTO_IP, name, value, &len));
}

static int level_and_name(int option, int *level, int *name) {
    switch (option) {
    case SP_OPT_TCP_NODELAY:  *level = IPPROTO_TCP; *name = TCP_NODELAY; return 0;
    case SP_OPT_SO_KEEPALIVE: *level = SOL_SOCKET;  *name = SO_KEEPALIVE; return 0;
    case SP_OPT_SO_RCVBUF:    *level = SOL_SOCKET;  *name = SO_RCVBUF; return 0;
    case SP_OPT_SO_SNDBUF:    *level = SOL_SOCKET;  *name = SO_SNDBUF; return 0;
    case SP_OPT_SO_REUSEADDR: *level = SOL_SOCKET;  *name = SO_REUSEADDR; return 0;
#ifdef SO_REUSEPORT
    case SP_OPT_SO_REUSEPORT: *level = SOL_SOCKET;  *name = SO_REUSEPORT; return 0;
#endif
    case SP_OPT_IPV6_V6ONLY:  *level = IPPROTO_IPV6; *name = IPV6_V6ONLY; return 0;
    case SP_OPT_SO_BROADCAST: *level = SOL_SOCKET;  *name = SO_BROADCAST; return 0;
    case SP_OPT_SO_OOBINLINE: *level = SOL_SOCKET;  *name = SO_OOBINLINE; return 0;
    case SP_OPT_TCP_KEEPINTVL: *level = IPPROTO_TCP; *name = TCP_KEEPINTVL; return 0;
    case SP_OPT_TCP_KEEPCNT:  *level = IPPROTO_TCP; *name = TCP_KEEPCNT; return 0;
#ifdef __linux__
    case SP_OPT_UDP_GRO:      *level = SOL_UDP;     *name = UDP_GRO; return 0;
    case SP_OPT_SO_RXQ_OVFL:  *level = SOL_SOCKET;  *name = SO_RXQ_OVFL; return 0;
    case SP_OPT_TCP_KEEPIDLE: *level = IPPROTO_TCP; *name = TCP_KEEPIDLE; return 0;
    case SP_OPT_TCP_QUICKACK: *level = IPPROTO_TCP; *name = TCP_QUICKACK; return 0;
    case SP_OPT_SO_INCOMING_NAPI_ID: *level = SOL_SOCKET; *name = SO_INCOMING_NAPI_ID; return 0;
    case SP_OPT_TCP_USER_TIMEOUT: *level = IPPROTO_TCP; *name = TCP_USER_TIMEOUT; return 0;
    case SP_OPT_TCP_FASTOPEN: *level = IPPROTO_TCP; *name = TCP_FASTOPEN; return 0;
    case SP_OPT_TCP_FASTOPEN_CONNECT: *level = IPPROTO_TCP; *name = TCP_FASTOPEN_CONNECT; return 0;
    case SP_OPT_TCP_CORK:     *level = IPPROTO_TCP; *name = TCP_CORK; return 0;
    case SP_OPT_SO_BUSY_POLL: *level = SOL_SOCKET;  *name = SO_BUSY_POLL; return 0;
#endif
#ifdef __APPLE__
    case SP_OPT_TCP_KEEPIDLE: *level = IPPROTO_TCP; *name = TCP_KEEPALIVE; return 0; /* macOS's name for it */
    case SP_OPT_TCP_CORK:     *level = IPPROTO_TCP; *name = TCP_NOPUSH; return 0;
#endif
#if defined(__linux__) || defined(TCP_NOTSENT_LOWAT)
    case SP_OPT_TCP_NOTSENT_LOWAT: *level = IPPROTO_TCP; *name = TCP_NOTSENT_LOWAT; return 0;
#endif
    default: return -ENOPROTOOPT;
    }
}

int sp_option_supported(int option) {
    int level, name;
    if (ip_pair(option, &level, &name) || option == SP_OPT_SO_LINGER) return 1;
#ifdef __linux__
    if (option == SP_OPT_TCP_CONGESTION || option == SP_OPT_TCP_INFO) return 1;
#endif
    return level_and_name(option, &level, &name) == 0;
}

int sp_set_option(int fd, int option, int value) {
    int v4, v6;
    if (ip_pair(option, &v4, &v6)) { /* a dual-stack socket carries both kinds of traffic: set both */
        if (option == SP_OPT_IP_DONTFRAG) value = DONTFRAG_TO_KERNEL(value);
        int rc6 = setsockopt(fd, IPPROTO_IPV6, v6, &value, sizeof value);
        int rc4 = set_ipv4(fd, option, v4, value);
        return rc4 == 0 || rc6 == 0 ? 0 : rc4;
    }
    if (option == SP_OPT_SO_LINGER) {
        struct linger l = { .l_onoff = value >= 0, .l_linger = value >= 0 ? value : 0 };
        SP_RETURN(setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l));
    }
    int level, name;
    int rc = level_and_name(option, &level, &name);
    if (rc < 0) return rc;
    SP_RETURN(setsockopt(fd, level, name, &value, sizeof value));
}

int sp_get_option(int fd, int option, int *value) {
    if (option == SP_OPT_SO_LINGER) {
        struct linger l;
        socklen_t len = sizeof l;
        if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) < 0) return -errno;
        *value = l.l_onoff ? l.l_linger : -1;
        return 0;
    }
    socklen_t len = sizeof *value;
    int v4, v6;
    if (ip_pair(option, &v4, &v6)) {
        int rc = getsockopt(fd, IPPROTO_IPV6, v6, value, &len) == 0 ? 0
                : option == SP_OPT_IP_MULTICAST_IF ? -ENOPROTOOPT : get_ipv4(fd, option, v4, value);
        if (rc == 0 && option == SP_OPT_IP_DONTFRAG) *value = DONTFRAG_FROM_KERNEL(*value);
        return rc;
    }
    int level, name;
    int rc = level_and_name(option, &level, &name);
    if (rc < 0) return rc;
    if (getsockopt(fd, level, name, value, &len) < 0) return -errno;
#ifdef __linux__
    /* Linux reports twice the buffer size set (room for its bookkeeping); say what was set, as the JDK does. */
    if (option == SP_OPT_SO_RCVBUF || option == SP_OPT_SO_SNDBUF) *value /= 2;
#endif
    return 0;
}

int sp_get_congestion(int fd, char *name, int size) {
#ifdef __linux__
    socklen_t len = (socklen_t) size;
    if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len) < 0) return -errno;
    return (int) strnlen(name, len);
#else
    (void) fd; (void) name; (void) size;
    return -ENOPROTOOPT;
#endif
}

int sp_set_congestion(int fd, const char *name, int length) {
#ifdef __linux__
    SP_RETURN(setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, (socklen_t) length));
#else
    (void) fd; (void) name; (void) length;
    return -ENOPROTOOPT;
#endif
}

#ifdef __linux__
/* The kernel's struct tcp_info (include/uapi/linux/tcp.h, through Linux 5.4): glibc's lags behind it. */
struct sp_kernel_tcp_info {
    uint8_t state, ca_state, retransmits, probes, backoff, options, wscale, app_limited;
    uint32_t rto, ato, snd_mss, rcv_mss;
    uint32_t unacked, sacked, lost, retrans, fackets;
    uint32_t last_data_sent, last_ack_sent, last_data_recv, last_ack_recv;
    uint32_t pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd, advmss, reordering;
    uint32_t rcv_rtt, rcv_space;
    uint32_t total_retrans;
    uint64_t pacing_rate, max_pacing_rate, bytes_acked, bytes_received;
    uint32_t segs_out, segs_in;
    uint32_t notsent_bytes, min_rtt, data_segs_in, data_segs_out;
    uint64_t delivery_rate;
    uint64_t busy_time, rwnd_limited, sndbuf_limited;
    uint32_t delivered, delivered_ce;
    uint64_t bytes_sent, bytes_retrans;
    uint32_t dsack_dups, reord_seen;
};
#endif

int sp_tcp_info(int fd, int64_t out[SP_TCP_INFO_FIELDS]) {
    memset(out, 0, SP_TCP_INFO_FIELDS * sizeof out[0]);
#ifdef __linux__
    struct sp_kernel_tcp_info t;
    memset(&t, 0, sizeof t); /* an older kernel fills less: the rest reads 0 */
    socklen_t len = sizeof t;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &t, &len) < 0) return -errno;
    /* Less than Linux 2.6's struct (through total_retrans) is no real TCP_INFO: qemu-user passes on an int. */
    if (len < offsetof(struct sp_kernel_tcp_info, total_retrans) + sizeof t.total_retrans) return -ENOPROTOOPT;
    int64_t v[SP_TCP_INFO_FIELDS] = {
        t.state, t.ca_state, t.retransmits, t.probes, t.backoff, t.options, t.rto, t.ato, t.snd_mss, t.rcv_mss,
        t.unacked, t.sacked, t.lost, t.retrans, t.last_data_sent, t.last_data_recv, t.last_ack_recv, t.pmtu,
        t.rcv_ssthresh, t.rtt, t.rttvar, t.snd_ssthresh, t.snd_cwnd, t.advmss, t.reordering, t.rcv_rtt,
        t.rcv_space, t.total_retrans, (int64_t) t.pacing_rate, (int64_t) t.bytes_acked,
        (int64_t) t.bytes_received, t.segs_out, t.segs_in, t.notsent_bytes, t.min_rtt,
        (int64_t) t.delivery_rate, (int64_t) t.busy_time, (int64_t) t.bytes_sent, (int64_t) t.bytes_retrans,
        t.delivered,
    };
    memcpy(out, v, sizeof v);
    return SP_TCP_INFO_FIELDS;
#else
    (void) fd;
    return -ENOPROTOOPT;
#endif
}
