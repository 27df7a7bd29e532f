package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ParticipationMode;

/**
 * Issue 4: broker stopped in extended, reports spooled, mode switched to basic, broker restarted: nothing arrives.
 * To know that "nothing" is not just "not yet", consent is given again afterwards and one marker report is sent:
 * the spool is resent before new reports, so anything left of the withdrawn ones would arrive before the marker.
 */
@ExtendWith(EmbeddedServicesExtension.class)
class ConsentWithdrawnDuringOutageIT {

    @Test
    void withdrawnConsentMeansSpooledReportsNeverArrive(EmbeddedSchemaRegistry registry, @TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            Topics topics = RawTopics.unique("withdrawn");
            kafka.createTopic(topics.detectionsRaw().name(), 3);
            kafka.createTopic(topics.threatSourcesRaw().name(), 3);
            CollectorConfig config = RawTopics.config(stateDir, kafka.bootstrapServers(), registry.url(), topics);
            FleetSimulator fleet = FleetSimulator.builder().devices(100).seed(31).build();

            Set<String> expected = new HashSet<>();
            try (EndpointCollector collector = EndpointCollector.builder().config(config).build()) {
                collector.setMode(ParticipationMode.EXTENDED);
                List<ReportResult> before = Reports.send(collector, fleet, 20);
                assertThat(collector.flush(Duration.ofSeconds(60))).isTrue();
                before.forEach(r -> expected.add(r.eventId()));

                kafka.stop();
                List<ReportResult> during = Reports.send(collector, fleet, 2_000);
                await().atMost(Duration.ofSeconds(120)).until(() -> collector.stats().spooled() > 0 && RawTopics.spoolFileExists(stateDir));

                collector.setMode(ParticipationMode.BASIC);
                assertThat(RawTopics.spoolFileExists(stateDir)).as("spool deleted at once").isFalse();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> during.stream().allMatch(r -> r.outcome().toCompletableFuture().isDone()));
                assertThat(during).allSatisfy(r -> assertThat(r.outcome().toCompletableFuture().getNow(null))
                        .isIn(Delivery.SPOOLED, Delivery.DISCARDED));

                kafka.start();
                collector.setMode(ParticipationMode.EXTENDED);
                ReportResult marker = collector.reportDetection(fleet.nextDetection());
                expected.add(marker.eventId());
                assertThat(marker.outcome().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Delivery.SENT);
                assertThat(RawTopics.spoolFileExists(stateDir)).isFalse();
            }
            Set<String> arrived = RawTopics.readAll(kafka.bootstrapServers(), registry.url(), topics).stream()
                    .map(RawTopics.Read::eventId).collect(Collectors.toSet());
            assertThat(arrived).as("only the reports sent before the outage and the marker").isEqualTo(expected);
            // a fresh collector on the same state dir finds nothing to resend either
            try (EndpointCollector again = EndpointCollector.builder().config(config).build()) {
                assertThat(again.stats().spoolBytes()).isZero();
            }
        }
    }
}
