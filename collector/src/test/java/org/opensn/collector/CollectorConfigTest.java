package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

    @Test
    void defaultsFileThenEnvironment() {
        CollectorConfig d = CollectorConfig.load(new Properties(), Map.of());
        assertThat(d.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(d.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(d.stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".opensn", "collector"));
        assertThat(d.spoolMaxBytes()).isEqualTo(64L << 20);
        assertThat(d.topics().detectionsRaw().name()).isEqualTo("opensn.detections.raw");

        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
        p.setProperty("spool.max.bytes", "10m");
        p.setProperty("state.dir", "/var/lib/opensn");
        p.setProperty("kafka.security.protocol", "SASL_SSL");
        p.setProperty("registry.basic.auth.user.info", "from-file:secret");
        p.setProperty("topic.prefix", "acme.");
        CollectorConfig f = CollectorConfig.load(p, Map.of(
                "OPENSN_STATE_DIR", "/tmp/opensn-state",
                "OPENSN_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "OPENSN_REGISTRY_BASIC_AUTH_USER_INFO", "from-env:secret",
                "OPENSN_DELIVERY_TIMEOUT_MS", "5000",
                "UNRELATED", "x"));
        assertThat(f.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(f.spoolMaxBytes()).isEqualTo(10L << 20);
        assertThat(f.stateDir()).isEqualTo(Path.of("/tmp/opensn-state"));
        assertThat(f.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(f.registry()).containsEntry("basic.auth.user.info", "from-env:secret");
        assertThat(f.serdeConfig()).containsEntry("schema.registry.url", "http://127.0.0.1:8081").containsEntry("basic.auth.user.info", "from-env:secret");
        assertThat(f.deliveryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(f.topics().threatSourcesRaw().name()).isEqualTo("acme.threat-sources.raw");
        assertThat(f.toString()).doesNotContain("secret");
    }

    @Test
    void theBrokerListCanBeSpelledAsTheStreamsAppAndTheCacheSpellIt() {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.servers", "kafka-1:9092");
        CollectorConfig c = CollectorConfig.load(p, Map.of());
        assertThat(c.bootstrapServers()).isEqualTo("kafka-1:9092");
        assertThat(c.kafka()).as("not passed on a second time").doesNotContainKey("bootstrap.servers");
        assertThat(CollectorConfig.load(p, Map.of("OPENSN_BOOTSTRAP_SERVERS", "env:9092")).bootstrapServers()).as("environment wins")
                .isEqualTo("env:9092");
        p.setProperty("bootstrap.servers", "kafka-1:9092");
        assertThat(CollectorConfig.load(p, Map.of()).bootstrapServers()).as("both, agreeing").isEqualTo("kafka-1:9092");
        p.setProperty("bootstrap.servers", "kafka-2:9092");
        assertThatThrownBy(() -> CollectorConfig.load(p, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers='kafka-2:9092' and kafka.bootstrap.servers='kafka-1:9092' disagree");
    }

    @Test
    void badValuesFailNamingTheKey() {
        Properties p = new Properties();
        p.setProperty("spool.max.bytes", "lots");
        assertThatThrownBy(() -> CollectorConfig.load(p, Map.of())).hasMessageContaining("spool.max.bytes='lots'").hasMessageContaining("64m");
        p.setProperty("spool.max.bytes", "100");
        assertThatThrownBy(() -> CollectorConfig.load(p, Map.of())).hasMessageContaining("spool.max.bytes was 100");
        assertThatThrownBy(() -> CollectorConfig.load(new Properties(), Map.of("OPENSN_DELIVERY_TIMEOUT_MS", "10")))
                .hasMessageContaining("delivery.timeout.ms was 10");
        assertThatThrownBy(() -> CollectorConfig.load(new Properties(), Map.of("OPENSN_BOOTSTRAP_SERVERS", " ")))
                .hasMessageContaining("bootstrap.servers is empty");
    }
}
