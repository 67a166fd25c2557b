#!/bin/bash
# Interleaved JMH rounds of two builds, Spindle only:
#   jmh-ab.sh BEFORE_JAR AFTER_JAR OUT ROUNDS [BENCHMARKS] [FIRST]
# BENCHMARKS: a JMH regexp (default 'ReadWriteBench|WakeupBench'); FIRST: before or after (default before).
set -u
before=$1 after=$2 out=$3 rounds=$4 benches=${5:-'ReadWriteBench|WakeupBench'} first=${6:-before}
second=after; [ "$first" = after ] && second=before
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for b in $first $second; do
    jar=$before; [ $b = after ] && jar=$after
    java -jar "$jar" jmh "$benches" -p impl=spindle -f 1 -wi 3 -i 5 -w 1 -r 1 \
      -rf csv -rff "$out/$b-r$r.csv" > "$out/$b-r$r.log" 2>&1
    echo "round $r $b rc=$?"
  done
done
