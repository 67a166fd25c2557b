/*
 * The library's constants, which Java reads once through Native.constant(id) instead of copying
 * them: errno values, the poller's event layout and masks, and net.h's families, socket types,
 * directions and option ids. The ids are shared with Native.java.
 */
#include <errno.h>
#include <jni.h>
#include <limits.h>
#include <sys/uio.h>

#include "jni_common.h"
#include "net.h"
#include "poller.h"

enum {
    C_EAGAIN, C_EINTR, C_EINPROGRESS, C_EALREADY, C_EISCONN, C_ECONNREFUSED, C_ECONNRESET,
    C_EPIPE, C_EADDRINUSE, C_EADDRNOTAVAIL, C_ETIMEDOUT, C_EHOSTUNREACH, C_ENETUNREACH,
    C_EMFILE, C_ENFILE, C_ENOTCONN, C_ECONNABORTED, C_ENOPROTOOPT, C_ENOENT, C_EINVAL, C_ENOSYS, C_EOPNOTSUPP, C_ENOTSUP,
    C_EVENT_SIZE = 100, C_EVENT_TOKEN_OFFSET, C_EVENT_BITS_OFFSET, C_EVENT_READ_MASK,
    C_EVENT_WRITE_MASK, C_ADDR_SIZE, C_IOV_SIZE, C_IOV_MAX, C_SHORT_READ_DRAINS,
    C_EVENT_EXCEPTIONAL_MASK,
    C_FAMILY_NONE = 200, C_FAMILY_UNIX, C_FAMILY_IPV4, C_FAMILY_IPV6, C_STREAM, C_DATAGRAM, C_SEL_READ,
    C_SEL_WRITE, C_SHUT_INPUT, C_SHUT_OUTPUT, C_SHUT_BOTH, C_POLL_READ, C_POLL_WRITE, C_TCP_INFO_FIELDS,
    C_OPT_TCP_NODELAY = 300, C_OPT_SO_KEEPALIVE, C_OPT_SO_RCVBUF, C_OPT_SO_SNDBUF, C_OPT_SO_LINGER,
    C_OPT_SO_REUSEADDR, C_OPT_SO_REUSEPORT, C_OPT_IPV6_V6ONLY, C_OPT_IP_TOS, C_OPT_SO_BROADCAST,
    C_OPT_IP_MULTICAST_IF, C_OPT_IP_MULTICAST_TTL, C_OPT_IP_MULTICAST_LOOP, C_OPT_UDP_GRO, C_OPT_SO_RXQ_OVFL,
    C_OPT_IP_MULTICAST_ALL, C_OPT_TCP_KEEPIDLE, C_OPT_TCP_KEEPINTVL, C_OPT_TCP_KEEPCNT, C_OPT_TCP_QUICKACK,
    C_OPT_SO_INCOMING_NAPI_ID, C_OPT_SO_OOBINLINE, C_OPT_IP_DONTFRAG, C_OPT_TCP_USER_TIMEOUT,
    C_OPT_TCP_FASTOPEN, C_OPT_TCP_FASTOPEN_CONNECT, C_OPT_TCP_CORK, C_OPT_TCP_NOTSENT_LOWAT,
    C_OPT_SO_BUSY_POLL, C_OPT_TCP_CONGESTION, C_OPT_TCP_INFO,
};

