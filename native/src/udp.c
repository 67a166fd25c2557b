/* UDP syscalls (udp.h). No policy: Java decides what an errno means. */
#include "udp.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "platform.h"

#ifdef __linux__
#define HAVE_MMSG 1
#else
/* No recvmmsg/sendmmsg (macOS): the same header shape, filled one msghdr at a time. */
struct mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};
#endif

_Static_assert(sizeof(struct sp_udp_slot) == SP_UDP_SLOT_SIZE, "slot layout shared with Java");

/* A slot's kernel-facing parts besides its header; control fits GRO + SO_RXQ_OVFL, or UDP_SEGMENT. */
struct msg_parts {
    struct iovec iov;
    struct sockaddr_storage name;
    union {
        struct cmsghdr align;
        char buf[64];
    } control;
};

size_t sp_udp_scratch_size(void) { return sizeof(struct mmsghdr) + sizeof(struct msg_parts); }

/* The scratch of a call: count headers (contiguous, as recvmmsg wants them), then count parts. */
static struct msg_parts *parts_of(void *scratch, int count) {
    return (struct msg_parts *) ((char *) scratch + (size_t) count * sizeof(struct mmsghdr));
}

static int transfer_flags(int flags) { return flags & SP_UDP_NOWAIT ? MSG_DONTWAIT : 0; }

/* ---- receiving ---- */

static void prepare_recv(struct msghdr *m, struct msg_parts *p, char *buf, int len) {
    memset(m, 0, sizeof *m);
    p->iov.iov_base = buf;
    p->iov.iov_len = (size_t) len;
    m->msg_name = &p->name;
    m->msg_namelen = sizeof p->name;
    m->msg_iov = &p->iov;
    m->msg_iovlen = 1;
    m->msg_control = p->control.buf;
    m->msg_controllen = sizeof p->control.buf;
}

static void finish_recv(struct sp_udp_slot *s, struct msghdr *m, size_t len) {
    s->length = (int32_t) len;
    s->flags = m->msg_flags & MSG_TRUNC ? SP_UDP_TRUNCATED : 0;
    s->segment = 0;
    s->drops = 0;
#ifdef __linux__
/* musl's CMSG_NXTHDR compares signed with unsigned inside the macro. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
            int size;
            memcpy(&size, CMSG_DATA(c), sizeof size);
            s->segment = size;
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
            memcpy(&s->drops, CMSG_DATA(c), sizeof s->drops);
        }
    }
#pragma GCC diagnostic pop
#endif
    if (m->msg_namelen == 0 || sp_from_sockaddr(m->msg_name, m->msg_namelen, s->addr) < 0)
        memset(s->addr, 0, SP_ADDR_SIZE);
}

int sp_udp_recv(int fd, struct sp_udp_slot *slots, void *scratch, char *data, int stride, int count, int flags) {
    if (count <= 0 || stride < 0) return -EINVAL;
    struct mmsghdr *h = scratch;
    struct msg_parts *p = parts_of(scratch, count);
    for (int i = 0; i < count; i++) prepare_recv(&h[i].msg_hdr, &p[i], data + (size_t) i * (size_t) stride, stride);
    int how = transfer_flags(flags);
#ifdef HAVE_MMSG
    if (count > 1) {
        int n = recvmmsg(fd, h, (unsigned) count, how | MSG_WAITFORONE, NULL);
        if (n < 0) return -errno;
        for (int i = 0; i < n; i++) finish_recv(&slots[i], &h[i].msg_hdr, h[i].msg_len);
        return n;
    }
#endif
    int n = 0;
    for (; n < count; n++) { /* after the first datagram, only what is queued already */
        ssize_t r = recvmsg(fd, &h[n].msg_hdr, n == 0 ? how : MSG_DONTWAIT);
        if (r < 0) return n > 0 ? n : -errno;
        finish_recv(&slots[n], &h[n].msg_hdr, (size_t) r);
    }
    return n;
}

/* ---- sending ---- */

/* 0, or a negative errno if the slot cannot be sent as described. */
static int prepare_send(struct msghdr *m, struct msg_parts *p, const struct sp_udp_slot *s, const char *buf) {
    memset(m, 0, sizeof *m);
    if (s->length < 0 || s->segment < 0) return -EINVAL;
    p->iov.iov_base = (void *) buf;
    p->iov.iov_len = (size_t) s->length;
    m->msg_iov = &p->iov;
    m->msg_iovlen = 1;
    if (s->addr[0] != SP_FAMILY_NONE) {
        socklen_t len = sp_to_sockaddr(s->addr, &p->name);
        if (len == 0) return -EAFNOSUPPORT;
        m->msg_name = &p->name;
        m->msg_namelen = len;
    }
    if (s->segment > 0) {
#ifdef __linux__
        uint16_t size = (uint16_t) s->segment;
        if (s->segment > UINT16_MAX) return -EINVAL;
        m->msg_control = p->control.buf;
        m->msg_controllen = CMSG_SPACE(sizeof size);
        struct cmsghdr *c = CMSG_FIRSTHDR(m);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof size);
        memcpy(CMSG_DATA(c), &size, sizeof size);
#else
        return -EOPNOTSUPP;
#endif
    }
    return 0;
}

