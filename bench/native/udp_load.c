/*
 * spindle-udp-load: a UDP echo load generator for 127.0.0.1, and a datagram sink.
 *
 * Echo mode (default): F flows, each its own UDP socket (its own port) connected
 * to 127.0.0.1:PORT, each keeping a window of W datagrams of SIZE bytes in
 * flight.  Every datagram occupies a slot of its flow and carries the flow,
 * the slot, a sequence number and its send time; an echo that matches its
 * slot's current sequence number frees the slot, which is refilled at once
 * (sendmmsg, one call per flow per batch of echoes; echoes are read with
 * recvmmsg).  A slot that waits longer than --timeout-ms counts as lost and is
 * resent with a new sequence number; an echo of an older sequence number
 * counts as late and is ignored.
 *
 * Bounded in time (--warmup + --duration [+ --tail]) and count (--max-packets,
 * echoes in the window).  Prints "MEASURE start" when the window opens (and with
 * --tail S "MEASURE end" as it closes, keeping the load going S s longer) and one
 * machine-readable line:
 *   RESULT proto=udp-echo flows=.. window=.. size=.. sent=.. echoed=.. lost=.. late=..
 *          seconds=.. pps=.. loss_pct=.. p50_us=.. p99_us=.. p999_us=.. max_us=..
 *          errors=.. cpu_s=.. idle_flows=.. min_flow_pps=..
 * sent/echoed/lost/late count the window only; loss_pct = lost / (echoed + lost).
 *
 * Sink mode (--sink): binds 127.0.0.1:0, prints "SINK port=N", counts the
 * datagrams it receives until its stdin closes or --duration passes, then prints
 *   RESULT proto=udp-sink received=.. bytes=.. seconds=.. pps=.. cpu_s=..
 * (seconds: from the first datagram to the last).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "hist.h"
#include "udp_load_options.h"

#define BATCH 64
#define SOCKET_BUFFER (4 << 20)

typedef struct {
    uint64_t seq;     /* 0: free */
    uint64_t sent_at; /* ns */
} slot_t;

typedef struct {
    int fd;
    uint32_t id;
    slot_t *slots;
    uint64_t echoed;  /* in the window */
} flow_t;


static struct {
    int measuring;
    uint64_t sent, echoed, lost, late, errors;
    uint64_t next_seq;
    hist_t hist;
} st;

static void big_buffers(int fd)
{
    int size = SOCKET_BUFFER;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

static int loopback_socket(int port, int connect_to)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    big_buffers(fd);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = connect_to ? connect(fd, (struct sockaddr *)&a, sizeof a) : bind(fd, (struct sockaddr *)&a, sizeof a);
    if (rc < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* ---- echo mode */

static char out_buf[BATCH][MAX_SIZE];
static char in_buf[BATCH][MAX_SIZE];

/* Fills the free slots of flow f, sending them in batches. */
static void refill(flow_t *f, uint64_t t)
{
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    uint32_t slot_of[BATCH];
    int w = 0;
    for (;;) {
        int n = 0;
        while (w < opt.window && n < BATCH) {
            if (f->slots[w].seq == 0) {
                uint64_t seq = ++st.next_seq;
                char *p = out_buf[n];
                memcpy(p, &f->id, 4);
                uint32_t s = (uint32_t)w;
                memcpy(p + 4, &s, 4);
                memcpy(p + 8, &seq, 8);
                memcpy(p + 16, &t, 8);
                f->slots[w].seq = seq;
                f->slots[w].sent_at = t;
                iov[n] = (struct iovec){.iov_base = p, .iov_len = opt.size};
                msgs[n] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[n], .msg_iovlen = 1}};
                slot_of[n] = s;
                n++;
            }
            w++;
        }
        if (n == 0)
            return;
        int done = 0;
        while (done < n) {
            int k = sendmmsg(f->fd, msgs + done, (unsigned)(n - done), 0);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            done += k;
        }
        if (st.measuring)
            st.sent += (uint64_t)done;
        for (int i = done; i < n; i++) /* not sent (buffer full, ECONNREFUSED...): free again, retried later */
            f->slots[slot_of[i]].seq = 0;
        if (done < n) {
            st.errors += st.measuring ? 1 : 0;
            return;
        }
    }
}

