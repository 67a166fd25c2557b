/*
 * macOS/BSD poller: kqueue with EV_CLEAR (edge-triggered), EVFILT_USER for
 * wakeups and a one-shot EVFILT_TIMER for timers. Neither of the last two is
 * an fd, so their handles are idents on the kqueue, not descriptors.
 *
 * kqueue quirks handled here:
 * - A socket is two knotes (read and write filters), so one wait may return
 *   two events with the same token, each with its own direction's bits.
 * - struct kevent has no ready-bits word: sp_poller_wait rewrites `fflags` of
 *   each returned event with SP_* bits (epoll-like numbers) so Java can mask
 *   them the same way on every OS.
 * - EV_ADD on an existing knote silently modifies it instead of failing, so
 *   registration probes first to report EEXIST like epoll. Any change to a
 *   knote also replaces its udata, so the probe re-tags an already registered
 *   socket with the new token (kqueue cannot look without touching).
 * - For the same reason, triggering EVFILT_USER or re-arming EVFILT_TIMER
 *   must pass the token again: the handle encodes the token (31 bits), which
 *   covers the small (often negative) tokens Java uses for them.
 * - Changes go in with EV_RECEIPT so every change reports its own error and
 *   no pending event is consumed by a registration call.
 * - kqueue() has no close-on-exec flag on macOS: FD_CLOEXEC is set right
 *   after, so an exec racing in between may inherit the fd (kqueues are not
 *   inherited across fork anyway).
 * - Registering EVFILT_WRITE can fail with EPIPE when the peer is already
 *   gone (seen on older macOS with pipes): that is readiness, not an error.
 *   A level-triggered selector cannot treat it so (no knote means no event
 *   ever), so sp_selector_set hands the EPIPE back for Java to act on.
 * - A kqueue fd has a read filter only: EVFILT_WRITE on it fails with EINVAL
 *   (XNU and FreeBSD kqueue_kqfilter). sp_poller_register then keeps the read
 *   knote alone, as epoll keeps an EPOLLOUT that never fires, so a selector's
 *   kqueue can sit on a poller like any other fd.
 * - Closing an fd drops its knotes, so deregistering after close is ENOENT
 *   or EBADF, as with epoll.
 */
#include "poller.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/event.h>
#include <time.h>
#include <unistd.h>

/* Ready bits written into kevent.fflags; EOF and error wake both directions. */
enum { SP_IN = 0x1, SP_OUT = 0x4, SP_ERR = 0x8, SP_HUP = 0x10 };

uint32_t sp_event_read_mask(void) { return SP_IN | SP_HUP | SP_ERR; }
uint32_t sp_event_write_mask(void) { return SP_OUT | SP_HUP | SP_ERR; }

int sp_event_size(void) { return (int) sizeof(struct kevent); }
int sp_event_token_offset(void) { return (int) offsetof(struct kevent, udata); }
int sp_event_bits_offset(void) { return (int) offsetof(struct kevent, fflags); }

static const struct timespec NO_WAIT = { 0, 0 };

static void set(struct kevent *ev, uintptr_t ident, int16_t filter, uint16_t flags,
                uint32_t fflags, intptr_t data, uint64_t token) {
    EV_SET(ev, ident, filter, flags, fflags, data, (void *) (uintptr_t) token);
}

/* Applies n changes with EV_RECEIPT; fills err[i] with each change's errno (0 if fine). */
static int apply(int pfd, struct kevent *changes, int n, int *err) {
    struct kevent receipts[3];
    for (int i = 0; i < n; i++) changes[i].flags |= EV_RECEIPT;
    int got = kevent(pfd, changes, n, receipts, n, &NO_WAIT);
    if (got < 0) return -errno;
    for (int i = 0; i < n; i++) err[i] = i < got && (receipts[i].flags & EV_ERROR) ? (int) receipts[i].data : 0;
    return 0;
}

