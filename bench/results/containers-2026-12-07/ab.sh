#!/bin/bash
# A/B: IMPL_A and IMPL_B servers started side by side (server on CPU 0), primed 5 s closed-loop,
# then RUNS alternating paced runs of RATE/s at CONNS connections (load on CPU 1), 1 s warm-up + 3 s each.
# usage: ab.sh IMPL_A IMPL_B RATE CONNS RUNS
set -u
cd "${BENCH_DIR:-bench/target}"  # where spindle-bench.jar and native/ are; the logs go to /tmp
A=$1 B=$2 RATE=$3 CONNS=$4 RUNS=$5
port=18200
declare -A PORT PID
for impl in $A $B; do
  port=$((port+1)); PORT[$impl]=$port
  opts=$(java -jar spindle-bench.jar jvm-options --impl $impl | tr '\n' ' ')
  taskset -c 0 java --enable-native-access=ALL-UNNAMED $opts -jar spindle-bench.jar server --impl $impl --mode http --port $port > /tmp/ab-$impl.log 2>&1 &
  PID[$impl]=$!
done
for impl in $A $B; do
  for i in $(seq 1 150); do grep -q "^listening" /tmp/ab-$impl.log && break; sleep 0.2; done
  grep "^listening" /tmp/ab-$impl.log | cut -c1-200
  taskset -c 1 timeout 30 native/spindle-echo-load --port ${PORT[$impl]} --proto http --conns 64 --duration 5 > /dev/null 2>&1
done
for r in $(seq 1 $RUNS); do
  for impl in $A $B; do
    line=$(taskset -c 1 timeout 30 native/spindle-echo-load --port ${PORT[$impl]} --proto http --conns $CONNS --rate $RATE --warmup 1 --duration 3 2>&1 | grep RESULT)
    echo "run $r $impl: $(echo "$line" | tr ' ' '\n' | grep -E '^(rps|p50_us|p99_us|max_us|errors|connect_errors|idle_conns|starved_conns|queued_max)=' | tr '\n' ' ')"
  done
done
for impl in $A $B; do kill ${PID[$impl]}; wait ${PID[$impl]} 2>/dev/null; done
