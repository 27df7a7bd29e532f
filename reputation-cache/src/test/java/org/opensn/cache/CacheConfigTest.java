package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

    @Test
    void defaultsFollowTheContract() {
        CacheConfig c = CacheConfig.defaults();
        assertThat(c.http().port()).isEqualTo(8090);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().maxBatch()).isEqualTo(1000);
        assertThat(c.verdictsTopic()).isEqualTo("opensn.verdicts");
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(c.serde()).containsEntry("schema.registry.url", "http://127.0.0.1:8081");
        assertThat(c.stateDir()).isEqualTo(Path.of("state/reputation-cache"));
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile() {
        Properties p = new Properties();
        p.setProperty("cache.http.port", "9000");
        p.setProperty("cache.ttl.unknown", "90s");
        p.setProperty("kafka.security.protocol", "SASL_SSL");
        p.setProperty("topic.prefix", "acme.");
        p.setProperty("basic.auth.user.info", "from-file:x");
        CacheConfig c = CacheConfig.load(p, Map.of(
                "OPENSN_CACHE_HTTP_PORT", "9001",
                "OPENSN_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "OPENSN_BASIC_AUTH_USER_INFO", "cache:secret",
                "OPENSN_CACHE_STATE_DIR", ""));
        assertThat(c.http().port()).isEqualTo(9001);
        assertThat(c.http().unknownTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.serde()).containsEntry("basic.auth.user.info", "cache:secret");
        assertThat(c.verdictsTopic()).isEqualTo("acme.verdicts");
        assertThat(c.stateDir()).isNull();
        assertThat(c.toString()).doesNotContain("secret");
    }

    @Test
    void aBadValueNamesItsKey() {
        Properties p = new Properties();
        p.setProperty("cache.ttl.known", "soon");
        assertThatThrownBy(() -> CacheConfig.load(p, Map.of())).hasMessageContaining("cache.ttl.known").hasMessageContaining("soon");
        Properties q = new Properties();
        q.setProperty("cache.http.port", "eighty");
        assertThatThrownBy(() -> CacheConfig.load(q, Map.of())).hasMessageContaining("cache.http.port");
    }
}
