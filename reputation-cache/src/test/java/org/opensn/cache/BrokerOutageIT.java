package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.serde.AvroSerdes;

/**
 * While the broker is down the subscriber keeps answering from its table, says how stale it is
 * and that the lag is unknown; when the broker is back it catches up by itself. Uses a private
 * broker (it is stopped) and the in-memory {@code mock://} registry.
 */
class BrokerOutageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void stalenessGrowsWhileTheBrokerIsDownAndTheSubscriberRecovers() throws Exception {
        String registry = "mock://outage-" + UUID.randomUUID();
        String topic = "outage.verdicts";
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            kafka.createTopic(topic, 2, Map.of("cleanup.policy", "compact"));
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
            String before = Verdicts.fileRef(1);
            String after = Verdicts.fileRef(2);
            try (KafkaProducer<String, ReputationVerdict> producer = new KafkaProducer<>(p, new StringSerializer(),
                    AvroSerdes.specific(ReputationVerdict.class, Map.of("schema.registry.url", registry), false).serializer());
                 VerdictSubscriber subscriber = VerdictSubscriber.builder()
                         .topic(topic)
                         .kafkaProperty("bootstrap.servers", kafka.bootstrapServers())
                         .kafkaProperty("reconnect.backoff.max.ms", 500)
                         .serdeConfig(Map.of("schema.registry.url", registry))
                         .clock(clock)
                         .build()
                         .start()) {
                producer.send(new ProducerRecord<>(topic, before, Verdicts.avro(before, Verdict.MALICIOUS, 1))).get();
                assertThat(subscriber.awaitReady(PATIENCE)).isTrue();
                await().atMost(PATIENCE).until(() -> subscriber.lookup(before) != null && subscriber.lag() == 0);
                assertThat(subscriber.staleness()).isLessThan(Duration.ofMinutes(1));

                kafka.stop();
                clock.advance(Duration.ofMinutes(10));
                await().atMost(PATIENCE).until(() -> subscriber.lag() == -1);
                assertThat(subscriber.staleness()).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
                assertThat(subscriber.lookup(before).verdict()).isEqualTo(Verdict.MALICIOUS);

                kafka.start();
                producer.send(new ProducerRecord<>(topic, after, Verdicts.avro(after, Verdict.SUSPICIOUS, 1))).get();
                await().atMost(PATIENCE).until(() -> subscriber.lookup(after) != null);
                await().atMost(PATIENCE).until(() -> subscriber.staleness().compareTo(Duration.ofMinutes(1)) < 0 && subscriber.lag() == 0);
            }
        }
    }
}
