#!/bin/bash
# usage: windows.sh IMPL PORT RATE CONNS N -> N consecutive paced windows (1 s warm-up + 3 s each) on one server
# started with -Xlog:gc (wall-clock times, in $TAILS_DIR, default ${TMPDIR:-/tmp}/tails), after 10 s of load:
# each window's start, p99, max and the host's steal over it in /proc/stat ticks (10 ms, all CPUs).
# JAR picks a build (default bench/target/spindle-bench.jar). Run from any directory of a clone.
impl=$1; port=$2; rate=$3; conns=$4; n=$5
cd "$(dirname "$0")/../../../.."; . ci/java-home.sh > /dev/null
J=${JAR:-bench/target/spindle-bench.jar}; L=bench/target/native/spindle-echo-load
out=${TAILS_DIR:-${TMPDIR:-/tmp}/tails}; mkdir -p $out
mapfile -t opts < <(java -jar $J jvm-options --impl $impl)
taskset -c 0 java --enable-native-access=ALL-UNNAMED "${opts[@]}" -Xlog:gc:file=$out/$impl.gc.log:uptime,time -cp $J \
    dev.spindle.bench.Main server --impl $impl --mode echo --port $port > $out/$impl.server.log 2>&1 &
pid=$!
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
taskset -c 1 $L --port $port --conns $conns --rate $rate --warmup 0 --duration 10 > /dev/null
for w in $(seq $n); do
  s0=$(awk '/^cpu /{print $9}' /proc/stat); t0=$(date +%T.%N | cut -c1-12)
  r=$(taskset -c 1 $L --port $port --conns $conns --rate $rate --warmup 1 --duration 3 | grep -o 'p99_us=[0-9.]*\|max_us=[0-9.]*' | tr '\n' ' ')
  s1=$(awk '/^cpu /{print $9}' /proc/stat)
  echo "$t0 $r steal_ticks=$((s1-s0))"
done
kill $pid; wait $pid 2>/dev/null
