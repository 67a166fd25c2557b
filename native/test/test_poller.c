/* Tests the poller contract: edge-triggered readiness, tokens, wakeups, timers, level-triggered selectors. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "loopback.h"
#include "poller.h"

#define MAX_EVENTS 16
static _Alignas(8) char events[MAX_EVENTS * 32];

static uint64_t token_at(int i) {
    uint64_t t;
    memcpy(&t, events + i * sp_event_size() + sp_event_token_offset(), sizeof t);
    return t;
}

static uint32_t bits_at(int i) {
    uint32_t b;
    memcpy(&b, events + i * sp_event_size() + sp_event_bits_offset(), sizeof b);
    return b;
}

/* Waits once and returns the ready bits seen for token (0 if none). */
static uint32_t wait_for(int pfd, uint64_t token, int timeout_ms) {
    int n = sp_poller_wait(pfd, events, MAX_EVENTS, timeout_ms);
    CHECK_TRUE(n >= 0);
    uint32_t bits = 0;
    for (int i = 0; i < n; i++)
        if (token_at(i) == token) bits |= bits_at(i);
    return bits;
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0) {}
}

static void test_layout(void) {
    CHECK_TRUE(sp_event_size() >= 12 && sp_event_size() <= 32);
    CHECK_TRUE(sp_event_token_offset() + 8 <= sp_event_size());
    CHECK_TRUE((sp_event_read_mask() & sp_event_write_mask()) != sp_event_read_mask());
}

static void test_edge_triggered_read(void) {
    int pfd = sp_poller_create();
    CHECK_TRUE(pfd >= 0);
    int c, s;
    loopback_pair(&c, &s);
    const uint64_t token = 0x1234567800000042ULL;
    CHECK_EQ(0, sp_poller_register(pfd, s, token));
    /* The first edge: writable at registration. */
    CHECK_TRUE(wait_for(pfd, token, 1000) & sp_event_write_mask());
    /* Nothing new: edge-triggered, so no event. */
    CHECK_EQ(0, wait_for(pfd, token, 0));
    CHECK_EQ(3, sp_write(c, "abc", 3));
    CHECK_TRUE(wait_for(pfd, token, 1000) & sp_event_read_mask());
    /* Not drained, but no new data: still no new edge. */
    CHECK_EQ(0, wait_for(pfd, token, 0));
    char buf[8];
    CHECK_EQ(3, sp_read(s, buf, sizeof buf));
    CHECK_EQ(-EAGAIN, sp_read(s, buf, sizeof buf));
    /* Peer close raises a read edge, and read returns EOF. */
    sp_close(c);
    CHECK_TRUE(wait_for(pfd, token, 1000) & sp_event_read_mask());
    CHECK_EQ(0, sp_read(s, buf, sizeof buf));
    CHECK_EQ(0, sp_poller_deregister(pfd, s));
    CHECK_EQ(-ENOENT, sp_poller_deregister(pfd, s));
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

static void test_register_twice_fails(void) {
    int pfd = sp_poller_create();
    int c, s;
    loopback_pair(&c, &s);
    CHECK_EQ(0, sp_poller_register(pfd, s, 1));
    CHECK_EQ(-EEXIST, sp_poller_register(pfd, s, 2));
    sp_close(c);
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

static void test_wakeup(void) {
    int pfd = sp_poller_create();
    int w = sp_wakeup_open(pfd, 7);
    CHECK_TRUE(w >= 0);
    CHECK_EQ(0, wait_for(pfd, 7, 0));
    CHECK_EQ(0, sp_wakeup_signal(pfd, w));
    CHECK_TRUE(wait_for(pfd, 7, 1000) != 0);
    CHECK_EQ(0, sp_wakeup_drain(pfd, w));
    CHECK_EQ(0, wait_for(pfd, 7, 0));
    CHECK_EQ(0, sp_wakeup_signal(pfd, w));
    CHECK_TRUE(wait_for(pfd, 7, 1000) != 0);
    CHECK_EQ(0, sp_poller_close(pfd, w, -1));
}

static void test_timer(void) {
    int pfd = sp_poller_create();
    int t = sp_timer_open(pfd, 9);
    CHECK_TRUE(t >= 0);
    CHECK_EQ(-EINVAL, sp_timer_arm(pfd, t, -1));
    long long start = now_ms();
    CHECK_EQ(0, sp_timer_arm(pfd, t, 50 * 1000000LL));
    CHECK_TRUE(wait_for(pfd, 9, 2000) != 0);
    long long took = now_ms() - start;
    CHECK_TRUE(took >= 49 && took < 1000);
    /* Re-arming after it fired raises a fresh edge. */
    CHECK_EQ(0, sp_timer_arm(pfd, t, 1000000LL));
    CHECK_TRUE(wait_for(pfd, 9, 2000) != 0);
    /* Disarmed: nothing fires. */
    CHECK_EQ(0, sp_timer_arm(pfd, t, 20 * 1000000LL));
    CHECK_EQ(0, sp_timer_arm(pfd, t, 0));
    CHECK_EQ(0, wait_for(pfd, 9, 60));
    /* Pushed ahead before it fires, again and again: it fires once, at the last deadline. */
    start = now_ms();
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(0, sp_timer_arm(pfd, t, 200 * 1000000LL));
        CHECK_EQ(0, wait_for(pfd, 9, 20));
    }
    CHECK_TRUE(wait_for(pfd, 9, 2000) != 0);
    took = now_ms() - start;
    CHECK_TRUE(took >= 279);
    CHECK_EQ(0, wait_for(pfd, 9, 0));
    /* Fired but not fetched, then re-armed: the old event is gone and the new deadline fires. */
    CHECK_EQ(0, sp_timer_arm(pfd, t, 1000000LL));
    sleep_ms(30);
    CHECK_EQ(0, sp_timer_arm(pfd, t, 50 * 1000000LL));
    CHECK_EQ(0, wait_for(pfd, 9, 0));
    CHECK_TRUE(wait_for(pfd, 9, 2000) != 0);
    /* Fired, fetched and never read, three times over: each expiry raises a fresh edge. */
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(0, sp_timer_arm(pfd, t, 1000000LL));
        CHECK_TRUE(wait_for(pfd, 9, 2000) != 0);
    }
    CHECK_EQ(0, sp_poller_close(pfd, -1, t));
}

