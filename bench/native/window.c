#include "window.h"

void seconds_init(conn_seconds_t *s)
{
    s->done = 0;
    s->sec = -1;
    s->sec_done = 0;
    s->sec_min = UINT32_MAX;
    s->starved = 0;
}

/* Closes the seconds before second `upto`: the current one with its count, and those after it
 * (none, or all of them) with zero completions. */
static void close_seconds(conn_seconds_t *s, int64_t upto)
{
    if (s->sec >= 0 && s->sec < upto && s->sec_done < s->sec_min)
        s->sec_min = s->sec_done;
    if (s->sec + 1 < upto) { /* at least one whole second without a completion */
        s->sec_min = 0;
        s->starved = 1;
    }
}

void seconds_count(conn_seconds_t *s, const window_t *w, uint64_t t)
{
    s->done++;
    int64_t sec = t >= w->from ? (int64_t)((t - w->from) / 1000000000ull) : 0;
    if (sec >= w->whole_secs)
        return; /* the trailing part-second is not a whole second */
    if (sec != s->sec) {
        close_seconds(s, sec);
        s->sec = sec;
        s->sec_done = 0;
    }
    s->sec_done++;
}

void starvation_add(starvation_t *tally, conn_seconds_t *s, int64_t whole, double secs)
{
    if (s->done == 0)
        tally->idle++;
    double r;
    if (whole > 0) {
        close_seconds(s, whole);
        if (s->starved)
            tally->starved++;
        r = (double)s->sec_min;
    } else {
        if (s->done == 0)
            tally->starved++;
        r = secs > 0 ? (double)s->done / secs : 0;
    }
    if (tally->min_rps < 0 || r < tally->min_rps)
        tally->min_rps = r;
}
