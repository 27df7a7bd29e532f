/**
 * The Kafka Streams topology: anonymize (raw → anonymized + keyed device hash, dead letters),
 * hourly threat and threat-source statistics, per-object statistics, and verdicts (rules plus
 * analyst overrides, published on change with increasing versions).
 *
 * <p>All names live in {@link org.opensn.streams.topology.Names}. Raw events never pass the
 * anonymize step: every repartition topic, changelog and store holds anonymized records and the
 * pseudonymous, daily-rotated device hash only (as HLL sketches once aggregated).
 */
package org.opensn.streams.topology;
