#!/bin/sh
# Creates the contract topics (CONTRACT.md) once, with their cleanup policies and retention.
# Runs in the apache/kafka image, which has the Kafka command-line tools under /opt/kafka/bin.
set -eu
BOOTSTRAP="${BOOTSTRAP:-kafka-1:19092}"
PARTITIONS="${PARTITIONS:-6}"
RF="${REPLICATION_FACTOR:-3}"
T=/opt/kafka/bin/kafka-topics.sh

until $T --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; do
  echo "waiting for Kafka at $BOOTSTRAP"; sleep 2
done

create() { # name config...
  name="$1"; shift
  $T --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
     --partitions "$PARTITIONS" --replication-factor "$RF" --config min.insync.replicas=2 "$@"
}
day=86400000
create opensn.detections.raw       --config cleanup.policy=delete --config retention.ms=$day
create opensn.threat-sources.raw   --config cleanup.policy=delete --config retention.ms=$day
create opensn.dead-letters.raw     --config cleanup.policy=delete --config retention.ms=$day
create opensn.detections.anon      --config cleanup.policy=delete --config retention.ms=$((30 * day))
create opensn.threat-sources.anon  --config cleanup.policy=delete --config retention.ms=$((30 * day))
create opensn.threat-stats         --config cleanup.policy=compact
create opensn.verdicts             --config cleanup.policy=compact
create opensn.analyst-verdicts     --config cleanup.policy=compact
echo "contract topics ready"
