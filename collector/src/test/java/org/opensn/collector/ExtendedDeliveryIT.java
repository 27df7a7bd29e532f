package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ParticipationMode;

/** Issue 4: in extended, 10,000 reports arrive, each exactly once by event id. */
@ExtendWith(EmbeddedServicesExtension.class)
class ExtendedDeliveryIT {

    @Test
    void tenThousandReportsArriveExactlyOnce(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, @TempDir Path stateDir) throws Exception {
        Topics topics = RawTopics.unique("extended");
        kafka.createTopic(topics.detectionsRaw().name(), 3);
        kafka.createTopic(topics.threatSourcesRaw().name(), 3);
        // default timeouts: nothing is meant to time out here, and a shared machine can be slow
        CollectorConfig config = CollectorConfig.of(stateDir, kafka.bootstrapServers(), registry.url()).withTopics(topics);

        List<ReportResult> results;
        try (EndpointCollector collector = EndpointCollector.builder().config(config).build()) {
            collector.setMode(ParticipationMode.EXTENDED);
            results = Reports.send(collector, FleetSimulator.builder().devices(200).seed(11).build(), 10_000);
            assertThat(collector.flush(Duration.ofSeconds(120))).as("all acknowledged in time").isTrue();
            assertThat(collector.stats().sent()).isEqualTo(10_000);
            assertThat(collector.stats().spooled()).isZero();
        }
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(ReportStatus.ACCEPTED));
        assertThat(results).allSatisfy(r -> assertThat(r.outcome().toCompletableFuture().getNow(null)).isEqualTo(Delivery.SENT));
        Set<String> reported = results.stream().map(ReportResult::eventId).collect(Collectors.toSet());
        assertThat(reported).hasSize(10_000);

        List<RawTopics.Read> read = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> RawTopics.readAll(kafka.bootstrapServers(), registry.url(), topics), r -> r.size() >= 10_000);
        Map<String, Long> counts = read.stream().collect(Collectors.groupingBy(RawTopics.Read::eventId, Collectors.counting()));
        assertThat(counts.keySet()).isEqualTo(reported);
        assertThat(counts.values()).allMatch(c -> c == 1L);
        assertThat(read).hasSize(10_000);
        // keys are valid object refs: file:<sha256> for detections
        assertThat(read).allSatisfy(r -> ObjectRef.parse(r.key()));
        assertThat(read.stream().filter(r -> r.topic().equals(topics.detectionsRaw().name())))
                .allSatisfy(r -> assertThat(r.key()).startsWith("file:"));
        // the transparency log shows every record sent
        Map<String, SentEntry> logged = SentLog.since(stateDir, Instant.EPOCH).stream()
                .collect(Collectors.toMap(SentEntry::eventId, Function.identity()));
        assertThat(logged.keySet()).isEqualTo(reported);
    }
}
