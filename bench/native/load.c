/*
 * spindle-echo-load: a closed-loop load generator over epoll for 127.0.0.1.
 *
 * Each of N connections keeps exactly one request in flight: it sends a
 * message, waits for the whole answer, records the round trip, and sends the
 * next one.  --proto echo sends SIZE bytes and expects them back; --proto http
 * sends a GET and expects one full HTTP/1.1 response (Content-Length framed).
 *
 * The run is bounded both in time (--warmup + --duration seconds) and in count
 * (--max-requests).  When the warm-up ends it prints "MEASURE start" and when
 * the window ends one machine-readable line (with --tail S, it prints
 * "MEASURE end" as the window closes and keeps the same load going S seconds
 * longer before the RESULT line, so that an observer reacting to both lines
 * with the same delay sees a window of the same load):
 *   RESULT proto=.. conns=.. connected=.. requests=.. seconds=.. rps=..
 *          p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=.. errors=..
 *          connect_errors=.. cpu_s=.. starved_conns=.. idle_conns=.. min_conn_rps=..
 *
 * Starvation (starved_conns, idle_conns, min_conn_rps) counts each connection's
 * completions per whole second of the window: see window.h.  Only connections
 * that connected are counted.
 *
 * Paced mode (--rate R, as wrk2 does): round trips start at a fixed rate of R
 * per second across all connections instead of back to back. The k-th round
 * trip is scheduled at start + k/R; it goes out on the connection that has been
 * idle longest, or, when none is idle, as soon as one is. Its latency counts
 * from its scheduled start, so a server that falls behind is charged for the
 * queue it causes (no coordinated omission). The RESULT line then also gives
 * rate= and queued_max= (the most round trips ever due with no idle connection).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "answer.h"
#include "clock.h"
#include "hist.h"
#include "load_options.h"
#include "window.h"


typedef struct {
    int fd;
    int connected;
    int want_out;       /* EPOLLOUT currently registered */
    uint64_t sent_at;   /* ns, when the first byte of the request went out */
    size_t out_off;     /* bytes of the current request written so far */
    int served;         /* completed a round trip at any time, warm-up included */
    conn_seconds_t seconds;
    answer_t answer;
} conn_t;


/* Paced mode: the schedule, and the idle connections in the order they went idle. */
static struct {
    uint64_t t0;        /* ns: round trip k is due at t0 + k * 1e9 / rate */
    uint64_t due;       /* round trips due so far */
    uint64_t started;   /* round trips started so far (<= due) */
    uint64_t queued_max;
    int *idle;          /* ring of connection indices */
    int head, count;
} pace = {0, 0, 0, 0, NULL, 0, 0};

static char request[LOAD_MAX_MSG];
static size_t request_len;

static struct {
    int measuring;
    uint64_t requests;
    uint64_t errors;
    uint64_t connect_errors;
    int connected;
    int live;
    int served;            /* connections that completed a round trip */
    uint64_t all_served_at; /* ns when the last of them did, 0 until then */
    window_t window;
    hist_t hist;
} st;

static void set_events(int ep, conn_t *c, int want_out)
{
    struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want_out;
}

static void drop(int ep, conn_t *c, int is_error)
{
    if (c->fd < 0)
        return;
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    st.live--;
    if (is_error)
        st.errors++;
}

/* Writes what remains of the current request; 0 on success or would-block. */
static int flush_request(int ep, conn_t *c)
{
    while (c->out_off < request_len) {
        ssize_t n = send(c->fd, request + c->out_off, request_len - c->out_off, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->want_out)
                set_events(ep, c, 1);
            return 0;
        } else {
            return -1;
        }
    }
    if (c->want_out)
        set_events(ep, c, 0);
    return 0;
}

static int start_request_at(int ep, conn_t *c, uint64_t at)
{
    c->sent_at = at;
    c->out_off = 0;
    answer_expect(&c->answer, opt.proto, opt.size);
    return flush_request(ep, c);
}

static int start_request(int ep, conn_t *c)
{
    return start_request_at(ep, c, now_ns());
}

static uint64_t scheduled(uint64_t k)
{
    return pace.t0 + (uint64_t)((double)k * 1e9 / opt.rate);
}

/* Paced: conn c has no round trip in flight now. */
static void went_idle(conn_t *c, conn_t *conns)
{
    pace.idle[(pace.head + pace.count++) % opt.conns] = (int)(c - conns);
}

