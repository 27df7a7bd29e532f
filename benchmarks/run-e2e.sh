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
# The JVM runs with ./opensn up's flags (its heap: OPENSN_HEAP, 3g). Extra JVM options: E2E_JAVA_OPTS
# (e.g. E2E_JAVA_OPTS="-Xlog:gc:file=gc.log").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# find_jdk and jvm_flags of the launcher: the benchmark's JVM runs with up's flags (one JVM holding everything)
# shellcheck source=../opensn
source "$ROOT/opensn"
JAR="$ROOT/benchmarks/target/benchmarks.jar"

die() { echo "run-e2e: $*" >&2; exit 1; }

build_if_needed() { # (re)builds benchmarks.jar with the modules it packs when any of their sources is newer
  local srcs=()
  for m in schemas anonymizer embedded security collector streams-app reputation-cache benchmarks; do
    srcs+=("$ROOT/$m/src" "$ROOT/$m/pom.xml")
  done
  if [ -f "$JAR" ] && [ -z "$(find "${srcs[@]}" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
    return
  fi
  need_maven
  cd "$ROOT"
  echo "run-e2e: building benchmarks/target/benchmarks.jar and the modules it packs..." >&2
  mvn -B -q -pl benchmarks -am package -DskipTests || die "build failed: run 'mvn -B -pl benchmarks -am package -DskipTests' to see why."
}

find_jdk
build_if_needed
# as ./opensn up runs: a fixed heap (OPENSN_HEAP, 3g) in 16 MiB G1 regions, marking from 35 %
flags="$(jvm_flags up)"
cd "$ROOT"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $flags ${E2E_JAVA_OPTS:-} -Dopensn.e2e.command="benchmarks/run-e2e.sh${*:+ $*}" \
  -cp "$JAR" org.opensn.benchmarks.e2e.EndToEndBenchmark --doc "$ROOT/docs/PERFORMANCE.md" "$@"