/* A master poller watching another hears of its events once per watch; re-armed while events
 * are pending there, at once. */
static void test_watch(void) {
    int master = sp_poller_create(), inner = sp_poller_create();
    int w = sp_wakeup_open(inner, 1);
    CHECK_EQ(0, sp_poller_watch(master, inner, 42));
    CHECK_EQ(0, wait_for(master, 42, 0));
    CHECK_EQ(0, sp_wakeup_signal(inner, w));
    CHECK_TRUE(wait_for(master, 42, 1000) != 0);
    CHECK_EQ(0, wait_for(master, 42, 0)); /* one-shot: reported once */
    CHECK_EQ(0, sp_wakeup_signal(inner, w)); /* a new event inside, while the watch is spent */
    CHECK_EQ(0, wait_for(master, 42, 50));
    CHECK_EQ(0, sp_poller_watch(master, inner, 42)); /* re-armed with events pending inside */
    CHECK_TRUE(wait_for(master, 42, 1000) != 0);
    CHECK_EQ(0, wait_for(master, 42, 0));
    sp_poller_close(inner, w, -1);
    sp_poller_close(master, -1, -1);
}

/* A poller's fd on another poller through the ordinary registration (kqueue: read filter only). */
static void test_register_poller_fd(void) {
    int master = sp_poller_create(), inner = sp_poller_create();
    int w = sp_wakeup_open(inner, 1);
    CHECK_EQ(0, sp_poller_register(master, inner, 43));
    CHECK_EQ(0, wait_for(master, 43, 0));
    CHECK_EQ(0, sp_wakeup_signal(inner, w));
    uint32_t bits = wait_for(master, 43, 1000);
    CHECK_TRUE(bits & sp_event_read_mask());
    CHECK_EQ(0, bits & sp_event_write_mask()); /* a poller is never writable */
    CHECK_EQ(0, sp_poller_deregister(master, inner));
    sp_poller_close(inner, w, -1);
    sp_poller_close(master, -1, -1);
}

