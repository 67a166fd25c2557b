/* A minimal assertion helper for the C tests: report the failing line and exit non-zero. */
#ifndef SPINDLE_CHECK_H
#define SPINDLE_CHECK_H
#include <stdio.h>
#include <stdlib.h>

#define CHECK_TRUE(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); exit(1); } } while (0)
#define CHECK_EQ(want, got) do { long long w_ = (long long) (want), g_ = (long long) (got); if (w_ != g_) { \
    fprintf(stderr, "%s:%d: %s: want %lld, got %lld\n", __FILE__, __LINE__, #got, w_, g_); exit(1); } } while (0)
#define RUN(test) do { test(); printf("ok %s\n", #test); } while (0)

#endif
