/* A log-linear latency histogram: exact below 128 ns, then 64 sub-buckets per
 * power of two (under 1.6% relative error), covering up to ~18 minutes. */
#ifndef SPINDLE_BENCH_HIST_H
#define SPINDLE_BENCH_HIST_H

#include <stdint.h>

#define HIST_BUCKETS (128 + 34 * 64)

typedef struct {
    uint64_t count[HIST_BUCKETS];
    uint64_t total;
    uint64_t max;
} hist_t;

void hist_record(hist_t *h, uint64_t value_ns);
/* Value (ns) at quantile q in [0,1]; 0 when the histogram is empty. */
uint64_t hist_quantile(const hist_t *h, double q);

#endif
