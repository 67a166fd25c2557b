#!/bin/bash
# Interleaved rounds at 10,000/s on 16 connections: netty-epoll, spindle-virtual before the change
# (a354b63's jar, the same code as 99a8093) and after it (ae8f984's jar). Per-thread CPU over a 5 s paced window.
cd "$(git rev-parse --show-toplevel)"; out=${OUT:-/tmp/ab-master}; mkdir -p $out
t=bench/results/carrier-bound-2026-12-07/thread-cpu.sh
for r in 1 2 3 4 5; do
  bash $t netty-epoll 10000 16 9411 > $out/netty.$r 2>&1
  JAR=/work/builds/yield-ask/spindle-bench.jar bash $t spindle-virtual 10000 16 9411 > $out/before.$r 2>&1
  JAR=/work/builds/master-fix/spindle-bench.jar bash $t spindle-virtual 10000 16 9411 > $out/after.$r 2>&1
done
