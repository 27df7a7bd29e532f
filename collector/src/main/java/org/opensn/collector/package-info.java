/**
 * The endpoint side of OpenSN: consent-gated publishing of detection and threat-source
 * statistics.
 *
 * <p>Entry point: {@link org.opensn.collector.EndpointCollector#builder()}. The collector keeps
 * its participation mode, device install id, spool and transparency log in one state directory.
 *
 * <pre>{@code
 * try (EndpointCollector collector = EndpointCollector.builder()
 *         .config(CollectorConfig.load(properties, System.getenv()))
 *         .build()) {
 *     collector.setMode(ParticipationMode.EXTENDED);          // the user consented
 *     ReportResult r = collector.reportDetection(collector.newDetection()
 *             .setThreatName("Trojan.Win32.Agent.abc") ... .build());
 *     r.outcome().thenAccept(o -> ...);                        // SENT, SPOOLED, DISCARDED, ...
 * }
 * }</pre>
 *
 * <p>Modes (CONTRACT.md): in {@code OFF} and {@code BASIC} a report records nothing, queues
 * nothing and says why; in {@code EXTENDED} it is published to the raw topics. Leaving
 * {@code EXTENDED} discards everything not yet acknowledged by the broker, the spool included.
 */
package org.opensn.collector;
