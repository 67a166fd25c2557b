/* spindle-echo-load's command line: what load to make, for how long, at what pace. */
#ifndef SPINDLE_BENCH_LOAD_OPTIONS_H
#define SPINDLE_BENCH_LOAD_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "answer.h"

#define LOAD_MAX_CONNS 60000
#define LOAD_MAX_MSG 65536

typedef struct {
    enum proto proto;
    int port;
    int conns;
    size_t size;
    double warmup_s;
    double duration_s;
    uint64_t max_requests;
    double tail_s;
    double settle_s;    /* after the warm-up, wait up to this long for every connection to be served once */
    double rate;        /* paced: round trips per second across all connections; 0 = closed loop */
} load_options_t;

extern load_options_t opt;

/* Parses argv into opt; prints the usage and exits with status 2 on a bad option or value. */
void load_options_parse(int argc, char **argv);

#endif
