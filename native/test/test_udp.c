/* Tests the UDP calls: single datagrams, batches, EAGAIN, truncation, connect, options, GSO/GRO. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loopback.h"
#include "udp.h"

#define STRIDE 2048
#define MAX_SLOTS 64

/* A batch's memory, as Java lays it out: slots, kernel scratch, data. */
static struct sp_udp_slot slots[MAX_SLOTS];
static char data[MAX_SLOTS * STRIDE];
static void *scratch;

/* A UDP socket bound to 127.0.0.1:ephemeral; its address in a. */
static int bound(uint8_t a[SP_ADDR_SIZE]) {
    int fd = sp_socket(SP_FAMILY_IPV4, SP_DATAGRAM);
    CHECK_TRUE(fd >= 0);
    loopback_addr(a, 0);
    CHECK_EQ(0, sp_bind(fd, a));
    CHECK_EQ(0, sp_local_address(fd, a));
    CHECK_TRUE(addr_port(a) != 0);
    return fd;
}

/* Fills slot i with a datagram of len bytes of value i + 1 to target. */
static void fill(int i, int len, const uint8_t *target) {
    memset(data + i * STRIDE, i + 1, (size_t) len);
    slots[i].length = len;
    slots[i].segment = 0;
    memcpy(slots[i].addr, target, SP_ADDR_SIZE);
}

static void test_single_datagrams_and_eagain(void) {
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE];
    int r = bound(ra), s = bound(sa);
    CHECK_EQ(-EAGAIN, sp_udp_recv(r, slots, scratch, data, STRIDE, 1, 0));
    fill(0, 100, ra);
    CHECK_EQ(1, sp_udp_send(s, slots, scratch, data, STRIDE, 1, 0));
    CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
    memset(data, 0, STRIDE);
    CHECK_EQ(1, sp_udp_recv(r, slots, scratch, data, STRIDE, 1, SP_UDP_NOWAIT));
    CHECK_EQ(100, slots[0].length);
    CHECK_EQ(0, slots[0].flags);
    CHECK_EQ(1, data[99]);
    CHECK_TRUE(memcmp(slots[0].addr, sa, 24) == 0); /* the source is the sender's address */
    sp_close(r);
    sp_close(s);
}

static void test_truncation_is_flagged(void) {
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE];
    int r = bound(ra), s = bound(sa);
    fill(0, 300, ra);
    CHECK_EQ(1, sp_udp_send(s, slots, scratch, data, STRIDE, 1, 0));
    CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
    CHECK_EQ(1, sp_udp_recv(r, slots, scratch, data, 200, 1, 0));
    CHECK_EQ(200, slots[0].length);
    CHECK_EQ(SP_UDP_TRUNCATED, slots[0].flags);
    sp_close(r);
    sp_close(s);
}

static void test_batches_of_every_size(void) {
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE];
    int r = bound(ra), s = bound(sa);
    for (int size = 1; size <= MAX_SLOTS; size++) {
        for (int i = 0; i < size; i++) fill(i, 10 + i, ra);
        CHECK_EQ(size, sp_udp_send(s, slots, scratch, data, STRIDE, size, 0));
        memset(data, 0, sizeof data);
        int got = 0;
        for (int tries = 0; got < size && tries < 100; tries++) {
            CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
            int n = sp_udp_recv(r, slots + got, scratch, data + got * STRIDE, STRIDE, MAX_SLOTS - got, 0);
            CHECK_TRUE(n > 0);
            got += n;
        }
        CHECK_EQ(size, got);
        for (int i = 0; i < size; i++) {
            CHECK_EQ(10 + i, slots[i].length);
            CHECK_EQ(i + 1, data[i * STRIDE + 9 + i]);
            CHECK_TRUE(memcmp(slots[i].addr, sa, 24) == 0);
        }
        CHECK_EQ(-EAGAIN, sp_udp_recv(r, slots, scratch, data, STRIDE, MAX_SLOTS, 0));
    }
    sp_close(r);
    sp_close(s);
}

static void test_connected_and_disconnected(void) {
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE], none[SP_ADDR_SIZE] = {0};
    int r = bound(ra), s = bound(sa);
    CHECK_EQ(0, sp_connect(s, ra));
    fill(0, 5, none); /* family 0: the connected peer */
    CHECK_EQ(1, sp_udp_send(s, slots, scratch, data, STRIDE, 1, 0));
    CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
    CHECK_EQ(1, sp_udp_recv(r, slots, scratch, data, STRIDE, 1, 0));
    CHECK_EQ(5, slots[0].length);
    CHECK_EQ(0, sp_udp_disconnect(s));
    fill(0, 5, none);
    CHECK_TRUE(sp_udp_send(s, slots, scratch, data, STRIDE, 1, 0) < 0); /* no peer any more */
    uint8_t peer[SP_ADDR_SIZE];
    CHECK_TRUE(sp_peer_address(s, peer) < 0);
    sp_close(r);
    sp_close(s);
}

