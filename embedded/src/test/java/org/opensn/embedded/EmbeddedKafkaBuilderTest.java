package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBuilderTest {

    @TempDir
    Path dir;

    @Test
    void rejectsSettingsItOwns() {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        for (String reserved : new String[] {"listeners", "node.id", "log.dirs", "process.roles", "controller.quorum.voters"}) {
            assertThatThrownBy(() -> builder.brokerProperty(reserved, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reserved).hasMessageContaining("port(int) / dataDir(Path)");
        }
        assertThatThrownBy(() -> builder.port(0)).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> builder.partitions(0)).hasMessageContaining("at least 1");
    }

    @Test
    void presetsSuitASingleBrokerAndOverridesWin() {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(19092).partitions(4)
                .brokerProperty("log.retention.ms", "1000")
                .brokerProperty("group.initial.rebalance.delay.ms", "5").build()) {
            Map<String, String> props = ((LocalKafka) kafka).brokerProperties(7);

            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:19092");
            assertThat(props).containsEntry("num.partitions", "4")
                    .containsEntry("offsets.topic.replication.factor", "1")
                    .containsEntry("transaction.state.log.replication.factor", "1")
                    .containsEntry("transaction.state.log.min.isr", "1")
                    .containsEntry("auto.create.topics.enable", "true")
                    .containsEntry("log.flush.interval.ms", "1000")
                    .containsEntry("log.flush.scheduler.interval.ms", "1000")
                    .containsEntry("log.retention.ms", "1000")
                    .containsEntry("group.initial.rebalance.delay.ms", "5")
                    .containsEntry("node.id", "7")
                    .containsEntry("advertised.listeners", "BROKER://127.0.0.1:19092");
            assertThat(kafka.isRunning()).isFalse();
            assertThatThrownBy(() -> kafka.createTopic("t", 1)).hasMessageContaining("not running");
        }
        assertThat(dir).as("a given data dir is kept").exists();
    }
}
