/* Starvation accounting for spindle-echo-load: each connection's completions per whole second
 * of the measured window (seconds from the window's start; a trailing part-second is left out).
 * Each connection keeps a running tally of its current second (no per-second array), so it
 * allocates nothing and costs O(1) per completion.
 *
 * At the end: starved, connections that completed nothing in at least one whole second; idle,
 * those that completed nothing in the whole window; min_rps, the fewest completions any
 * connection made in one whole second. A window shorter than one second has no whole second:
 * then starved equals idle and min_rps is the lowest per-connection rate over the window. */
#ifndef SPINDLE_BENCH_WINDOW_H
#define SPINDLE_BENCH_WINDOW_H

#include <stdint.h>

typedef struct {
    uint64_t from;       /* ns: whole seconds count from here (the window's nominal start) */
    int64_t whole_secs;  /* whole seconds in the window */
} window_t;

typedef struct {
    uint64_t done;      /* completions in the window */
    int64_t sec;        /* whole second of the last completion, -1 before the first */
    uint32_t sec_done;  /* completions in that second so far */
    uint32_t sec_min;   /* fewest completions in any closed whole second (UINT32_MAX: none closed) */
    int starved;        /* a closed whole second had no completion */
} conn_seconds_t;

typedef struct {
    int starved, idle;
    double min_rps;     /* -1 until a connection is added */
} starvation_t;

void seconds_init(conn_seconds_t *s);
/* One completion at t (ns) in the window. */
void seconds_count(conn_seconds_t *s, const window_t *w, uint64_t t);
/* Adds a connection that connected to the tally, over `whole` whole seconds (fewer than the
 * window's if the run was cut short) or, with none, over `secs` seconds of window. */
void starvation_add(starvation_t *tally, conn_seconds_t *s, int64_t whole, double secs);

#endif