/* Reads every echo waiting on flow f; returns how many freed a slot. */
static int drain(flow_t *f, uint64_t *t)
{
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    int freed = 0;
    for (;;) {
        for (int i = 0; i < BATCH; i++) {
            iov[i] = (struct iovec){.iov_base = in_buf[i], .iov_len = sizeof in_buf[i]};
            msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[i], .msg_iovlen = 1}};
        }
        int n = recvmmsg(f->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && st.measuring)
                st.errors++; /* e.g. ECONNREFUSED: nothing listens on the port */
            return freed;
        }
        *t = now_ns();
        for (int i = 0; i < n; i++) {
            const char *p = in_buf[i];
            uint32_t id, s;
            uint64_t seq, sent;
            if (msgs[i].msg_len != opt.size) {
                st.errors += st.measuring ? 1 : 0;
                continue;
            }
            memcpy(&id, p, 4);
            memcpy(&s, p + 4, 4);
            memcpy(&seq, p + 8, 8);
            memcpy(&sent, p + 16, 8);
            if (id != f->id || s >= (uint32_t)opt.window) {
                st.errors += st.measuring ? 1 : 0;
                continue;
            }
            if (f->slots[s].seq != seq) {
                st.late += st.measuring ? 1 : 0;
                continue;
            }
            f->slots[s].seq = 0;
            freed++;
            if (st.measuring) {
                st.echoed++;
                f->echoed++;
                hist_record(&st.hist, *t - sent);
            }
        }
        if (n < BATCH)
            return freed;
    }
}

/* Frees every slot waiting longer than the timeout; returns how many. */
static int expire(flow_t *f, uint64_t t, uint64_t timeout_ns)
{
    int n = 0;
    for (int w = 0; w < opt.window; w++) {
        slot_t *s = &f->slots[w];
        if (s->seq != 0 && t - s->sent_at > timeout_ns) {
            s->seq = 0;
            n++;
        }
    }
    if (st.measuring)
        st.lost += (uint64_t)n;
    return n;
}

