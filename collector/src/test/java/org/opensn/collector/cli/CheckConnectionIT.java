package org.opensn.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.Topics;

/** Issue 4: check-connection against a stopped broker exits 4 within 15 s with a clear message. */
@ExtendWith(EmbeddedServicesExtension.class)
class CheckConnectionIT {

    @Test
    void stoppedBrokerExitsFourWithinFifteenSeconds(EmbeddedSchemaRegistry registry, @TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            Topics topics = Topics.withPrefix("it-check-" + System.nanoTime() + ".");
            kafka.createTopic(topics.detectionsRaw().name(), 1);
            kafka.createTopic(topics.threatSourcesRaw().name(), 1);
            Path config = Cli.config(dir, "bootstrap.servers=" + kafka.bootstrapServers(), "schema.registry.url=" + registry.url(),
                    "state.dir=" + dir.resolve("state"), "topic.prefix=" + topics.detectionsRaw().name().replace("detections.raw", ""));

            Cli up = Cli.run("check-connection", "--config", config.toString());
            assertThat(up.exitCode()).as(up.toString()).isZero();
            assertThat(up.out()).containsPattern("broker reachable\\s+OK").containsPattern("raw topics writable\\s+OK")
                    .containsPattern("registry reachable\\s+OK");

            kafka.stop();
            long start = System.nanoTime();
            Cli down = Cli.run("check-connection", "--config", config.toString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(down.exitCode()).as(down.toString()).isEqualTo(4);
            assertThat(took).as("time to give up on the stopped broker").isLessThan(Duration.ofSeconds(15));
            assertThat(down.out()).containsPattern("broker reachable\\s+FAIL").containsPattern("registry reachable\\s+OK");
            assertThat(down.err()).contains("broker at " + kafka.bootstrapServers() + " did not answer")
                    .contains("start the broker or correct bootstrap.servers");
        }
    }
}
