package org.opensn.streams.query;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.serde.AvroSerdes;

/** Writes analyst overrides (and their removal, as tombstones) to {@code opensn.analyst-verdicts}. */
final class VerdictWriter implements AutoCloseable {

    private final KafkaProducer<String, AnalystVerdict> producer;
    private final String topic;
    private final Duration timeout;

    /**
     * @param bootstrapServers the brokers
     * @param clientSettings   kafka.* pass-through (only producer settings are used)
     * @param serdeConfig      registry serde settings
     * @param topic            the analyst-verdicts topic
     * @param timeout          how long a write may take before the request fails
     */
    VerdictWriter(String bootstrapServers, Map<String, String> clientSettings, Map<String, Object> serdeConfig, String topic,
            Duration timeout) {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : clientSettings.entrySet()) {
            if (ProducerConfig.configNames().contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "opensn-analyst-verdicts");
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerdes.specific(AnalystVerdict.class, serdeConfig, false).serializer());
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Writes {@code verdict} (null = remove the override of {@code objectRef}) and waits for the broker's acknowledgement. */
    RecordMetadata write(String objectRef, AnalystVerdict verdict) {
        try {
            return producer.send(new ProducerRecord<>(topic, objectRef, verdict)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.unavailable("interrupted while writing to " + topic);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw QueryException.unavailable("could not write the verdict to topic " + topic + ": " + cause.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
