#include "load_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

load_options_t opt = {PROTO_ECHO, 0, 16, 64, 1.0, 3.0, 100000000ull, 0.0, 0.0, 0.0};

static void usage(void)
{
    fprintf(stderr,
            "usage: spindle-echo-load --port P [--proto echo|http] [--conns N]\n"
            "       [--size BYTES] [--warmup S] [--duration S] [--max-requests M] [--tail S] [--settle S]\n"
            "       [--rate R]   (paced: R round trips per second across all connections)\n"
            "Connects to 127.0.0.1 only.\n");
    exit(2);
}

void load_options_parse(int argc, char **argv)
{
    static const struct option longs[] = {
        {"port", required_argument, 0, 'p'},
        {"proto", required_argument, 0, 'm'},
        {"conns", required_argument, 0, 'c'},
        {"size", required_argument, 0, 's'},
        {"warmup", required_argument, 0, 'w'},
        {"duration", required_argument, 0, 'd'},
        {"max-requests", required_argument, 0, 'n'},
        {"tail", required_argument, 0, 't'},
        {"settle", required_argument, 0, 'e'},
        {"rate", required_argument, 0, 'r'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "p:m:c:s:w:d:n:t:e:r:h", longs, NULL)) != -1) {
        switch (c) {
        case 'p': opt.port = atoi(optarg); break;
        case 'm':
            if (strcmp(optarg, "echo") == 0) opt.proto = PROTO_ECHO;
            else if (strcmp(optarg, "http") == 0) opt.proto = PROTO_HTTP;
            else usage();
            break;
        case 'c': opt.conns = atoi(optarg); break;
        case 's': opt.size = (size_t)strtoul(optarg, NULL, 10); break;
        case 'w': opt.warmup_s = atof(optarg); break;
        case 'd': opt.duration_s = atof(optarg); break;
        case 'n': opt.max_requests = strtoull(optarg, NULL, 10); break;
        case 't': opt.tail_s = atof(optarg); break;
        case 'e': opt.settle_s = atof(optarg); break;
        case 'r': opt.rate = atof(optarg); break;
        default: usage();
        }
    }
    if (opt.port <= 0 || opt.port > 65535 || opt.conns < 1 || opt.conns > LOAD_MAX_CONNS
        || opt.size < 1 || opt.size > LOAD_MAX_MSG || opt.warmup_s < 0 || opt.warmup_s > 3600
        || opt.duration_s <= 0 || opt.duration_s > 3600 || opt.max_requests < 1
        || opt.tail_s < 0 || opt.tail_s > 3600 || opt.settle_s < 0 || opt.settle_s > 3600
        || opt.rate < 0 || opt.rate > 1e8)
        usage();
}
