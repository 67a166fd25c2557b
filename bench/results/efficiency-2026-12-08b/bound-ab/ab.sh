#!/bin/bash
# Three interleaved rounds of per-thread CPU at 10,000 requests/s on 16 connections: spindle-virtual with a
# carrier bound of 1 ms (the default), 4 ms and 100 ms (no tick in practice), and netty-epoll.
# JAR picks a build (default: bench/target/spindle-bench.jar of this clone). Run from any directory of a clone.
S="$(cd "$(dirname "$0")/../../carrier-bound-2026-12-07" && pwd)/thread-cpu.sh"
for r in 1 2 3; do
  for v in 1 4 100 netty; do
    if [ $v = netty ]; then impl=netty-epoll; X=; else impl=spindle-virtual; X=-Ddev.spindle.poller.carrierMillis=$v; fi
    echo "== round $r $v"
    EXTRA="$X" bash "$S" $impl 10000 16 $((9100+r)) | grep -E "TOTAL|master|requests"
  done
done