static int run_echo(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    flow_t *flows = calloc((size_t)opt.flows, sizeof *flows);
    slot_t *slots = calloc((size_t)opt.flows * (size_t)opt.window, sizeof *slots);
    if (ep < 0 || !flows || !slots) {
        perror("setup");
        return 1;
    }
    for (int i = 0; i < opt.flows; i++) {
        flows[i].id = (uint32_t)i;
        flows[i].slots = slots + (size_t)i * (size_t)opt.window;
        flows[i].fd = loopback_socket(opt.port, 1);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.ptr = &flows[i]};
        if (flows[i].fd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, flows[i].fd, &ev) < 0) {
            perror("socket");
            return 1;
        }
    }
    const uint64_t timeout_ns = (uint64_t)(opt.timeout_ms * 1e6);
    const uint64_t t0 = now_ns();
    const uint64_t measure_at = t0 + (uint64_t)(opt.warmup_s * 1e9);
    const uint64_t stop_at = measure_at + (uint64_t)(opt.duration_s * 1e9);
    const uint64_t run_until = stop_at + (uint64_t)(opt.tail_s * 1e9);
    uint64_t measured_from = t0, t_end = t0, next_expiry = t0 + timeout_ns / 4;
    double cpu0 = 0, cpu = 0;
    int measured = 0, ended = 0;
    for (int i = 0; i < opt.flows; i++)
        refill(&flows[i], t0);

    struct epoll_event events[256];
    for (;;) {
        uint64_t t = now_ns();
        if (!st.measuring && !ended && t >= measure_at) {
            st.measuring = 1;
            measured_from = t;
            cpu0 = cpu_seconds();
            printf("MEASURE start\n");
            fflush(stdout);
        }
        if (!ended && (t >= stop_at || st.echoed >= opt.max_packets)) {
            ended = 1;
            measured = st.measuring;
            t_end = t;
            cpu = measured ? cpu_seconds() - cpu0 : 0;
            st.measuring = 0;
            if (opt.tail_s <= 0 || t < stop_at)
                break;
            printf("MEASURE end\n");
            fflush(stdout);
        }
        if (ended && t >= run_until)
            break;
        if (t >= next_expiry) {
            for (int i = 0; i < opt.flows; i++)
                if (expire(&flows[i], t, timeout_ns) > 0)
                    refill(&flows[i], t);
            next_expiry = t + timeout_ns / 4;
        }
        uint64_t next = ended ? run_until : st.measuring ? stop_at : measure_at;
        if (next_expiry < next)
            next = next_expiry;
        int timeout_ms = next > t ? (int)((next - t) / 1000000ull) + 1 : 0;
        int n = epoll_wait(ep, events, 256, timeout_ms);
        if (n < 0 && errno != EINTR) {
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            flow_t *f = events[i].data.ptr;
            uint64_t tr = t;
            if (drain(f, &tr) > 0)
                refill(f, tr);
        }
    }

    double secs = measured ? (double)(t_end - measured_from) / 1e9 : 0;
    int idle = 0;
    double min_pps = -1;
    for (int i = 0; i < opt.flows; i++) {
        if (flows[i].echoed == 0)
            idle++;
        double r = secs > 0 ? (double)flows[i].echoed / secs : 0;
        if (min_pps < 0 || r < min_pps)
            min_pps = r;
    }
    double answered = (double)(st.echoed + st.lost);
    printf("RESULT proto=udp-echo flows=%d window=%d size=%zu sent=%llu echoed=%llu lost=%llu late=%llu "
           "seconds=%.3f pps=%.1f loss_pct=%.3f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f "
           "errors=%llu cpu_s=%.3f idle_flows=%d min_flow_pps=%.1f\n",
           opt.flows, opt.window, opt.size, (unsigned long long)st.sent, (unsigned long long)st.echoed,
           (unsigned long long)st.lost, (unsigned long long)st.late, secs,
           secs > 0 ? (double)st.echoed / secs : 0.0, answered > 0 ? 100.0 * (double)st.lost / answered : 0.0,
           hist_quantile(&st.hist, 0.50) / 1e3, hist_quantile(&st.hist, 0.99) / 1e3,
           hist_quantile(&st.hist, 0.999) / 1e3, st.hist.max / 1e3, (unsigned long long)st.errors, cpu, idle,
           min_pps < 0 ? 0.0 : min_pps);
    fflush(stdout);
    for (int i = 0; i < opt.flows; i++)
        close(flows[i].fd);
    free(slots);
    free(flows);
    close(ep);
    return 0;
}

/* ---- sink mode */

static int run_sink(void)
{
    int fd = loopback_socket(0, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    if (fd < 0 || getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        perror("sink socket");
        return 1;
    }
    printf("SINK port=%d\n", ntohs(a.sin_port));
    fflush(stdout);
    const uint64_t until = now_ns() + (uint64_t)(opt.duration_s * 1e9);
    uint64_t received = 0, bytes = 0, first = 0, last = 0;
    double cpu0 = cpu_seconds();
    struct pollfd pfd[2] = {{.fd = fd, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    static char buf[BATCH][MAX_SIZE];
    for (;;) {
        uint64_t t = now_ns();
        if (t >= until)
            break;
        int n = poll(pfd, 2, (int)((until - t) / 1000000ull) + 1);
        if (n < 0 && errno != EINTR)
            break;
        if (pfd[1].revents) /* stdin readable: closed (or anything written) ends the sink */
            break;
        for (;;) {
            for (int i = 0; i < BATCH; i++) {
                iov[i] = (struct iovec){.iov_base = buf[i], .iov_len = sizeof buf[i]};
                msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[i], .msg_iovlen = 1}};
            }
            int k = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
            if (k <= 0)
                break;
            last = now_ns();
            if (first == 0)
                first = last;
            received += (uint64_t)k;
            for (int i = 0; i < k; i++)
                bytes += msgs[i].msg_len;
        }
    }
    double secs = last > first ? (double)(last - first) / 1e9 : 0;
    printf("RESULT proto=udp-sink received=%llu bytes=%llu seconds=%.3f pps=%.1f cpu_s=%.3f\n",
           (unsigned long long)received, (unsigned long long)bytes, secs, secs > 0 ? (double)received / secs : 0.0,
           cpu_seconds() - cpu0);
    fflush(stdout);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    udp_load_options_parse(argc, argv);
    return opt.sink ? run_sink() : run_echo();
}
