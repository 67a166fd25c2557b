#include "hist.h"

static unsigned bucket_of(uint64_t v)
{
    if (v < 128)
        return (unsigned)v;
    unsigned msb = 63u - (unsigned)__builtin_clzll(v);
    unsigned shift = msb - 6u; /* v >> shift lies in [64, 127] */
    unsigned idx = 128u + (shift - 1u) * 64u + (unsigned)((v >> shift) - 64u);
    return idx < HIST_BUCKETS ? idx : HIST_BUCKETS - 1;
}

/* Middle of the bucket's range. */
static uint64_t value_of(unsigned idx)
{
    if (idx < 128)
        return idx;
    unsigned shift = (idx - 128u) / 64u + 1u;
    uint64_t low = (uint64_t)((idx - 128u) % 64u + 64u) << shift;
    return low + ((1ull << shift) >> 1);
}

void hist_record(hist_t *h, uint64_t v)
{
    h->count[bucket_of(v)]++;
    h->total++;
    if (v > h->max)
        h->max = v;
}

uint64_t hist_quantile(const hist_t *h, double q)
{
    if (h->total == 0)
        return 0;
    uint64_t rank = (uint64_t)(q * (double)h->total + 0.5);
    if (rank < 1)
        rank = 1;
    if (rank > h->total)
        rank = h->total;
    uint64_t seen = 0;
    for (unsigned i = 0; i < HIST_BUCKETS; i++) {
        seen += h->count[i];
        if (seen >= rank) {
            uint64_t v = value_of(i);
            return v > h->max ? h->max : v;
        }
    }
    return h->max;
}
