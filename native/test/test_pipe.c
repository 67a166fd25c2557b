/* Tests pipes and the plain fd transfers: flags, data, EAGAIN, EOF, EPIPE, and a selector on both ends. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "net.h"
#include "pipe.h"
#include "poller.h"

static void open_pipe(int *r, int *w) {
    int64_t p = sp_pipe();
    CHECK_TRUE(p >= 0);
    *r = (int) (p >> 32);
    *w = (int) (p & 0xffffffff);
    CHECK_TRUE(*r >= 0 && *w >= 0 && *r != *w);
}

static void test_pipe_is_nonblocking_and_cloexec(void) {
    int r, w;
    open_pipe(&r, &w);
    CHECK_EQ(O_RDONLY, fcntl(r, F_GETFL) & O_ACCMODE);
    CHECK_EQ(O_WRONLY, fcntl(w, F_GETFL) & O_ACCMODE);
    CHECK_TRUE(fcntl(r, F_GETFL) & O_NONBLOCK);
    CHECK_TRUE(fcntl(w, F_GETFL) & O_NONBLOCK);
    CHECK_TRUE(fcntl(r, F_GETFD) & FD_CLOEXEC);
    CHECK_TRUE(fcntl(w, F_GETFD) & FD_CLOEXEC);
    CHECK_EQ(0, sp_close(r));
    CHECK_EQ(0, sp_close(w));
}

static void test_transfer(void) {
    int r, w;
    open_pipe(&r, &w);
    char buf[16];
    CHECK_EQ(-EAGAIN, sp_fd_read(r, buf, sizeof buf));
    CHECK_EQ(5, sp_fd_write(w, "hello", 5));
    CHECK_EQ(2, sp_fd_read(r, buf, 2));
    CHECK_TRUE(memcmp(buf, "he", 2) == 0);
    CHECK_EQ(3, sp_fd_read(r, buf, sizeof buf));
    CHECK_TRUE(memcmp(buf, "llo", 3) == 0);
    CHECK_EQ(-EAGAIN, sp_fd_read(r, buf, sizeof buf));
    /* Why these exist: the socket calls refuse a pipe. */
    CHECK_EQ(-ENOTSOCK, sp_read(r, buf, sizeof buf));
    CHECK_EQ(-ENOTSOCK, sp_write(w, "z", 1));
    sp_close(r);
    sp_close(w);
}

static void test_full_pipe_is_eagain(void) {
    int r, w;
    open_pipe(&r, &w);
    static char chunk[4096];
    ssize_t rc = 0, total = 0;
    for (int i = 0; i < 100000 && rc >= 0; i++) {
        rc = sp_fd_write(w, chunk, sizeof chunk);
        if (rc > 0) total += rc;
    }
    CHECK_EQ(-EAGAIN, rc);
    CHECK_TRUE(total >= 4096);
    CHECK_EQ(4096, sp_fd_read(r, chunk, sizeof chunk));
    CHECK_TRUE(sp_fd_write(w, chunk, 1) == 1); /* room again */
    sp_close(r);
    sp_close(w);
}

/* Data written before the write end closed is read first, then EOF, again and again. */
static void test_eof_after_write_end_closes(void) {
    int r, w;
    open_pipe(&r, &w);
    CHECK_EQ(3, sp_fd_write(w, "end", 3));
    CHECK_EQ(0, sp_close(w));
    char buf[8];
    CHECK_EQ(3, sp_fd_read(r, buf, sizeof buf));
    CHECK_EQ(0, sp_fd_read(r, buf, sizeof buf));
    CHECK_EQ(0, sp_fd_read(r, buf, sizeof buf));
    sp_close(r);
}

/* With SIGPIPE ignored, as the JVM does, a write with no reader is -EPIPE, not death. */
static void test_epipe_after_read_end_closes(void) {
    int r, w;
    open_pipe(&r, &w);
    CHECK_EQ(0, sp_close(r));
    CHECK_EQ(-EPIPE, sp_fd_write(w, "x", 1));
    CHECK_EQ(-EPIPE, sp_fd_write(w, "y", 1)); /* and again: no signal ends the process meanwhile */
    sp_close(w);
}

#define MAX_EVENTS 8
static _Alignas(8) char events[MAX_EVENTS * 32];

static uint32_t wait_for(int pfd, uint64_t token, int timeout_ms) {
    int n = sp_poller_wait(pfd, events, MAX_EVENTS, timeout_ms);
    CHECK_TRUE(n >= 0);
    uint32_t bits = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t;
        uint32_t b;
        memcpy(&t, events + i * sp_event_size() + sp_event_token_offset(), sizeof t);
        memcpy(&b, events + i * sp_event_size() + sp_event_bits_offset(), sizeof b);
        if (t == token) bits |= b;
    }
    return bits;
}

/* Level-triggered selector on both ends: data, EOF and a gone reader land in the expected masks. */
static void test_selector_on_pipe(void) {
    int pfd = sp_poller_create();
    int r, w;
    open_pipe(&r, &w);
    CHECK_EQ(0, sp_selector_set(pfd, r, 0, SP_SEL_READ, 1));
    CHECK_EQ(0, sp_selector_set(pfd, w, 0, SP_SEL_WRITE, 2));
    CHECK_EQ(0, wait_for(pfd, 1, 0));
    CHECK_TRUE(wait_for(pfd, 2, 0) & sp_event_write_mask());
    CHECK_EQ(1, sp_fd_write(w, "x", 1));
    CHECK_TRUE(wait_for(pfd, 1, 1000) & sp_event_read_mask());
    CHECK_TRUE(wait_for(pfd, 1, 0) & sp_event_read_mask());
    char buf[4];
    CHECK_EQ(1, sp_fd_read(r, buf, sizeof buf));
    CHECK_EQ(0, wait_for(pfd, 1, 0));
    /* The write end closes: EOF is readable, on every wait. */
    CHECK_EQ(0, sp_selector_set(pfd, w, SP_SEL_WRITE, 0, 2));
    CHECK_EQ(0, sp_close(w));
    CHECK_TRUE(wait_for(pfd, 1, 1000) & sp_event_read_mask());
    CHECK_TRUE(wait_for(pfd, 1, 0) & sp_event_read_mask());
    CHECK_EQ(0, sp_fd_read(r, buf, sizeof buf));
    CHECK_EQ(0, sp_selector_set(pfd, r, SP_SEL_READ, 0, 1));
    sp_close(r);
    /* A write end whose reader is gone is reported to write interest (the write then fails). */
    open_pipe(&r, &w);
    CHECK_EQ(0, sp_selector_set(pfd, w, 0, SP_SEL_WRITE, 3));
    CHECK_EQ(0, sp_close(r));
    CHECK_TRUE(wait_for(pfd, 3, 1000) & sp_event_write_mask());
    CHECK_EQ(-EPIPE, sp_fd_write(w, "x", 1));
    CHECK_EQ(0, sp_selector_set(pfd, w, SP_SEL_WRITE, 0, 3));
    sp_close(w);
    sp_poller_close(pfd, -1, -1);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN); /* the JVM installs a handler that ignores it */
    RUN(test_pipe_is_nonblocking_and_cloexec);
    RUN(test_transfer);
    RUN(test_full_pipe_is_eagain);
    RUN(test_eof_after_write_end_closes);
    RUN(test_epipe_after_read_end_closes);
    RUN(test_selector_on_pipe);
    return 0;
}
