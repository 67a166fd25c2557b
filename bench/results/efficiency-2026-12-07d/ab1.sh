#!/bin/bash
# interleaved rounds: netty-epoll, spindle-virtual b=1, b=4 at 10k/16
cd "$(git rev-parse --show-toplevel)"; mkdir -p ${OUT:-/tmp/ab-bound}
for r in 1 2 3 4 5; do
  bash bench/results/carrier-bound-2026-12-07/thread-cpu.sh netty-epoll 10000 16 9411 > ${OUT:-/tmp/ab-bound}/netty.$r 2>&1
  bash bench/results/carrier-bound-2026-12-07/thread-cpu.sh spindle-virtual 10000 16 9411 > ${OUT:-/tmp/ab-bound}/b1.$r 2>&1
  EXTRA=-Ddev.spindle.poller.carrierMillis=4 bash bench/results/carrier-bound-2026-12-07/thread-cpu.sh spindle-virtual 10000 16 9411 > ${OUT:-/tmp/ab-bound}/b4.$r 2>&1
done
