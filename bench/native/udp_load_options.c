#include "udp_load_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

udp_load_options_t opt = {0, 0, 1, 16, 64, 1.0, 3.0, 0.0, 100.0, 1000000000ull};

static void usage(void)
{
    fprintf(stderr,
            "usage: spindle-udp-load --port P [--flows F] [--window W] [--size BYTES] [--warmup S]\n"
            "       [--duration S] [--tail S] [--timeout-ms MS] [--max-packets N]\n"
            "       spindle-udp-load --sink [--duration S]\n"
            "127.0.0.1 only.\n");
    exit(2);
}

void udp_load_options_parse(int argc, char **argv)
{
    static const struct option longs[] = {
        {"sink", no_argument, 0, 'k'},
        {"port", required_argument, 0, 'p'},
        {"flows", required_argument, 0, 'f'},
        {"window", required_argument, 0, 'W'},
        {"size", required_argument, 0, 's'},
        {"warmup", required_argument, 0, 'w'},
        {"duration", required_argument, 0, 'd'},
        {"tail", required_argument, 0, 't'},
        {"timeout-ms", required_argument, 0, 'o'},
        {"max-packets", required_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "kp:f:W:s:w:d:t:o:n:h", longs, NULL)) != -1) {
        switch (c) {
        case 'k': opt.sink = 1; break;
        case 'p': opt.port = atoi(optarg); break;
        case 'f': opt.flows = atoi(optarg); break;
        case 'W': opt.window = atoi(optarg); break;
        case 's': opt.size = (size_t)strtoul(optarg, NULL, 10); break;
        case 'w': opt.warmup_s = atof(optarg); break;
        case 'd': opt.duration_s = atof(optarg); break;
        case 't': opt.tail_s = atof(optarg); break;
        case 'o': opt.timeout_ms = atof(optarg); break;
        case 'n': opt.max_packets = strtoull(optarg, NULL, 10); break;
        default: usage();
        }
    }
    if (opt.duration_s <= 0 || opt.duration_s > 3600)
        usage();
    if (opt.sink)
        return;
    if (opt.port <= 0 || opt.port > 65535 || opt.flows < 1 || opt.flows > MAX_FLOWS || opt.window < 1
        || opt.window > MAX_WINDOW || opt.size < HEADER || opt.size > MAX_SIZE || opt.warmup_s < 0
        || opt.warmup_s > 3600 || opt.tail_s < 0 || opt.tail_s > 3600 || opt.timeout_ms < 1
        || opt.timeout_ms > 60000 || opt.max_packets < 1)
        usage();
}
