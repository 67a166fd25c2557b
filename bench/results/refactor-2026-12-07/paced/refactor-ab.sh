#!/bin/bash
# Paced A/B of two builds, alternating run by run: refactor-ab.sh BEFORE_JAR AFTER_JAR LOADGEN OUT ROUNDS
set -u
before=$1 after=$2 loadgen=$3 out=$4 rounds=$5
for r in $(seq 1 "$rounds"); do
  for b in before after; do
    jar=$before; [ $b = after ] && jar=$after
    java -Dspindle.bench.loadgen="$loadgen" -jar "$jar" compare --modes echo --rounds 0 --rates 10000,50000 \
      --paced-conns 256 --paced-rounds 1 --paced-warmup 1 --paced-seconds 3 --prime 12 \
      --impls netty-epoll,spindle-virtual,spindle-platform --out "$out/$b-r$r" > "$out/$b-r$r.txt" 2>&1
    echo "round $r $b rc=$?"
  done
done
