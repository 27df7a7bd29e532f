#!/usr/bin/env bash
# End-to-end benchmark of the OpenSN pipeline (issue 7), in one command:
#
#   benchmarks/run-e2e.sh [N] [--no-doc] [--latency-seconds S] [--partitions P]
#
# Builds benchmarks/target/benchmarks.jar when it is missing or older than the benchmark sources,
# then runs org.opensn.benchmarks.e2e.EndToEndBenchmark: Kafka's ProducerPerformance, the streams
# app (exactly-once and at-least-once) fed N detections (default 100,000) through the collector
# library, report -> cache latency at 60 % of the measured rate, and a plain consume -> produce loop,
# all on one embedded broker on 127.0.0.1. Writes the table into the "End-to-end pipeline" section
# of docs/PERFORMANCE.md (--no-doc: print only). The recorded runs use N = 1,000,000: about 11-12
# minutes on a 2-core machine, 2 more when a ProducerPerformance run lost records and is run again
# (a catch-up ends with a fixed ~0.6 s tail, 6 % of such a run).
# Extra JVM options: E2E_JAVA_OPTS (e.g. E2E_JAVA_OPTS="-Xlog:gc:file=gc.log").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"

die() { echo "run-e2e: $*" >&2; exit 1; }

java_major() { # major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}

find_jdk() { # sets JAVA_HOME to the newest JDK 21+ found
  local candidates=() best="" best_v=0 v d
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$d" ] && candidates+=("$d"); done
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d/bin/java"); [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ -n "$best" ] || die "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm): install one and set JAVA_HOME."
  export JAVA_HOME="$best"
}

build_if_needed() { # (re)builds benchmarks.jar with the modules it packs when any of their sources is newer
  local srcs=()
  for m in schemas anonymizer embedded security collector streams-app reputation-cache benchmarks; do
    srcs+=("$ROOT/$m/src" "$ROOT/$m/pom.xml")
  done
  if [ -f "$JAR" ] && [ -z "$(find "${srcs[@]}" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
    return
  fi
  command -v mvn >/dev/null 2>&1 || die "Apache Maven (mvn) is not on PATH: install it and try again."
  cd "$ROOT"
  echo "run-e2e: building benchmarks/target/benchmarks.jar and the modules it packs..." >&2
  mvn -B -q -pl benchmarks -am package -DskipTests || die "build failed: run 'mvn -B -pl benchmarks -am package -DskipTests' to see why."
}

find_jdk
build_if_needed
flags="--enable-native-access=ALL-UNNAMED"
[ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ] && flags="$flags --sun-misc-unsafe-memory-access=allow"
# The heap as ./opensn up runs it (see jvm_flags there): fixed at 3 GiB, 16 MiB G1 regions, marking from 35 %.
flags="$flags -Xms3g -Xmx3g -XX:+UseG1GC -XX:G1HeapRegionSize=16m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=35"
cd "$ROOT"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $flags ${E2E_JAVA_OPTS:-} -Dopensn.e2e.command="benchmarks/run-e2e.sh${*:+ $*}" \
  -cp "$JAR" org.opensn.benchmarks.e2e.EndToEndBenchmark --doc "$ROOT/docs/PERFORMANCE.md" "$@"