int sp_udp_send(int fd, const struct sp_udp_slot *slots, void *scratch, const char *data, int stride, int count,
                int flags) {
    if (count <= 0 || stride < 0) return -EINVAL;
    struct mmsghdr *h = scratch;
    struct msg_parts *p = parts_of(scratch, count);
    for (int i = 0; i < count; i++) {
        int rc = prepare_send(&h[i].msg_hdr, &p[i], &slots[i], data + (size_t) i * (size_t) stride);
        if (rc < 0) {
            if (i == 0) return rc;
            count = i; /* send the good ones; the caller meets the error on its next call */
            break;
        }
    }
    int how = transfer_flags(flags) | SP_SEND_FLAGS;
#ifdef HAVE_MMSG
    if (count > 1) {
        SP_RETURN(sendmmsg(fd, h, (unsigned) count, how));
    }
#endif
    int n = 0;
    for (; n < count; n++) {
        if (sendmsg(fd, &h[n].msg_hdr, how) < 0) return n > 0 ? n : -errno;
    }
    return n;
}

int sp_udp_disconnect(int fd) {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_family = AF_UNSPEC;
    if (connect(fd, (struct sockaddr *) &ss, sizeof(struct sockaddr_in6)) == 0) return 0;
#ifdef __APPLE__
    if (errno == EAFNOSUPPORT) return 0; /* the BSDs dissolve the association, then report the family */
#endif
    return -errno;
}

int sp_udp_offload_support(void) {
    int support = 0;
#ifdef __linux__
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) return -errno;
    int value = 0, one = 1;
    socklen_t len = sizeof value;
    if (getsockopt(fd, SOL_UDP, UDP_SEGMENT, &value, &len) == 0) support |= SP_UDP_GSO;
    if (setsockopt(fd, SOL_UDP, UDP_GRO, &one, sizeof one) == 0) support |= SP_UDP_GRO;
    close(fd);
#endif
    return support;
}

/* ---- multicast ---- */

#ifdef MCAST_JOIN_GROUP
/* The group or source as a sockaddr; the BSDs also want its length inside. */
static int group_address(const uint8_t *addr, struct sockaddr_storage *ss) {
    socklen_t len = sp_to_sockaddr(addr, ss);
    if (len == 0 || addr[0] == SP_FAMILY_UNIX) return -EINVAL;
#ifdef __APPLE__
    ss->ss_len = (uint8_t) len;
#endif
    return 0;
}

static int source_option(int op) {
    switch (op) {
    case SP_MCAST_JOIN_SOURCE: return MCAST_JOIN_SOURCE_GROUP;
    case SP_MCAST_LEAVE_SOURCE: return MCAST_LEAVE_SOURCE_GROUP;
    case SP_MCAST_BLOCK: return MCAST_BLOCK_SOURCE;
    case SP_MCAST_UNBLOCK: return MCAST_UNBLOCK_SOURCE;
    default: return -1;
    }
}
#endif

int sp_udp_membership(int fd, int op, const uint8_t *group, int ifindex, const uint8_t *source) {
#ifdef MCAST_JOIN_GROUP
    /* An IPv4 group on a dual-stack socket is still joined at the IPv4 level (Linux allows it). */
    int level = group[0] == SP_FAMILY_IPV4 ? IPPROTO_IP : IPPROTO_IPV6;
    if (op == SP_MCAST_JOIN || op == SP_MCAST_LEAVE) {
        struct group_req r;
        memset(&r, 0, sizeof r);
        r.gr_interface = (uint32_t) ifindex;
        if (group_address(group, &r.gr_group) < 0) return -EINVAL;
        int name = op == SP_MCAST_JOIN ? MCAST_JOIN_GROUP : MCAST_LEAVE_GROUP;
        SP_RETURN(setsockopt(fd, level, name, &r, sizeof r));
    }
    int name = source_option(op);
    if (name < 0) return -EINVAL;
    struct group_source_req r;
    memset(&r, 0, sizeof r);
    r.gsr_interface = (uint32_t) ifindex;
    if (group_address(group, &r.gsr_group) < 0 || group_address(source, &r.gsr_source) < 0) return -EINVAL;
    SP_RETURN(setsockopt(fd, level, name, &r, sizeof r));
#else
    (void) fd; (void) op; (void) group; (void) ifindex; (void) source;
    return -EOPNOTSUPP;
#endif
}
