package org.opensn.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    private static final Map<String, String> SECRET = Map.of("OPENSN_DEVICE_HASH_SECRET", "0123456789abcdef0123");

    @Test
    void defaults() {
        StreamsAppConfig c = StreamsAppConfig.load(new Properties(), SECRET);
        assertThat(c.applicationId()).isEqualTo("opensn-streams");
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.k()).isEqualTo(5);
        assertThat(c.pipeline().rules().minDevices()).isEqualTo(5);
        assertThat(c.pipeline().statsGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.pipeline().topics().verdicts().name()).isEqualTo("opensn.verdicts");
        assertThat(c.streamsProperties()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8080")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1")
                .containsEntry("producer.batch.size", "262144")
                .containsEntry("processing.exception.handler.global.enabled", "true");
    }

    @Test
    void fileThenEnvironmentAndKafkaPassThrough() {
        Properties p = new Properties();
        p.setProperty("http.port", "9000");
        p.setProperty("privacy.k", "7");
        p.setProperty("verdicts.window", "PT6H");
        p.setProperty("kafka.num.stream.threads", "2");
        p.setProperty("kafka.commit.interval.ms", "1000");
        p.setProperty("kafka.bootstrap.servers", "file:1");
        p.setProperty("topic.prefix", "acme.");
        Map<String, String> env = new java.util.HashMap<>(SECRET);
        env.put("OPENSN_HTTP_PORT", "9100");
        env.put("OPENSN_KAFKA_BOOTSTRAP_SERVERS", "env:2");
        env.put("OPENSN_SCHEMA_REGISTRY_USER_INFO", "u:p");
        env.put("OPENSN_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "tspw");
        p.setProperty("schema.registry.ssl.truststore.location", "/etc/ts.p12");
        StreamsAppConfig c = StreamsAppConfig.load(p, env);
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.k()).isEqualTo(7);
        assertThat(c.pipeline().rules().window()).isEqualTo(Duration.ofHours(6));
        assertThat(c.bootstrapServers()).isEqualTo("env:2");
        assertThat(c.streamsProperties()).containsEntry("num.stream.threads", "2").containsEntry("commit.interval.ms", "1000");
        assertThat(c.pipeline().topics().detectionsRaw().name()).isEqualTo("acme.detections.raw");
        assertThat(c.serdeConfig()).containsEntry("basic.auth.user.info", "u:p")
                .containsEntry("schema.registry.ssl.truststore.password", "tspw")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/ts.p12");
        assertThat(c.toString()).doesNotContain("u:p", "tspw");
    }

    @Test
    void failsFastWithTheFix() {
        assertThatThrownBy(() -> StreamsAppConfig.load(new Properties(), Map.of())).hasMessageContaining("OPENSN_DEVICE_HASH_SECRET");
        assertThatThrownBy(() -> StreamsAppConfig.load(new Properties(), Map.of("OPENSN_DEVICE_HASH_SECRET", "short")))
                .hasMessageContaining("at least 16 bytes");
        Properties p = new Properties();
        p.setProperty("device-hash.rotation", "P2D");
        assertThatThrownBy(() -> StreamsAppConfig.load(p, SECRET)).hasMessageContaining("at most 1 day");
        Properties q = new Properties();
        q.setProperty("stats.grace", "ten minutes");
        assertThatThrownBy(() -> StreamsAppConfig.load(q, SECRET)).hasMessageContaining("stats.grace").hasMessageContaining("PT10M");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(StreamsAppConfig.load(new Properties(), SECRET).toString()).doesNotContain("0123456789abcdef0123");
    }
}
