#!/usr/bin/env bash
# Syscalls per request of one compare server under a fixed load, counted two ways:
#   perf stat on syscall tracepoints (low overhead: the numbers to quote), and
#   strace -c -f (every syscall by name, but it slows the server several times over).
# Usage: bench/scripts/syscalls-per-request.sh IMPL MODE CONNS [SECONDS] [OUTDIR]
#   e.g. bench/scripts/syscalls-per-request.sh netty-nio-spindle echo 256 5
# Needs: the built bench jar (bench/target/spindle-bench.jar), its load generator
# (bench/target/native/spindle-echo-load), taskset, perf and strace; run as root (or with
# perf_event_paranoid <= 1 and ptrace allowed). The server is pinned to CPU 0, the load to CPU 1,
# as in compare. The server JVM gets the options compare gives it (`spindle-bench.jar jvm-options`):
# Spindle's SelectorProvider for *-spindle, and for netty-* Netty at its best (sun.misc.Unsafe on,
# leak detection off; NETTY=stock to run Netty without them). A Netty server that reports
# unsafe=false when asked for at-best is refused, as compare refuses it.
set -euo pipefail
impl=$1 mode=$2 conns=$3 secs=${4:-5} out=${5:-bench/target/syscalls}
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/bench/target/spindle-bench.jar
load=$here/bench/target/native/spindle-echo-load
java=${JAVA:-$(. "$here/ci/java-home.sh" >/dev/null 2>&1; command -v java)}
mkdir -p "$out"
tag=$impl-$mode-$conns
netty=${NETTY:-at-best}
optlines=$("$java" -jar "$jar" jvm-options --impl "$impl" --netty "$netty")
opts=()
[ -n "$optlines" ] && mapfile -t opts <<< "$optlines"
echo "server JVM options: ${opts[*]:-(none)}"
port=$(( 20000 + RANDOM % 20000 ))
proto=$([ "$mode" = http ] && echo http || echo echo)

taskset -c 0 "$java" --enable-native-access=ALL-UNNAMED "${opts[@]}" -jar "$jar" server --impl "$impl" --mode "$mode" --port "$port" \
    > "$out/$tag.server.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^listening' "$out/$tag.server.log" && break; sleep 0.2; done
grep '^listening' "$out/$tag.server.log" || { cat "$out/$tag.server.log"; exit 1; }
if [ "$netty" = at-best ] && grep -q '^listening .* unsafe=false' "$out/$tag.server.log"; then
    echo "$impl reports unsafe=false although asked for Netty at its best: $(grep '^netty:' "$out/$tag.server.log")" >&2
    exit 1
fi

run_load() { taskset -c 1 "$load" --port "$port" --proto "$proto" --conns "$conns" --size 64 --warmup "$1" --duration "$2" --max-requests 1000000000 | grep '^RESULT'; }
reqs() { sed -n 's/.* requests=\([0-9]*\).*/\1/p'; }

run_load 0 10 > /dev/null # JIT priming, as compare does

# 1. perf stat over the measured window only (the load generator warms up 1 s first)
events=task-clock,context-switches,raw_syscalls:sys_enter
for s in read write readv writev recvfrom sendto recvmsg sendmsg epoll_ctl epoll_wait epoll_pwait futex sched_yield accept4 ioctl poll ppoll io_uring_enter; do
    events+=",syscalls:sys_enter_$s"
done
( sleep 1; exec perf stat -x, -e "$events" -p "$srv" -o "$out/$tag.perf.csv" -- sleep "$secs" ) &
pst=$!
r1=$(run_load 1 "$secs"); wait $pst
n1=$(echo "$r1" | reqs)
echo "perf window: $r1"
echo "syscall, count, per request (perf stat, $n1 requests)"
awk -F, -v n="$n1" '$3 == "task-clock" { printf "%-16s %12.0f ms %8.2f us of server CPU per request\n", "task-clock", $1, 1000 * $1 / n }
    $3 == "context-switches" { printf "%-16s %12d %8.3f\n", $3, $1, $1 / n }
    $3 ~ /sys_enter/ && $1 > 0 { sub(/.*sys_enter_?/, "", $3); printf "%-16s %12d %8.3f\n", ($3 == "" ? "ALL" : $3), $1, $1 / n }' "$out/$tag.perf.csv"

# optional: a CPU profile of the same window, Java frames named through the JIT's perf map
if [ -n "${PERF_RECORD:-}" ]; then
    ( sleep 1; exec perf record -q -F 499 -g -p "$srv" -o "$out/$tag.perf.data" -- sleep "$secs" ) 2>/dev/null &
    prec=$!
    run_load 1 "$secs" > /dev/null; wait $prec || true
    "$(dirname "$java")/jcmd" "$srv" Compiler.perfmap > /dev/null
    perf report -i "$out/$tag.perf.data" --no-children --sort dso -q --stdio -g none 2>/dev/null > "$out/$tag.perf-dso.txt" || true
    perf report -i "$out/$tag.perf.data" --no-children --sort sym -q --stdio -g none 2>/dev/null > "$out/$tag.perf-sym.txt" || true
    echo "perf record: by dso (all in $out/$tag.perf-{dso,sym}.txt)"; head -8 "$out/$tag.perf-dso.txt"
fi

# 2. strace -c -f, for names not listed above (slow: compare counts per request, not the rate)
strace -q -c -f -p "$srv" -o "$out/$tag.strace.txt" & st=$!
sleep 1
r2=$(run_load 0.5 "$secs")
kill -INT $st; wait $st || true
n2=$(echo "$r2" | reqs)
echo "strace window: $r2"
echo "strace -c -f: calls per request ($n2 requests)"
awk -v n="$n2" '$0 ~ /^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+/ { name = $NF; calls = $4; printf "%-16s %10d %8.3f  (%s%% of syscall time)\n", name, calls, calls / n, $1 }' "$out/$tag.strace.txt" | sort -k2 -nr | head -15
