/* Clocks shared by the load generators. */
#ifndef SPINDLE_BENCH_CLOCK_H
#define SPINDLE_BENCH_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);
/* User + system CPU time of this process, in seconds. */
double cpu_seconds(void);

#endif