static const uint64_t SEL = 0x7000000000000011ULL;

static int is_read(uint32_t bits) { return (bits & sp_event_read_mask()) != 0; }
static int is_write(uint32_t bits) { return (bits & sp_event_write_mask()) != 0; }

/* Unread data is reported on every wait until drained; no write interest, no write bits. */
static void test_selector_level_read(void) {
    int pfd = sp_poller_create();
    int c, s;
    loopback_pair(&c, &s);
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, SP_SEL_READ, SEL));
    CHECK_EQ(0, wait_for(pfd, SEL, 0)); /* writable, but only read interest */
    CHECK_EQ(3, sp_write(c, "abc", 3));
    uint32_t bits = wait_for(pfd, SEL, 1000);
    CHECK_TRUE(is_read(bits));
    CHECK_TRUE(!is_write(bits));
    for (int i = 0; i < 3; i++) CHECK_TRUE(is_read(wait_for(pfd, SEL, 0))); /* level: again and again */
    char buf[8];
    CHECK_EQ(1, sp_read(s, buf, 1));
    CHECK_TRUE(is_read(wait_for(pfd, SEL, 0))); /* partly read: still ready */
    CHECK_EQ(2, sp_read(s, buf, sizeof buf));
    CHECK_EQ(0, wait_for(pfd, SEL, 0)); /* drained */
    /* EOF is ready for read on every wait, too. */
    sp_close(c);
    CHECK_TRUE(is_read(wait_for(pfd, SEL, 1000)));
    CHECK_TRUE(is_read(wait_for(pfd, SEL, 0)));
    CHECK_EQ(0, sp_read(s, buf, sizeof buf));
    CHECK_TRUE(is_read(wait_for(pfd, SEL, 0)));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_READ, 0, SEL));
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

/* Write interest is reported while there is room, and not once the send path is full. */
static void test_selector_level_write(void) {
    int pfd = sp_poller_create();
    int c, s;
    loopback_pair(&c, &s);
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, SP_SEL_WRITE, SEL));
    for (int i = 0; i < 3; i++) {
        uint32_t bits = wait_for(pfd, SEL, 1000);
        CHECK_TRUE(is_write(bits));
        CHECK_TRUE(!is_read(bits));
    }
    static char chunk[65536];
    ssize_t rc = 0;
    for (int i = 0; i < 100000 && rc >= 0; i++) rc = sp_write(s, chunk, sizeof chunk);
    CHECK_EQ(-EAGAIN, rc);
    CHECK_EQ(0, wait_for(pfd, SEL, 0)); /* full: not writable */
    /* Draining the peer makes room again. */
    uint32_t bits = 0;
    for (int i = 0; i < 1000 && !bits; i++) {
        while (sp_read(c, chunk, sizeof chunk) > 0) {}
        bits = wait_for(pfd, SEL, 10);
    }
    CHECK_TRUE(is_write(bits));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_WRITE, 0, SEL));
    sp_close(c);
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