jint JNICALL sp_jni_constant(JNIEnv *env, jclass c, jint id) {
    (void) env; (void) c;
    switch (id) {
    case C_EAGAIN: return EAGAIN;
    case C_EINTR: return EINTR;
    case C_EINPROGRESS: return EINPROGRESS;
    case C_EALREADY: return EALREADY;
    case C_EISCONN: return EISCONN;
    case C_ECONNREFUSED: return ECONNREFUSED;
    case C_ECONNRESET: return ECONNRESET;
    case C_EPIPE: return EPIPE;
    case C_EADDRINUSE: return EADDRINUSE;
    case C_EADDRNOTAVAIL: return EADDRNOTAVAIL;
    case C_ETIMEDOUT: return ETIMEDOUT;
    case C_EHOSTUNREACH: return EHOSTUNREACH;
    case C_ENETUNREACH: return ENETUNREACH;
    case C_EMFILE: return EMFILE;
    case C_ENFILE: return ENFILE;
    case C_ENOTCONN: return ENOTCONN;
    case C_ECONNABORTED: return ECONNABORTED;
    case C_ENOPROTOOPT: return ENOPROTOOPT;
    case C_ENOENT: return ENOENT;
    case C_EINVAL: return EINVAL;
    case C_ENOSYS: return ENOSYS;
    case C_EOPNOTSUPP: return EOPNOTSUPP;
    case C_ENOTSUP: return ENOTSUP; /* not EOPNOTSUPP on macOS */
    case C_EVENT_SIZE: return sp_event_size();
    case C_EVENT_TOKEN_OFFSET: return sp_event_token_offset();
    case C_EVENT_BITS_OFFSET: return sp_event_bits_offset();
    case C_EVENT_READ_MASK: return (jint) sp_event_read_mask();
    case C_EVENT_WRITE_MASK: return (jint) sp_event_write_mask();
    case C_ADDR_SIZE: return SP_ADDR_SIZE;
    case C_IOV_SIZE: return (jint) sizeof(struct iovec);
    case C_IOV_MAX: return IOV_MAX;
    case C_SHORT_READ_DRAINS: return sp_short_read_drains();
    case C_EVENT_EXCEPTIONAL_MASK: return (jint) sp_event_exceptional_mask();
    case C_FAMILY_NONE: return SP_FAMILY_NONE;
    case C_FAMILY_UNIX: return SP_FAMILY_UNIX;
    case C_FAMILY_IPV4: return SP_FAMILY_IPV4;
    case C_FAMILY_IPV6: return SP_FAMILY_IPV6;
    case C_STREAM: return SP_STREAM;
    case C_DATAGRAM: return SP_DATAGRAM;
    case C_SEL_READ: return SP_SEL_READ;
    case C_SEL_WRITE: return SP_SEL_WRITE;
    case C_SHUT_INPUT: return SP_SHUT_INPUT;
    case C_SHUT_OUTPUT: return SP_SHUT_OUTPUT;
    case C_SHUT_BOTH: return SP_SHUT_BOTH;
    case C_POLL_READ: return SP_POLL_READ;
    case C_POLL_WRITE: return SP_POLL_WRITE;
    case C_TCP_INFO_FIELDS: return SP_TCP_INFO_FIELDS;
    case C_OPT_TCP_NODELAY: return SP_OPT_TCP_NODELAY;
    case C_OPT_SO_KEEPALIVE: return SP_OPT_SO_KEEPALIVE;
    case C_OPT_SO_RCVBUF: return SP_OPT_SO_RCVBUF;
    case C_OPT_SO_SNDBUF: return SP_OPT_SO_SNDBUF;
    case C_OPT_SO_LINGER: return SP_OPT_SO_LINGER;
    case C_OPT_SO_REUSEADDR: return SP_OPT_SO_REUSEADDR;
    case C_OPT_SO_REUSEPORT: return SP_OPT_SO_REUSEPORT;
    case C_OPT_IPV6_V6ONLY: return SP_OPT_IPV6_V6ONLY;
    case C_OPT_IP_TOS: return SP_OPT_IP_TOS;
    case C_OPT_SO_BROADCAST: return SP_OPT_SO_BROADCAST;
    case C_OPT_IP_MULTICAST_IF: return SP_OPT_IP_MULTICAST_IF;
    case C_OPT_IP_MULTICAST_TTL: return SP_OPT_IP_MULTICAST_TTL;
    case C_OPT_IP_MULTICAST_LOOP: return SP_OPT_IP_MULTICAST_LOOP;
    case C_OPT_UDP_GRO: return SP_OPT_UDP_GRO;
    case C_OPT_SO_RXQ_OVFL: return SP_OPT_SO_RXQ_OVFL;
    case C_OPT_IP_MULTICAST_ALL: return SP_OPT_IP_MULTICAST_ALL;
    case C_OPT_TCP_KEEPIDLE: return SP_OPT_TCP_KEEPIDLE;
    case C_OPT_TCP_KEEPINTVL: return SP_OPT_TCP_KEEPINTVL;
    case C_OPT_TCP_KEEPCNT: return SP_OPT_TCP_KEEPCNT;
    case C_OPT_TCP_QUICKACK: return SP_OPT_TCP_QUICKACK;
    case C_OPT_SO_INCOMING_NAPI_ID: return SP_OPT_SO_INCOMING_NAPI_ID;
    case C_OPT_SO_OOBINLINE: return SP_OPT_SO_OOBINLINE;
    case C_OPT_IP_DONTFRAG: return SP_OPT_IP_DONTFRAG;
    case C_OPT_TCP_USER_TIMEOUT: return SP_OPT_TCP_USER_TIMEOUT;
    case C_OPT_TCP_FASTOPEN: return SP_OPT_TCP_FASTOPEN;
    case C_OPT_TCP_FASTOPEN_CONNECT: return SP_OPT_TCP_FASTOPEN_CONNECT;
    case C_OPT_TCP_CORK: return SP_OPT_TCP_CORK;
    case C_OPT_TCP_NOTSENT_LOWAT: return SP_OPT_TCP_NOTSENT_LOWAT;
    case C_OPT_SO_BUSY_POLL: return SP_OPT_SO_BUSY_POLL;
    case C_OPT_TCP_CONGESTION: return SP_OPT_TCP_CONGESTION;
    case C_OPT_TCP_INFO: return SP_OPT_TCP_INFO;
    default: return SP_NO_CONSTANT;
    }
}