int sp_poller_create(void) {
    int fd = kqueue();
    if (fd < 0) return -errno;
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

int sp_poller_register(int pfd, int fd, uint64_t token) {
    struct kevent ch[3];
    int err[3];
    set(&ch[0], (uintptr_t) fd, EVFILT_READ, 0, 0, 0, token); /* probe: ENOENT unless registered */
    set(&ch[1], (uintptr_t) fd, EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, token);
    set(&ch[2], (uintptr_t) fd, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, token);
    int rc = apply(pfd, ch, 3, err);
    if (rc < 0) return rc;
    if (err[0] == 0) return -EEXIST;
    if (err[0] != ENOENT) return -err[0];
    if (err[2] == EPIPE) err[2] = 0;
    if (err[1] == 0 && err[2] == EINVAL) err[2] = 0; /* no write filter for this fd type */
    if (err[1] == 0 && err[2] == 0) return 0;
    sp_poller_deregister(pfd, fd); /* undo the half that may have been added */
    return -(err[1] ? err[1] : err[2]);
}

int sp_poller_deregister(int pfd, int fd) {
    struct kevent ch[2];
    int err[2];
    set(&ch[0], (uintptr_t) fd, EVFILT_READ, EV_DELETE, 0, 0, 0);
    set(&ch[1], (uintptr_t) fd, EVFILT_WRITE, EV_DELETE, 0, 0, 0);
    int rc = apply(pfd, ch, 2, err);
    if (rc < 0) return rc;
    return err[0] ? -err[0] : err[1] ? -err[1] : 0;
}

/*
 * Level-triggered: EV_ADD without EV_CLEAR keeps a knote active while its condition holds.
 * Only the directions that change are touched, together in one kevent() call.
 */
int sp_selector_set(int pfd, int fd, int old_events, int new_events, uint64_t token) {
    const int all = SP_SEL_READ | SP_SEL_WRITE;
    if ((old_events & ~all) || (new_events & ~all)) return -EINVAL;
    static const int bits[2] = { SP_SEL_READ, SP_SEL_WRITE };
    static const int16_t filters[2] = { EVFILT_READ, EVFILT_WRITE };
    struct kevent ch[2];
    int err[2], n = 0;
    for (int i = 0; i < 2; i++) {
        if (!((old_events ^ new_events) & bits[i])) continue;
        int add = new_events & bits[i];
        set(&ch[n++], (uintptr_t) fd, filters[i], add ? EV_ADD : EV_DELETE, 0, 0, add ? token : 0);
    }
    if (n == 0) return 0;
    int rc = apply(pfd, ch, n, err);
    if (rc < 0) return rc;
    int missing = 0, broken = 0;
    for (int i = 0; i < n; i++) {
        /* A knote already gone is what a delete wants (closing the fd drops its knotes). */
        if (err[i] == ENOENT && (ch[i].flags & EV_DELETE)) { missing++; continue; }
        if (err[i] == EPIPE && ch[i].filter == EVFILT_WRITE) { broken = 1; continue; }
        if (err[i]) return -err[i];
    }
    /* Removing an fd that had no knote at all is -ENOENT, as epoll's DEL. */
    if (new_events == 0 && missing == n) return -ENOENT;
    return broken ? -EPIPE : 0;
}

/* Not proven for kqueue's sockets: readers always read to EAGAIN before they wait. */
int sp_short_read_drains(void) { return 0; }
uint32_t sp_event_exceptional_mask(void) { return SP_HUP | SP_ERR; }

/* A kqueue fd is readable while it has pending events. EV_ONESHOT deletes the knote once it
 * fires; EV_ADD makes it again (or updates one still armed), and adding a knote evaluates its
 * filter, so events already pending in the watched kqueue are reported at once. */
int sp_poller_watch(int pfd, int fd, uint64_t token) {
    struct kevent ch;
    int err;
    set(&ch, (uintptr_t) fd, EVFILT_READ, EV_ADD | EV_ONESHOT, 0, 0, token);
    int rc = apply(pfd, &ch, 1, &err);
    return rc < 0 ? rc : -err;
}

int sp_poller_wait(int pfd, void *events, int max_events, int timeout_ms) {
    struct timespec ts, *tp = NULL;
    if (timeout_ms >= 0) {
        ts.tv_sec = timeout_ms / 1000;
        ts.tv_nsec = (long) (timeout_ms % 1000) * 1000000L;
        tp = &ts;
    }
    struct kevent *ev = events;
    int n = kevent(pfd, NULL, 0, ev, max_events, tp);
    if (n < 0) return -errno;
    for (int i = 0; i < n; i++) {
        uint32_t bits = ev[i].filter == EVFILT_WRITE ? SP_OUT : SP_IN; /* user and timer count as readable */
        /* EV_EOF carries the socket's pending error (if any) in fflags. */
        if (ev[i].flags & EV_EOF) bits |= SP_HUP | (ev[i].fflags ? SP_ERR : 0);
        if (ev[i].flags & EV_ERROR) bits |= SP_ERR;
        ev[i].fflags = bits;
    }
    return n;
}

/* Handles of wakeups and timers carry their token in 31 bits (sign at bit 30). */
static int handle_of(uint64_t token) {
    int64_t t = (int64_t) token;
    if (t < -(INT64_C(1) << 30) || t >= (INT64_C(1) << 30)) return -EINVAL;
    return (int) (t & 0x7fffffff);
}

static uint64_t token_of(int handle) {
    int64_t t = handle & 0x3fffffff;
    if (handle & 0x40000000) t -= INT64_C(1) << 30;
    return (uint64_t) t;
}

int sp_wakeup_open(int pfd, uint64_t token) {
    int h = handle_of(token);
    if (h < 0) return h;
    struct kevent ch;
    int err;
    set(&ch, (uintptr_t) h, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, token);
    int rc = apply(pfd, &ch, 1, &err);
    return rc < 0 ? rc : err ? -err : h;
}

int sp_wakeup_signal(int pfd, int handle) {
    struct kevent ch;
    int err;
    set(&ch, (uintptr_t) handle, EVFILT_USER, 0, NOTE_TRIGGER, 0, token_of(handle));
    int rc = apply(pfd, &ch, 1, &err);
    return rc < 0 ? rc : -err;
}

/* EV_CLEAR resets the user event when it is delivered: nothing to consume. */
int sp_wakeup_drain(int pfd, int handle) {
    (void) pfd; (void) handle;
    return 0;
}

/* The timer knote exists only while armed (EV_ONESHOT), so opening registers nothing. */
int sp_timer_open(int pfd, uint64_t token) {
    (void) pfd;
    return handle_of(token);
}

int sp_timer_arm(int pfd, int handle, int64_t delay_ns) {
    if (delay_ns < 0) return -EINVAL;
    /* Delete first so a fired but undelivered deadline cannot raise an event after re-arming. */
    struct kevent ch[2];
    int err[2];
    set(&ch[0], (uintptr_t) handle, EVFILT_TIMER, EV_DELETE, 0, 0, 0);
    set(&ch[1], (uintptr_t) handle, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_NSECONDS,
        (intptr_t) delay_ns, token_of(handle));
    int rc = apply(pfd, ch, delay_ns > 0 ? 2 : 1, err);
    if (rc < 0) return rc;
    if (err[0] && err[0] != ENOENT) return -err[0];
    return delay_ns > 0 && err[1] ? -err[1] : 0;
}

/* Wakeup and timer live inside the kqueue and go with it. */
int sp_poller_close(int pfd, int wakeup, int timer) {
    (void) wakeup; (void) timer;
    if (pfd >= 0 && close(pfd) < 0) return -errno;
    return 0;
}
