/**
 * JMH benchmarks of the anonymizer: one event against Avro decode + encode of the same raw event
 * and against a naive one-{@code String.replaceAll}-per-pattern baseline, and a 1 MiB adversarial
 * field. Figures and the run command are in {@code docs/PERFORMANCE.md}, section "Anonymizer".
 */
package org.opensn.benchmarks.anonymizer;
