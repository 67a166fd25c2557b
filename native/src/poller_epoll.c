/* Linux poller: epoll (edge-triggered), eventfd for wakeups, timerfd for timers. */
#include "poller.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "platform.h"

/* HUP and ERR wake both directions: the retried syscall reports EOF or the error. */
uint32_t sp_event_read_mask(void) { return EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR; }
uint32_t sp_event_write_mask(void) { return EPOLLOUT | EPOLLHUP | EPOLLERR; }

/*
 * Linux TCP: tcp_recvmsg copies until the buffer is full or the receive queue is empty; it stops
 * early only at urgent data (EPOLLPRI), at FIN or an error (RDHUP/HUP/ERR), or with segments in
 * the socket backlog, which release_sock then queues, raising a fresh edge. Any data queued after
 * the read raises a fresh edge too.
 */
int sp_short_read_drains(void) { return 1; }
uint32_t sp_event_exceptional_mask(void) { return EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR; }

/* struct epoll_event is packed on x86_64 (12 bytes) and not elsewhere: ask the compiler. */
int sp_event_size(void) { return (int) sizeof(struct epoll_event); }
int sp_event_token_offset(void) { return (int) offsetof(struct epoll_event, data); }
int sp_event_bits_offset(void) { return (int) offsetof(struct epoll_event, events); }

int sp_poller_create(void) { SP_RETURN(epoll_create1(EPOLL_CLOEXEC)); }

static int add(int pfd, int fd, uint32_t events, uint64_t token) {
    struct epoll_event ev = { .events = events, .data = { .u64 = token } };
    SP_RETURN(epoll_ctl(pfd, EPOLL_CTL_ADD, fd, &ev));
}

int sp_poller_register(int pfd, int fd, uint64_t token) {
    return add(pfd, fd, EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDHUP | EPOLLET, token);
}

int sp_poller_deregister(int pfd, int fd) {
    struct epoll_event unused = { 0 }; /* kernels before 2.6.9 wanted non-NULL */
    SP_RETURN(epoll_ctl(pfd, EPOLL_CTL_DEL, fd, &unused));
}

/* Level-triggered (no EPOLLET), as the JDK's selector: ready fds are reported on every wait. */
static uint32_t selector_bits(int events) {
    return (events & SP_SEL_READ ? EPOLLIN : 0) | (events & SP_SEL_WRITE ? EPOLLOUT : 0);
}

int sp_selector_set(int pfd, int fd, int old_events, int new_events, uint64_t token) {
    const int all = SP_SEL_READ | SP_SEL_WRITE;
    if ((old_events & ~all) || (new_events & ~all)) return -EINVAL;
    if (old_events == new_events) return 0;
    if (new_events == 0) return sp_poller_deregister(pfd, fd); /* DEL, so HUP/ERR stop too */
    struct epoll_event ev = { .events = selector_bits(new_events), .data = { .u64 = token } };
    SP_RETURN(epoll_ctl(pfd, old_events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev));
}

/* Level-triggered and one-shot: MOD re-arms and polls the watched epoll, so events already
 * pending there are reported at once. MOD first: after the first call it is the only syscall. */
int sp_poller_watch(int pfd, int fd, uint64_t token) {
    struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data = { .u64 = token } };
    if (epoll_ctl(pfd, EPOLL_CTL_MOD, fd, &ev) == 0) return 0;
    if (errno != ENOENT) return -errno;
    return add(pfd, fd, EPOLLIN | EPOLLONESHOT, token);
}

int sp_poller_wait(int pfd, void *events, int max_events, int timeout_ms) {
    SP_RETURN(epoll_wait(pfd, (struct epoll_event *) events, max_events, timeout_ms));
}

int sp_wakeup_open(int pfd, uint64_t token) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) return -errno;
    int rc = add(pfd, fd, EPOLLIN | EPOLLET, token);
    if (rc < 0) { close(fd); return rc; }
    return fd;
}

int sp_wakeup_signal(int pfd, int handle) {
    (void) pfd;
    uint64_t one = 1;
    /* EAGAIN means the counter is saturated: a wakeup is already pending. */
    if (write(handle, &one, sizeof one) < 0 && errno != EAGAIN) return -errno;
    return 0;
}

int sp_wakeup_drain(int pfd, int handle) {
    (void) pfd;
    uint64_t count;
    if (read(handle, &count, sizeof count) < 0 && errno != EAGAIN) return -errno;
    return 0;
}

int sp_timer_open(int pfd, uint64_t token) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0) return -errno;
    int rc = add(pfd, fd, EPOLLIN | EPOLLET, token);
    if (rc < 0) { close(fd); return rc; }
    return fd;
}

int sp_timer_arm(int pfd, int handle, int64_t delay_ns) {
    (void) pfd;
    if (delay_ns < 0) return -EINVAL;
    struct itimerspec spec = { 0 };
    spec.it_value.tv_sec = delay_ns / 1000000000;
    spec.it_value.tv_nsec = delay_ns % 1000000000;
    /* No read first: settime zeroes the expiration count, so an event already queued for the old
     * deadline is dropped when fetched (epoll polls the fd again), and each expiry wakes the epoll
     * callback, which queues an edge-triggered event whether or not the count was read. */
    SP_RETURN(timerfd_settime(handle, 0, &spec, NULL));
}

int sp_poller_close(int pfd, int wakeup, int timer) {
    int rc = 0;
    if (timer >= 0 && close(timer) < 0) rc = -errno;
    if (wakeup >= 0 && close(wakeup) < 0) rc = -errno;
    if (pfd >= 0 && close(pfd) < 0) rc = -errno;
    return rc;
}
