package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/** Issue 4: broker stopped in extended, 5,000 reports, broker restarted: all arrive, none twice. */
@ExtendWith(EmbeddedServicesExtension.class)
class BrokerOutageIT {

    @Test
    void reportsDuringAnOutageArriveOnceAfterRestart(EmbeddedSchemaRegistry registry, @TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            Topics topics = RawTopics.unique("outage");
            kafka.createTopic(topics.detectionsRaw().name(), 3);
            kafka.createTopic(topics.threatSourcesRaw().name(), 3);
            CollectorConfig config = RawTopics.config(stateDir, kafka.bootstrapServers(), registry.url(), topics);
            FleetSimulator fleet = FleetSimulator.builder().devices(100).seed(23).build();

            List<ReportResult> results = new ArrayList<>();
            try (EndpointCollector collector = EndpointCollector.builder().config(config).build()) {
                collector.setMode(ParticipationMode.EXTENDED);
                // before the outage: the producer knows the cluster, so outage records first sit in its buffer
                results.addAll(Reports.send(collector, fleet, 100));
                assertThat(collector.flush(Duration.ofSeconds(60))).isTrue();
                assertThat(collector.stats().sent()).isEqualTo(100);

                kafka.stop();
                List<ReportResult> during = Reports.send(collector, fleet, 5_000);
                results.addAll(during);
                assertThat(during).allSatisfy(r -> assertThat(r.status()).isEqualTo(ReportStatus.ACCEPTED));
                // nothing can be acknowledged: every one is spooled once its delivery timeout passes
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> during.stream().allMatch(r -> r.outcome().toCompletableFuture().isDone()));
                assertThat(during).allSatisfy(r -> assertThat(r.outcome().toCompletableFuture().getNow(null)).isEqualTo(Delivery.SPOOLED));
                assertThat(RawTopics.spoolFileExists(stateDir)).isTrue();

                kafka.start();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> collector.stats().sent() >= 5_100 && !RawTopics.spoolFileExists(stateDir));
            }
            Set<String> reported = results.stream().map(ReportResult::eventId).collect(Collectors.toSet());
            assertThat(reported).hasSize(5_100);
            List<RawTopics.Read> read = RawTopics.readAll(kafka.bootstrapServers(), registry.url(), topics);
            Map<String, Long> counts = read.stream().collect(Collectors.groupingBy(RawTopics.Read::eventId, Collectors.counting()));
            assertThat(counts.keySet()).as("every report arrived").isEqualTo(reported);
            assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("event ids that arrived more than once").isEmpty();
            assertThat(read).hasSize(5_100);
        }
    }
}
