#!/bin/bash
OUT=/tmp/bench-results
cd /work/wt-bench && . ci/java-home.sh >/dev/null
{ date; uptime; cat $OUT/REVS3; echo "+ java -jar bench/target/spindle-bench.jar compare --mode udp --out $OUT/compare-udp-3";
  java -jar bench/target/spindle-bench.jar compare --mode udp --out $OUT/compare-udp-3; uptime; } > $OUT/compare-udp-3.log 2>&1
echo finished3 >> $OUT/waits.log
