/* spindle-udp-load's command line: the echo load (flows, window, size, timing) or the sink. */
#ifndef SPINDLE_BENCH_UDP_LOAD_OPTIONS_H
#define SPINDLE_BENCH_UDP_LOAD_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#define MAX_FLOWS 4096
#define MAX_WINDOW 1024
#define MAX_SIZE 2048
#define HEADER 24 /* u32 flow, u32 slot, u64 seq, u64 sent_ns */

typedef struct {
    int sink;
    int port;
    int flows;
    int window;
    size_t size;
    double warmup_s;
    double duration_s;
    double tail_s;
    double timeout_ms;
    uint64_t max_packets;
} udp_load_options_t;

extern udp_load_options_t opt;

/* Parses argv into opt; prints the usage and exits with status 2 on a bad option or value. */
void udp_load_options_parse(int argc, char **argv);

#endif
