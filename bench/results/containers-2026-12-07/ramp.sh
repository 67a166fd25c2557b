#!/bin/bash
# Per impl: its server alone on CPU 0 (primed 5 s at 64 conns), then RUNS closed-loop runs at CONNS
# fresh connections (load on CPU 1): how long until every connection got its first answer (all_served_s).
set -u
cd "${BENCH_DIR:-bench/target}"
CONNS=$1 RUNS=$2; shift 2
for impl in "$@"; do
  opts=$(java -jar spindle-bench.jar jvm-options --impl $impl | tr '\n' ' ')
  taskset -c 0 java --enable-native-access=ALL-UNNAMED $opts -jar spindle-bench.jar server --impl $impl --mode http --port 18210 > /tmp/ramp-$impl.log 2>&1 &
  pid=$!
  for i in $(seq 1 150); do grep -q "^listening" /tmp/ramp-$impl.log && break; sleep 0.2; done
  taskset -c 1 timeout 30 native/spindle-echo-load --port 18210 --proto http --conns 64 --duration 5 > /dev/null 2>&1
  for r in $(seq 1 $RUNS); do
    line=$(taskset -c 1 timeout 60 native/spindle-echo-load --port 18210 --proto http --conns $CONNS --warmup 0 --duration 6 2>&1 | grep RESULT)
    echo "$impl run $r: $(echo "$line" | tr ' ' '\n' | grep -E '^(rps|errors|connect_errors|starved_conns|idle_conns|all_served_s)=' | tr '\n' ' ')"
  done
  kill $pid; wait $pid 2>/dev/null
done