static void test_port_unreachable_on_connected_socket(void) {
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE], none[SP_ADDR_SIZE] = {0};
    int r = bound(ra), s = bound(sa);
    sp_close(r); /* nothing listens on ra now */
    CHECK_EQ(0, sp_connect(s, ra));
    fill(0, 5, none);
    CHECK_EQ(1, sp_udp_send(s, slots, scratch, data, STRIDE, 1, 0));
    CHECK_EQ(1, sp_poll_fd(s, SP_POLL_READ, 2000)); /* the ICMP error makes it readable */
    CHECK_EQ(-ECONNREFUSED, sp_udp_recv(s, slots, scratch, data, STRIDE, 1, 0));
    sp_close(s);
}

/* Sets an option: 1, or 0 where the kernel (or qemu's user-mode emulation) does not know it. */
static int settable(int fd, int option, int value) {
    int rc = sp_set_option(fd, option, value);
    if (rc == -ENOPROTOOPT) {
        printf("skip option %d: not supported here\n", option);
        return 0;
    }
    CHECK_EQ(0, rc);
    return 1;
}

static void test_options(void) {
    int fd = sp_socket(SP_FAMILY_IPV6, SP_DATAGRAM);
    CHECK_TRUE(fd >= 0);
    int v = -1;
    CHECK_EQ(0, sp_set_option(fd, SP_OPT_SO_BROADCAST, 1));
    CHECK_EQ(0, sp_get_option(fd, SP_OPT_SO_BROADCAST, &v));
    CHECK_EQ(1, v);
    CHECK_EQ(0, sp_set_option(fd, SP_OPT_IP_MULTICAST_TTL, 7));
    CHECK_EQ(0, sp_get_option(fd, SP_OPT_IP_MULTICAST_TTL, &v));
    CHECK_EQ(7, v);
    CHECK_EQ(0, sp_set_option(fd, SP_OPT_IP_MULTICAST_LOOP, 0));
    CHECK_EQ(0, sp_get_option(fd, SP_OPT_IP_MULTICAST_LOOP, &v));
    CHECK_EQ(0, v);
    if (settable(fd, SP_OPT_IP_MULTICAST_IF, 1)) { /* loopback's index */
        CHECK_EQ(0, sp_get_option(fd, SP_OPT_IP_MULTICAST_IF, &v));
        CHECK_EQ(1, v);
    }
#ifdef __linux__
    if (settable(fd, SP_OPT_IP_MULTICAST_ALL, 0)) {
        CHECK_EQ(0, sp_get_option(fd, SP_OPT_IP_MULTICAST_ALL, &v));
        CHECK_EQ(0, v);
    }
#endif
    sp_close(fd);
    int v4 = sp_socket(SP_FAMILY_IPV4, SP_DATAGRAM); /* only the IPv4 forms apply */
    CHECK_EQ(0, sp_set_option(v4, SP_OPT_IP_MULTICAST_TTL, 3));
    CHECK_EQ(0, sp_get_option(v4, SP_OPT_IP_MULTICAST_TTL, &v));
    CHECK_EQ(3, v);
    sp_close(v4);
}

/* With GSO, one send of 4 * 1000 bytes: four datagrams for a plain receiver, one read of 4000 with GRO. */
static void test_gso_and_gro(void) {
    int support = sp_udp_offload_support();
    printf("offload support: gso=%d gro=%d\n", !!(support & SP_UDP_GSO), !!(support & SP_UDP_GRO));
    if (!(support & SP_UDP_GSO)) {
        uint8_t a[SP_ADDR_SIZE];
        int s = bound(a);
        fill(0, 4000, a);
        slots[0].segment = 1000;
        CHECK_TRUE(sp_udp_send(s, slots, scratch, data, STRIDE * 2, 1, 0) < 0); /* explicit, never silent */
        sp_close(s);
        return;
    }
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE];
    int r = bound(ra), s = bound(sa);
    static char big[8000];
    for (int i = 0; i < 4000; i++) big[i] = (char) (i / 1000 + 1);
    slots[0].length = 4000;
    slots[0].segment = 1000;
    memcpy(slots[0].addr, ra, SP_ADDR_SIZE);
    CHECK_EQ(1, sp_udp_send(s, slots, scratch, big, 0, 1, 0));
    int got = 0;
    for (int tries = 0; got < 4 && tries < 10; tries++) {
        CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
        int n = sp_udp_recv(r, slots + got, scratch, data + got * STRIDE, STRIDE, 4 - got, 0);
        CHECK_TRUE(n > 0);
        got += n;
    }
    CHECK_EQ(4, got);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(1000, slots[i].length);
        CHECK_EQ(0, slots[i].segment);
        CHECK_EQ(i + 1, data[i * STRIDE]);
        CHECK_EQ(i + 1, data[i * STRIDE + 999]);
    }
    if (support & SP_UDP_GRO) {
        CHECK_EQ(0, sp_set_option(r, SP_OPT_UDP_GRO, 1));
        slots[0].length = 4000;
        slots[0].segment = 1000;
        memcpy(slots[0].addr, ra, SP_ADDR_SIZE);
        CHECK_EQ(1, sp_udp_send(s, slots, scratch, big, 0, 1, 0));
        CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
        CHECK_EQ(1, sp_udp_recv(r, slots, scratch, big + 4000, 4000, 1, 0));
        CHECK_EQ(4000, slots[0].length);
        CHECK_EQ(1000, slots[0].segment);
        CHECK_TRUE(memcmp(big, big + 4000, 4000) == 0);
    }
    sp_close(r);
    sp_close(s);
}

