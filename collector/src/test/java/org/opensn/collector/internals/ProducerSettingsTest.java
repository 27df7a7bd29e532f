package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.opensn.collector.CollectorConfig;

class ProducerSettingsTest {

    @Test
    void idempotentAcksAllLz4BatchingAndPassThroughLast() {
        Properties p = new Properties();
        p.setProperty("state.dir", Path.of("target", "unused").toString());
        p.setProperty("delivery.timeout.ms", "8000");
        p.setProperty("kafka.security.protocol", "SASL_PLAINTEXT");
        p.setProperty("kafka.sasl.mechanism", "SCRAM-SHA-512");
        p.setProperty("kafka.linger.ms", "50");
        Map<String, Object> c = DefaultEndpointCollector.producerConfig(CollectorConfig.load(p, Map.of()));
        assertThat(c).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8000)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50");
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms
        assertThat(((Number) c.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).longValue() + 20).isLessThanOrEqualTo(8000);
        assertThat(new ProducerConfig(withSerializers(c)).getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
    }

    private static Map<String, Object> withSerializers(Map<String, Object> c) {
        Map<String, Object> m = new java.util.HashMap<>(c);
        m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return m;
    }
}
