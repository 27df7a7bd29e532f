package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ParticipationMode;

/** Issue 4: in basic and in off, after 10,000 reports the raw topics are empty and no spool file exists. */
@ExtendWith(EmbeddedServicesExtension.class)
class ModeGateIT {

    @ParameterizedTest
    @EnumSource(value = ParticipationMode.class, names = {"BASIC", "OFF"})
    void tenThousandReportsLeaveNothingBehind(ParticipationMode mode, EmbeddedKafka kafka, @TempDir Path stateDir) throws Exception {
        Topics topics = RawTopics.unique("gate-" + mode.name().toLowerCase());
        kafka.createTopic(topics.detectionsRaw().name(), 3);
        kafka.createTopic(topics.threatSourcesRaw().name(), 3);
        // an in-memory registry: if the gate leaked, records would serialize and land on the topics
        CollectorConfig config = RawTopics.config(stateDir, kafka.bootstrapServers(), "mock://gate-" + mode, topics);

        List<ReportResult> results;
        CollectorStats stats;
        try (EndpointCollector collector = EndpointCollector.builder().config(config).build()) {
            collector.setMode(ParticipationMode.EXTENDED);
            collector.setMode(mode); // consent given and withdrawn again: a real switch, not just a fresh endpoint
            results = Reports.send(collector, FleetSimulator.builder().devices(50).seed(7).build(), 10_000);
            stats = collector.stats();
        }

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(ReportStatus.REFUSED_MODE);
            assertThat(r.reason()).contains("participation is " + mode.name().toLowerCase());
            assertThat(r.outcome().toCompletableFuture().getNow(null)).isEqualTo(Delivery.NOT_SENT);
        });
        assertThat(mode == ParticipationMode.OFF ? stats.refusedOff() : stats.refusedBasic()).isEqualTo(10_000);
        assertThat(stats.accepted()).isZero();
        assertThat(stats.sent() + stats.spooled()).isZero();
        assertThat(RawTopics.readAll(kafka.bootstrapServers(), null, topics)).isEmpty();
        assertThat(RawTopics.spoolFileExists(stateDir)).as("spool file under " + stateDir).isFalse();
        assertThat(SentLog.since(stateDir, java.time.Instant.EPOCH)).isEmpty();
    }
}
