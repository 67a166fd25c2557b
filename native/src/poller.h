/*
 * The poller contract, one backend per OS (poller_epoll.c, poller_kqueue.c).
 *
 * Every function returns its result (>= 0) or a negative errno, and never
 * allocates. Sockets are registered once, edge-triggered, for both
 * directions; a waiter never re-arms. A java.nio Selector instead keeps
 * level-triggered registrations on a poller of its own (sp_selector_set).
 * Events are read by Java in place from
 * a buffer it owns: sp_event_layout() says where the token and the ready
 * bits sit in one event, and SP_EV_* bits are tested against masks the
 * backend reports, so Java never needs to know which backend runs.
 */
#ifndef SPINDLE_POLLER_H
#define SPINDLE_POLLER_H

#include <stdint.h>

/* Which ready bits count as "readable" / "writable" for this backend. */
uint32_t sp_event_read_mask(void);
uint32_t sp_event_write_mask(void);

/*
 * Whether a stream socket's read that returns fewer bytes than asked proves its receive queue
 * empty, so that a reader may wait for the next edge without reading to EAGAIN first; and the
 * ready bits after which it no longer does (end of stream, an error, urgent data).
 */
int sp_short_read_drains(void);
uint32_t sp_event_exceptional_mask(void);

/* Size of one event, offset of its 64-bit token, offset of its 32-bit ready bits. */
int sp_event_size(void);
int sp_event_token_offset(void);
int sp_event_bits_offset(void);

int sp_poller_create(void);
/*
 * Registers fd once for read and write readiness, edge-triggered. An fd that can never be
 * writable (a kqueue or an epoll fd) is accepted and reports readability only.
 */
int sp_poller_register(int pfd, int fd, uint64_t token);
int sp_poller_deregister(int pfd, int fd);
/*
 * Arms a one-shot watch of another poller's fd: one event on pfd the next time that poller
 * has events (at once if it has some now), then none until it is armed again. The first call
 * registers fd, later ones re-arm it: how a master poller learns that an idle poller has new
 * events, without hearing of every event of a busy one.
 */
int sp_poller_watch(int pfd, int fd, uint64_t token);

/* Interest bits of sp_selector_set. */
#define SP_SEL_READ 1
#define SP_SEL_WRITE 2
/*
 * Moves fd's level-triggered registration on pfd from old_events to new_events (SP_SEL_*
 * masks): 0 -> non-zero registers, non-zero -> 0 removes, anything else modifies; equal
 * masks change nothing. The caller keeps old_events, since kqueue holds one knote per
 * direction. An fd with no interest is not registered at all, so it reports nothing, not
 * even HUP or ERR. Events come back through sp_poller_wait like any other; HUP and ERR
 * match both masks there, so the caller intersects readiness with the interest it set.
 * Returns 0, -EINVAL for bits outside SP_SEL_*, or the errno of the change (-EEXIST,
 * -ENOENT, -EBADF ...). kqueue only: -EPIPE when write interest cannot be added because
 * the peer is gone; every other change is still made, and the fd should be taken as
 * writable (a write fails with EPIPE at once).
 */
int sp_selector_set(int pfd, int fd, int old_events, int new_events, uint64_t token);
/* Waits for events into the caller's buffer; timeout_ms < 0 waits forever. */
int sp_poller_wait(int pfd, void *events, int max_events, int timeout_ms);

/* A wakeup source registered on the poller under token; returns its handle. */
int sp_wakeup_open(int pfd, uint64_t token);
int sp_wakeup_signal(int pfd, int handle);
/* Consumes pending wakeups, so the next signal raises a fresh edge. */
int sp_wakeup_drain(int pfd, int handle);

/* A one-shot timer registered on the poller under token; returns its handle. */
int sp_timer_open(int pfd, uint64_t token);
/* Fires once after delay_ns (> 0); 0 disarms. Re-arming replaces the old deadline. */
int sp_timer_arm(int pfd, int handle, int64_t delay_ns);

/* Closes the poller with its wakeup and timer handles. */
int sp_poller_close(int pfd, int wakeup, int timer);

#endif
