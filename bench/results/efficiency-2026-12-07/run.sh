#!/usr/bin/env bash
# How the tables in this directory were made: the paced echo comparison of two builds, alternated
# run by run (one round each, ROUNDS runs of each), then one table per build over all its runs.
#   BEFORE: a build of commit b3348ea (the paced instrument over main's poller: fixed 64 spins,
#           master poller with edge-triggered watches);
#   AFTER:  a build of this branch (budget idle policy, one-shot master watches); its
#           spindle-virtual-spin is the same build with main's fixed spins (-Ddev.spindle.poller.idle=spin).
# Each build dir holds spindle-bench.jar and native/spindle-echo-load (bench/target after `mvn -DskipTests package`).
# usage: run.sh BEFORE_DIR AFTER_DIR OUT_DIR [CONNS] [ROUNDS]
set -u
B=$1; N=$2; OUT=$3; CONNS=${4:-256}; ROUNDS=${5:-3}
common="--modes echo --rounds 0 --rates 20000,40000 --paced-conns $CONNS --paced-rounds 1 --paced-warmup 3 --paced-seconds 5 --quiet-wait 15 --prime 15"
for r in $(seq 1 "$ROUNDS"); do
  java -Dspindle.bench.loadgen="$B/native/spindle-echo-load" -jar "$B/spindle-bench.jar" compare $common \
       --impls netty-epoll,spindle-virtual,spindle-platform,jdk-virtual --out "$OUT/before-r$r" > "$OUT/before-r$r.log" 2>&1
  java -Dspindle.bench.loadgen="$N/native/spindle-echo-load" -jar "$N/spindle-bench.jar" compare $common \
       --impls netty-epoll,spindle-virtual,spindle-virtual-spin,spindle-platform,jdk-virtual --out "$OUT/after-r$r" > "$OUT/after-r$r.log" 2>&1
done
runs() { local s=""; for r in $(seq 1 "$ROUNDS"); do s="$s${s:+,}$OUT/$1-r$r"; done; echo "$s"; }
java -jar "$N/spindle-bench.jar" efficiency-median --runs "$(runs before)" --out "$OUT/before.md"
java -jar "$N/spindle-bench.jar" efficiency-median --runs "$(runs after)" --out "$OUT/after.md"