/* Paced: starts every round trip that is due on the connections idle longest. The main loop
 * waits no longer than the next one is due (epoll_pwait2's timeout: no timer fd, whose arming
 * and expiry cost three syscalls a round trip and capped the pace here near 30,000/s). */
static void run_schedule(int ep, conn_t *conns, uint64_t t)
{
    while (scheduled(pace.due) <= t)
        pace.due++;
    while (pace.started < pace.due && pace.count > 0) {
        conn_t *c = &conns[pace.idle[pace.head]];
        pace.head = (pace.head + 1) % opt.conns;
        pace.count--;
        if (c->fd < 0)
            continue;
        if (start_request_at(ep, c, scheduled(pace.started++)) < 0)
            drop(ep, c, 1);
    }
    if (pace.due - pace.started > pace.queued_max)
        pace.queued_max = pace.due - pace.started;
}

static void on_readable(int ep, conn_t *c, conn_t *conns, uint64_t stop_at)
{
    static char buf[LOAD_MAX_MSG];
    for (;;) {
        ssize_t n = recv(c->fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) { /* EOF or error: the server dropped us */
            drop(ep, c, 1);
            return;
        }
        int r = answer_take(&c->answer, opt.proto, buf, (size_t)n);
        if (r < 0) {
            drop(ep, c, 1);
            return;
        }
        if (r == 1) {
            uint64_t t = now_ns();
            if (!c->served) {
                c->served = 1;
                if (++st.served == opt.conns)
                    st.all_served_at = t;
            }
            if (st.measuring) {
                st.requests++;
                hist_record(&st.hist, t - c->sent_at);
                seconds_count(&c->seconds, &st.window, t);
            }
            if (t >= stop_at || st.requests >= opt.max_requests)
                return;
            if (opt.rate > 0) {
                went_idle(c, conns);
                run_schedule(ep, conns, t);
                continue; /* read on to EAGAIN: an answer past the end would be an error */
            }
            if (start_request(ep, c) < 0) {
                drop(ep, c, 1);
                return;
            }
        }
    }
}

static void on_connected(int ep, conn_t *c, conn_t *conns)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
        drop(ep, c, 0);
        st.connect_errors++;
        return;
    }
    c->connected = 1;
    st.connected++;
    if (opt.rate > 0) {
        if (c->want_out)
            set_events(ep, c, 0);
        went_idle(c, conns);
        run_schedule(ep, conns, now_ns());
    } else if (start_request(ep, c) < 0) {
        drop(ep, c, 1);
    }
}

static int open_conn(int ep, conn_t *c, const struct sockaddr_in *addr)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return -1;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (const struct sockaddr *)addr, sizeof *addr) < 0 && errno != EINPROGRESS) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    c->want_out = 1;
    st.live++;
    return 0;
}

