#!/bin/bash
# Interleaved JMH rounds of two builds: jmh-ab.sh BEFORE_JAR AFTER_JAR OUTDIR ROUNDS
set -u
before=$1 after=$2 out=$3 rounds=$4
mkdir -p "$out"
export PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
for r in $(seq 1 "$rounds"); do
  for b in before after; do
    jar=$before; [ $b = after ] && jar=$after
    java -jar "$jar" jmh 'ReadWriteBench|WakeupBench' -p impl=spindle -f 1 -wi 3 -i 5 -w 1 -r 1 \
      -rf csv -rff "$out/$b-r$r.csv" > "$out/$b-r$r.log" 2>&1
    echo "round $r $b rc=$?"
  done
done