/* A burst into a small receive buffer: the drop counter accounts for every datagram not received. */
static void test_drop_counter(void) {
#ifdef __linux__
    uint8_t ra[SP_ADDR_SIZE], sa[SP_ADDR_SIZE];
    int r = bound(ra), s = bound(sa);
    if (!settable(r, SP_OPT_SO_RXQ_OVFL, 1)) {
        sp_close(r);
        sp_close(s);
        return;
    }
    CHECK_EQ(0, sp_set_option(r, SP_OPT_SO_RCVBUF, 4096));
    int sent = 0;
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < MAX_SLOTS; i++) fill(i, 100, ra);
        int n = sp_udp_send(s, slots, scratch, data, STRIDE, MAX_SLOTS, 0);
        CHECK_TRUE(n > 0); /* loopback frees the send buffer at once: no EAGAIN */
        sent += n;
    }
    int received = 0, n;
    while ((n = sp_udp_recv(r, slots, scratch, data, STRIDE, MAX_SLOTS, 0)) > 0) received += n;
    CHECK_EQ(-EAGAIN, n);
    fill(0, 1, ra); /* a marker after the drain brings the counter as it stands */
    CHECK_EQ(1, sp_udp_send(s, slots, scratch, data, STRIDE, 1, 0));
    CHECK_EQ(1, sp_poll_fd(r, SP_POLL_READ, 2000));
    CHECK_EQ(1, sp_udp_recv(r, slots, scratch, data, STRIDE, 1, 0));
    printf("sent %d, received %d, dropped %u\n", sent, received, slots[0].drops);
    CHECK_TRUE(slots[0].drops > 0);
    CHECK_EQ(sent, received + (long long) slots[0].drops);
    sp_close(r);
    sp_close(s);
#endif
}

static void test_membership_errors_are_explicit(void) {
    int fd = sp_socket(SP_FAMILY_IPV4, SP_DATAGRAM);
    uint8_t group[SP_ADDR_SIZE], unicast[SP_ADDR_SIZE];
    loopback_addr(unicast, 0);
    memset(group, 0, sizeof group);
    group[0] = SP_FAMILY_IPV4; group[8] = 239; group[9] = 1; group[10] = 2; group[11] = 3;
    CHECK_TRUE(sp_udp_membership(fd, SP_MCAST_JOIN, unicast, 0, NULL) < 0); /* not a group */
    CHECK_EQ(-EINVAL, sp_udp_membership(fd, 99, group, 0, unicast));
    int rc = sp_udp_membership(fd, SP_MCAST_JOIN, group, 0, NULL);
    printf("join 239.1.2.3 on the default interface: %d\n", rc);
    if (rc == 0) {
        CHECK_EQ(0, sp_udp_membership(fd, SP_MCAST_BLOCK, group, 0, unicast));
        CHECK_EQ(0, sp_udp_membership(fd, SP_MCAST_UNBLOCK, group, 0, unicast));
        CHECK_EQ(0, sp_udp_membership(fd, SP_MCAST_LEAVE, group, 0, NULL));
    }
    sp_close(fd);
}

int main(void) {
    scratch = calloc(MAX_SLOTS, sp_udp_scratch_size());
    CHECK_TRUE(scratch != NULL);
    RUN(test_single_datagrams_and_eagain);
    RUN(test_truncation_is_flagged);
    RUN(test_batches_of_every_size);
    RUN(test_connected_and_disconnected);
    RUN(test_port_unreachable_on_connected_socket);
    RUN(test_options);
    RUN(test_gso_and_gro);
    RUN(test_drop_counter);
    RUN(test_membership_errors_are_explicit);
    free(scratch);
    return 0;
}
