/**
 * The "no personal data" rule as a pure library: raw endpoint events in, anonymized records out.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link org.opensn.anonymizer.Anonymizer#create(AnonymizationPolicy)} turns a
 *       {@code DetectionEvent} into an {@code AnonymizedDetection} and a {@code ThreatSourceEvent}
 *       into an {@code AnonymizedThreatSource} under a versioned {@link org.opensn.anonymizer.AnonymizationPolicy}
 *       ({@link org.opensn.anonymizer.AnonymizationPolicy#strict()} by default);</li>
 *   <li>{@link org.opensn.anonymizer.DeviceHasher#create(byte[], java.time.Duration)} turns a device
 *       install id into a period-rotating keyed hash for distinct-device sketches, so the raw id never
 *       leaves the anonymizing step.</li>
 * </ul>
 *
 * <p>Everything here is thread-safe, deterministic, free of I/O and of Kafka, and runs in time linear
 * in its input: the scanners are hand-written single passes, never backtracking regular expressions.
 * Content never makes it throw; only a missing (null) required field does.
 */
package org.opensn.anonymizer;
