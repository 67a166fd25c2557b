#!/bin/bash
# Runs the UDP/thesis measurements in a quiet moment of the shared machine; logs into $OUT.
OUT=/tmp/bench-results
mkdir -p $OUT
cd /tmp/bench-intcheck && . ci/java-home.sh >/dev/null
busy() { # % busy of all CPUs over 5 s
  read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ < /proc/stat; sleep 5; read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ < /proc/stat
  t=$(( (b1+b2+b3+b4+b5+b6+b7+b8) - (a1+a2+a3+a4+a5+a6+a7+a8) )); i=$(( (b4+b5) - (a4+a5) ))
  echo $(( 100 * (t - i) / t ))
}
quiet() { # waits up to $1 s for a quiet machine
  local end=$(( $(date +%s) + $1 ))
  while [ $(date +%s) -lt $end ]; do b=$(busy); echo "$(date +%T) busy $b%" >> $OUT/waits.log; [ $b -lt 15 ] && return 0; sleep 10; done
  return 1
}
step() { # name, command...
  local name=$1; shift
  quiet 1500 || echo "$(date +%T) $name: machine never quiet, running anyway" >> $OUT/waits.log
  { date; uptime; cat /tmp/bench-intcheck/REVS; echo "+ $*"; "$@"; uptime; } > $OUT/$name.log 2>&1
}
step compare-udp java -jar bench/target/spindle-bench.jar compare --mode udp --out $OUT/compare-udp
step udp-gso java -jar bench/target/spindle-bench.jar udp-gso --out $OUT/udp-gso
step thesis-unix java -jar bench/target/spindle-bench.jar thesis
step thesis-tcp java -jar bench/target/spindle-bench.jar thesis --jdk-transport tcp
echo finished >> $OUT/waits.log