int main(int argc, char **argv)
{
    load_options_parse(argc, argv);
    request_len = request_build(request, sizeof request, opt.proto, opt.size, opt.port);

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    conn_t *conns = calloc((size_t)opt.conns, sizeof *conns);
    if (ep < 0 || !conns) {
        perror("setup");
        return 1;
    }
    for (int i = 0; i < opt.conns; i++) {
        conns[i].fd = -1;
        seconds_init(&conns[i].seconds);
        if (open_conn(ep, &conns[i], &addr) < 0)
            st.connect_errors++;
    }

    const uint64_t t0 = now_ns();
    if (opt.rate > 0) {
        pace.idle = calloc((size_t)opt.conns, sizeof *pace.idle);
        if (!pace.idle) {
            perror("pacing setup");
            return 1;
        }
        prctl(PR_SET_TIMERSLACK, 1UL); /* wake when a round trip is due, not up to 50 us later */
        pace.t0 = t0;
        run_schedule(ep, conns, t0);
    }
    /* With --settle the window starts once every connection has been served, or at the cap. */
    uint64_t measure_at = t0 + (uint64_t)(opt.warmup_s * 1e9);
    const uint64_t settle_until = measure_at + (uint64_t)(opt.settle_s * 1e9);
    uint64_t stop_at = measure_at + (uint64_t)(opt.duration_s * 1e9);
    uint64_t run_until = stop_at + (uint64_t)(opt.tail_s * 1e9); /* the tail keeps the load going */
    st.window.from = measure_at;
    st.window.whole_secs = (int64_t)opt.duration_s;
    double cpu0 = 0;
    uint64_t measured_from = t0;
    uint64_t t_end = t0;
    double cpu = 0;
    int measured = 0, ended = 0;
    struct epoll_event events[1024];

    for (;;) {
        uint64_t t = now_ns();
        if (!st.measuring && !ended && t >= measure_at && opt.settle_s > 0 && st.served < st.connected
            && t < settle_until) { /* not every connection served yet: push the window back */
            measure_at = t + 10000000ull;
            stop_at = measure_at + (uint64_t)(opt.duration_s * 1e9);
            run_until = stop_at + (uint64_t)(opt.tail_s * 1e9);
            st.window.from = measure_at;
        }
        if (!st.measuring && !ended && t >= measure_at) {
            st.measuring = 1;
            measured_from = t;
            cpu0 = cpu_seconds();
            printf("MEASURE start\n");
            fflush(stdout);
        }
        if (!ended && (t >= stop_at || st.live == 0 || st.requests >= opt.max_requests)) {
            ended = 1;
            t_end = t;
            measured = st.measuring;
            cpu = measured ? cpu_seconds() - cpu0 : 0;
            st.measuring = 0;
            if (opt.tail_s <= 0 || t < stop_at || st.live == 0)
                break; /* no tail, or the run was cut short */
            printf("MEASURE end\n");
            fflush(stdout);
        }
        if (ended && (t >= run_until || st.live == 0))
            break;
        uint64_t next = ended ? run_until : st.measuring ? stop_at : measure_at;
        if (opt.rate > 0) {
            run_schedule(ep, conns, t);
            uint64_t due = scheduled(pace.due);
            if (pace.count > 0 && due < next)
                next = due; /* an idle connection waits for it */
        }
        uint64_t wait_ns = next > t ? next - t : 0;
        if (wait_ns > 100000000ull)
            wait_ns = 100000000ull;
        struct timespec timeout = {.tv_sec = (time_t)(wait_ns / 1000000000ull), .tv_nsec = (long)(wait_ns % 1000000000ull)};
        int n = epoll_pwait2(ep, events, 1024, &timeout, NULL);
        if (n < 0 && errno != EINTR) {
            perror("epoll_pwait2");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (c->fd < 0)
                continue;
            if (!c->connected) {
                if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
                    on_connected(ep, c, conns);
                continue;
            }
            if (events[i].events & EPOLLOUT) {
                if (flush_request(ep, c) < 0) {
                    drop(ep, c, 1);
                    continue;
                }
            }
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                on_readable(ep, c, conns, run_until);
        }
    }

    double secs = measured ? (double)(t_end - measured_from) / 1e9 : 0;
    starvation_t tally = {0, 0, -1};
    /* a run cut short (--max-requests, every connection gone) has fewer whole seconds */
    int64_t whole = t_end > st.window.from ? (int64_t)((t_end - st.window.from) / 1000000000ull) : 0;
    if (whole > st.window.whole_secs)
        whole = st.window.whole_secs;
    for (int i = 0; i < opt.conns; i++)
        if (conns[i].connected)
            starvation_add(&tally, &conns[i].seconds, whole, secs);
    if (tally.min_rps < 0)
        tally.min_rps = 0;
    printf("RESULT proto=%s conns=%d connected=%d requests=%llu seconds=%.3f rps=%.1f "
           "p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f "
           "errors=%llu connect_errors=%llu cpu_s=%.3f starved_conns=%d idle_conns=%d min_conn_rps=%.1f "
           "all_served_s=%.3f window_start_s=%.3f rate=%.1f queued_max=%llu\n",
           opt.proto == PROTO_ECHO ? "echo" : "http", opt.conns, st.connected,
           (unsigned long long)st.requests, secs, secs > 0 ? (double)st.requests / secs : 0.0,
           hist_quantile(&st.hist, 0.50) / 1e3, hist_quantile(&st.hist, 0.90) / 1e3,
           hist_quantile(&st.hist, 0.99) / 1e3, hist_quantile(&st.hist, 0.999) / 1e3,
           st.hist.max / 1e3, (unsigned long long)st.errors,
           (unsigned long long)st.connect_errors, cpu, tally.starved, tally.idle, tally.min_rps,
           st.all_served_at ? (double)(st.all_served_at - t0) / 1e9 : -1.0, (double)(measured_from - t0) / 1e9,
           opt.rate, (unsigned long long)pace.queued_max);
    fflush(stdout);
    for (int i = 0; i < opt.conns; i++)
        if (conns[i].fd >= 0)
            close(conns[i].fd);
    free(conns);
    free(pace.idle);
    close(ep);
    return 0;
}
