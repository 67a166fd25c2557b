#!/bin/bash
# usage: thread-cpu.sh IMPL RATE CONNS PORT  -> per-thread CPU (10 ms ticks) over a 5 s paced window, after 12 s of warm-up load
# SWITCHES=1 adds each thread's voluntary and involuntary context switches per request (from /proc/PID/task/*/status).
# JAR (default bench/target/spindle-bench.jar) picks a build; EXTRA adds JVM options; the server's and the
# load's output go to $THREAD_CPU_DIR (default ${TMPDIR:-/tmp}/thread-cpu). Run from any directory of a clone.
impl=$1; rate=$2; conns=$3; port=$4
cd "$(dirname "$0")/../../.."
. ci/java-home.sh > /dev/null
J=${JAR:-bench/target/spindle-bench.jar}
out=${THREAD_CPU_DIR:-${TMPDIR:-/tmp}/thread-cpu}; mkdir -p "$out"
mapfile -t opts < <(java -jar $J jvm-options --impl $impl)
taskset -c 0 java --enable-native-access=ALL-UNNAMED "${opts[@]}" $EXTRA -cp $J dev.spindle.bench.Main server --impl $impl --mode echo --port $port > $out/$impl.server.log 2>&1 &
pid=$!
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
L=bench/target/native/spindle-echo-load
taskset -c 1 $L --port $port --conns $conns --rate $rate --warmup 0 --duration 12 > /dev/null
snap() { for t in /proc/$pid/task/*; do read -r line < $t/stat; name=$(tr " " "_" < $t/comm); f=(${line##*) }); sw=$(awk '/^(non)?voluntary_ctxt/ {printf " %s", $2}' $t/status); echo "$(basename $t) $name $((f[11]+f[12]))$sw"; done; }
(taskset -c 1 $L --port $port --conns $conns --rate $rate --warmup 0 --duration 5 > $out/$impl.load.txt) &
lp=$!
sleep 0.05; snap > $out/snap1.$impl
wait $lp
snap > $out/snap2.$impl
kill $pid; wait $pid 2>/dev/null
req=$(grep -o 'requests=[0-9]*' $out/$impl.load.txt | cut -d= -f2)
# joined fields: tid, then name ticks voluntary involuntary of each snapshot
join <(sort $out/snap1.$impl) <(sort $out/snap2.$impl) | awk -v req=${req:-0} -v sw=${SWITCHES:-0} '{d=$7-$3; v[$2]+=$8-$4; iv[$2]+=$9-$5; if (d>0) {n[$2]+=d; tot+=d}}
  END {for (k in n) if (sw == 1 && req > 0) printf "%-28s %5d ticks  %.3f + %.3f switches/req\n", k, n[k], v[k]/req, iv[k]/req; else printf "%-28s %5d ticks\n", k, n[k]
       printf "%-28s %5d ticks\n", "TOTAL", tot}' | sort -k2 -n -r
grep -o 'requests=[0-9]* \|p99_us=[0-9.]*' $out/$impl.load.txt | tr '\n' ' '; echo
