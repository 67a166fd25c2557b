#!/usr/bin/env bash
# How the tables in this directory were made: the paced echo comparison of two builds, alternated
# run by run, then one table per build over all its runs (efficiency-median).
#   BEFORE: a build of commit b3348ea (the paced instrument over main's poller: fixed 64 spins,
#           master poller with edge-triggered watches woken by each idle poller).
#   AFTER:  a build of commit cc17a02 (Poller split, one-shot master watches; its default idle
#           policy there was `budget`, and its impl spindle-virtual-spin ran `spin`, which is the
#           default from commit 3d79156 on; the bench impl is spindle-virtual-budget since).
# Each build dir holds spindle-bench.jar and native/spindle-echo-load (bench/target after `mvn -DskipTests package`).
# usage: run.sh BEFORE_DIR AFTER_DIR OUT_DIR RATES PACED_ROUNDS RUNS WARMUP SECONDS QUIET
#   256conns-10k-20k: run.sh B A OUT 10000,20000 2 2 2 4 5
#   256conns-20k-40k: run.sh B A OUT 20000,40000 1 3 3 5 10
set -u
B=$1; N=$2; OUT=$3; RATES=$4; PR=$5; RUNS=$6; W=$7; S=$8; Q=$9
common="--modes echo --rounds 0 --rates $RATES --paced-conns 256 --paced-rounds $PR --paced-warmup $W --paced-seconds $S --quiet-wait $Q --prime 15"
for r in $(seq 1 "$RUNS"); do
  java -Dspindle.bench.loadgen="$B/native/spindle-echo-load" -jar "$B/spindle-bench.jar" compare $common \
       --impls netty-epoll,spindle-virtual,spindle-platform,jdk-virtual --out "$OUT/before-r$r" > "$OUT/before-r$r.log" 2>&1
  java -Dspindle.bench.loadgen="$N/native/spindle-echo-load" -jar "$N/spindle-bench.jar" compare $common \
       --impls netty-epoll,spindle-virtual,spindle-virtual-spin,spindle-platform,jdk-virtual --out "$OUT/after-r$r" > "$OUT/after-r$r.log" 2>&1
done
runs() { local s=""; for r in $(seq 1 "$RUNS"); do s="$s${s:+,}$OUT/$1-r$r"; done; echo "$s"; }
java -jar "$N/spindle-bench.jar" efficiency-median --runs "$(runs before)" --out "$OUT/before.md"
java -jar "$N/spindle-bench.jar" efficiency-median --runs "$(runs after)" --out "$OUT/after.md"
