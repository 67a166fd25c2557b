/*
 * UDP: datagrams one at a time or in batches, offload (GSO/GRO) and multicast membership.
 * Each call returns its result (>= 0) or a negative errno, like net.h.
 *
 * A transfer names its datagrams by slots: slot i describes the datagram whose bytes are at
 * data + i * stride. Java owns all the memory: the slots, the kernel scratch (message headers,
 * iovecs, sockaddrs and control buffers, SP_UDP_SCRATCH_SIZE bytes per slot, rebuilt on every
 * call) and the data, so a call allocates nothing and keeps no big arrays on the stack.
 */
#ifndef SPINDLE_UDP_H
#define SPINDLE_UDP_H

#include <stdint.h>
#include <sys/types.h>

#include "net.h"

/* One datagram; 128 bytes, offsets shared with Java (NativeConstants.java). */
struct sp_udp_slot {
    /* send: bytes to send. receive: bytes stored (at most stride). */
    int32_t length;
    /* send: the GSO segment size (0: one datagram). receive: the GRO segment size (0: not coalesced). */
    int32_t segment;
    /* receive: SP_UDP_TRUNCATED if the datagram did not fit in stride bytes. */
    int32_t flags;
    /* receive: the socket's drop counter (SO_RXQ_OVFL) when the kernel attached it, else 0. */
    uint32_t drops;
    /* send: the target, or family 0 for the connected peer. receive: the source. */
    uint8_t addr[SP_ADDR_SIZE];
};

#define SP_UDP_SLOT_SIZE 128
#define SP_UDP_TRUNCATED 1

/* Flags of a transfer. */
#define SP_UDP_NOWAIT 1   /* never block, even on a blocking fd (MSG_DONTWAIT): for pinned memory */

/* Kernel scratch per slot: see the top. */
size_t sp_udp_scratch_size(void);

/*
 * Receives up to count datagrams: recvmmsg on Linux, waiting (on a blocking fd) for the first only
 * (MSG_WAITFORONE); elsewhere a loop of recvmsg that stops at the first EAGAIN after a datagram.
 * Returns how many slots were filled, or a negative errno if none was.
 */
int sp_udp_recv(int fd, struct sp_udp_slot *slots, void *scratch, char *data, int stride, int count, int flags);

/*
 * Sends slots [0, count): sendmmsg on Linux, else a loop of sendmsg. Returns how many were sent
 * (possibly fewer than count), or a negative errno if none was. A slot with segment > 0 is split
 * by the kernel (UDP_SEGMENT): -EOPNOTSUPP where the OS has no GSO.
 */
int sp_udp_send(int fd, const struct sp_udp_slot *slots, void *scratch, const char *data, int stride, int count,
                int flags);

/* Dissolves the association made by connect (connect to AF_UNSPEC). */
int sp_udp_disconnect(int fd);

/* What the kernel supports, probed on a throwaway socket. */
#define SP_UDP_GSO 1
#define SP_UDP_GRO 2
int sp_udp_offload_support(void);

/* Multicast membership operations: group_req / group_source_req on the group's IP level. */
enum sp_udp_membership {
    SP_MCAST_JOIN = 1, SP_MCAST_LEAVE, SP_MCAST_JOIN_SOURCE, SP_MCAST_LEAVE_SOURCE, SP_MCAST_BLOCK, SP_MCAST_UNBLOCK,
};
/* group and source in the address byte form (source ignored for JOIN and LEAVE); ifindex 0: the kernel picks. */
int sp_udp_membership(int fd, int op, const uint8_t *group, int ifindex, const uint8_t *source);

#endif
