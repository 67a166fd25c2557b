#!/bin/bash
# interleaved rounds at RATE/CONNS: netty-epoll, 750cbf2 (master tick), bound timer
rate=${1:-10000}; conns=${2:-16}; rounds=${3:-5}; out=${OUT:-/tmp/ab-bound-timer}/$rate-$conns
mkdir -p $out
cd "$(git rev-parse --show-toplevel)"
for r in $(seq $rounds); do
  bash bench/results/carrier-bound-2026-12-07/thread-cpu.sh netty-epoll $rate $conns 9411 > $out/netty.$r 2>&1
  JAR=/work/builds/hold-tick/spindle-bench.jar bash bench/results/carrier-bound-2026-12-07/thread-cpu.sh spindle-virtual $rate $conns 9411 > $out/tick.$r 2>&1
  JAR=/work/builds/bound-timer/spindle-bench.jar bash bench/results/carrier-bound-2026-12-07/thread-cpu.sh spindle-virtual $rate $conns 9411 > $out/timer.$r 2>&1
done