/* Moving between read, write, both and none reports exactly the interest set. */
static void test_selector_modify(void) {
    int pfd = sp_poller_create();
    int c, s;
    loopback_pair(&c, &s);
    CHECK_EQ(1, sp_write(c, "x", 1));
    CHECK_EQ(1, sp_poll_fd(s, SP_POLL_READ, 1000)); /* s is readable and writable from here on */
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, SP_SEL_WRITE, SEL));
    uint32_t bits = wait_for(pfd, SEL, 1000);
    CHECK_TRUE(is_write(bits) && !is_read(bits));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_WRITE, SP_SEL_READ, SEL));
    bits = wait_for(pfd, SEL, 1000);
    CHECK_TRUE(is_read(bits) && !is_write(bits));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_READ, SP_SEL_READ | SP_SEL_WRITE, SEL));
    bits = wait_for(pfd, SEL, 1000); /* kqueue: two events, one per filter, ORed by wait_for */
    CHECK_TRUE(is_read(bits) && is_write(bits));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_READ | SP_SEL_WRITE, SP_SEL_WRITE, SEL));
    bits = wait_for(pfd, SEL, 1000);
    CHECK_TRUE(is_write(bits) && !is_read(bits));
    /* Equal masks change nothing. */
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_WRITE, SP_SEL_WRITE, SEL));
    CHECK_TRUE(is_write(wait_for(pfd, SEL, 0)));
    /* Removed: nothing, though the fd is readable and writable. */
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_WRITE, 0, SEL));
    CHECK_EQ(0, wait_for(pfd, SEL, 0));
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, 0, SEL));
    CHECK_EQ(0, wait_for(pfd, SEL, 0));
    /* Registered again under a new token: the pending byte is reported at once. */
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, SP_SEL_READ, SEL + 1));
    CHECK_TRUE(is_read(wait_for(pfd, SEL + 1, 1000)));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_READ, 0, SEL + 1));
    sp_close(c);
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

/* An fd with no interest reports nothing, even once it has an error and a hang-up. */
static void test_selector_removed_reports_no_hup(void) {
    int pfd = sp_poller_create();
    int c, s;
    loopback_pair(&c, &s);
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, SP_SEL_READ, SEL));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_READ, 0, SEL));
    CHECK_EQ(0, sp_set_option(c, SP_OPT_SO_LINGER, 0)); /* close sends a reset */
    sp_close(c);
    CHECK_EQ(1, sp_poll_fd(s, SP_POLL_READ, 1000)); /* the reset arrived: POLLERR | POLLHUP */
    CHECK_EQ(0, wait_for(pfd, SEL, 50));
    char buf[8];
    CHECK_EQ(-ECONNRESET, sp_read(s, buf, sizeof buf));
    /* The same fd with interest again does report it. */
    CHECK_EQ(0, sp_selector_set(pfd, s, 0, SP_SEL_WRITE, SEL));
    CHECK_TRUE(is_write(wait_for(pfd, SEL, 1000)));
    CHECK_EQ(0, sp_selector_set(pfd, s, SP_SEL_WRITE, 0, SEL));
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

static void test_selector_errors(void) {
    int pfd = sp_poller_create();
    int c, s;
    loopback_pair(&c, &s);
    CHECK_EQ(-EINVAL, sp_selector_set(pfd, s, 0, 4, SEL));
    CHECK_EQ(-EINVAL, sp_selector_set(pfd, s, -1, SP_SEL_READ, SEL));
    CHECK_EQ(-ENOENT, sp_selector_set(pfd, s, SP_SEL_READ, 0, SEL)); /* never registered */
    CHECK_EQ(-ENOENT, sp_selector_set(pfd, s, SP_SEL_READ | SP_SEL_WRITE, 0, SEL));
    CHECK_EQ(-EBADF, sp_selector_set(pfd, -1, 0, SP_SEL_READ, SEL));
    sp_close(c);
    sp_close(s);
    sp_poller_close(pfd, -1, -1);
}

int main(void) {
    RUN(test_layout);
    RUN(test_edge_triggered_read);
    RUN(test_register_twice_fails);
    RUN(test_wakeup);
    RUN(test_timer);
    RUN(test_watch);
    RUN(test_register_poller_fd);
    RUN(test_selector_level_read);
    RUN(test_selector_level_write);
    RUN(test_selector_modify);
    RUN(test_selector_removed_reports_no_hup);
    RUN(test_selector_errors);
    return 0;
}
