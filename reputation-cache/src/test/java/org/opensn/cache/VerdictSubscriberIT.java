package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opensn.cache.HttpClientSupport.get;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.serde.AvroSerdes;

/** The cache on the real embedded broker and registry. */
@ExtendWith(EmbeddedServicesExtension.class)
class VerdictSubscriberIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private String topic(EmbeddedKafka kafka) {
        String topic = Topics.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + ".").verdicts().name();
        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        return topic;
    }

    private static KafkaProducer<String, ReputationVerdict> producer(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(),
                AvroSerdes.specific(ReputationVerdict.class, Map.of("schema.registry.url", registry.url()), false).serializer());
    }

    private CacheConfig config(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, String topic, String instance) {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("schema.registry.url", registry.url());
        p.setProperty("topic.verdicts", topic);
        p.setProperty("cache.http.port", "0");
        p.setProperty("cache.state.dir", dir.resolve(instance).toString());
        return CacheConfig.load(p, Map.of());
    }

    private static String verdictOver(ReputationCacheService s, String ref) {
        var a = get(s.baseUrl() + "/v1/reputation/" + ref);
        return a.status() == 200 ? a.body().get("verdict").asText() + "/" + a.body().get("version").asLong() : "HTTP " + a.status();
    }

    @Test
    void aPublishedVerdictReachesEveryInstanceAndATombstoneMakesItUnknown(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry)
            throws Exception {
        String topic = topic(kafka);
        String ref = Verdicts.fileRef(42);
        try (KafkaProducer<String, ReputationVerdict> producer = producer(kafka, registry);
             ReputationCacheService a = ReputationCacheService.start(config(kafka, registry, topic, "a"));
             ReputationCacheService b = ReputationCacheService.start(config(kafka, registry, topic, "b"))) {
            await().atMost(PATIENCE).until(() -> get(a.baseUrl() + "/health").status() == 200 && get(b.baseUrl() + "/health").status() == 200);
            assertThat(verdictOver(a, ref)).isEqualTo("UNKNOWN/0");
            java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            b.subscriber().addListener((r, previous, current) -> heard.add(r + ":" + (previous == null ? "-" : previous.verdict())
                    + "->" + (current == null ? "-" : current.verdict())));

            producer.send(new ProducerRecord<>(topic, ref, Verdicts.avro(ref, Verdict.MALICIOUS, 1))).get();
            await().atMost(PATIENCE).until(() -> verdictOver(a, ref).equals("MALICIOUS/1") && verdictOver(b, ref).equals("MALICIOUS/1"));

            // a downstream copy may switch instances: a token from one is a delta at the other
            HttpClientSupport.LocalCopy client = new HttpClientSupport.LocalCopy();
            client.sync(a.baseUrl());
            assertThat(client.entries).containsOnlyKeys(ref);

            producer.send(new ProducerRecord<>(topic, ref, null)).get();
            await().atMost(PATIENCE).until(() -> verdictOver(a, ref).equals("UNKNOWN/0") && verdictOver(b, ref).equals("UNKNOWN/0"));
            var delta = client.sync(b.baseUrl());
            assertThat(delta.get("full").asBoolean()).isFalse();
            assertThat(delta.get("changes").get(0).get("withdrawn").asBoolean()).isTrue();
            assertThat(client.entries).isEmpty();
            assertThat(client.checksum()).isEqualTo(client.lastServerChecksum).isEqualTo(new TableChecksum().hex());
            assertThat(a.subscriber().lookup(ref)).isNull();
            assertThat(b.subscriber().size()).isZero();
            assertThat(heard).containsExactly(ref + ":-->MALICIOUS", ref + ":MALICIOUS->-");
        }
    }

    @Test
    void aRestartedInstanceResumesFromItsStateInsteadOfRereading(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) throws Exception {
        String topic = topic(kafka);
        CacheConfig config = config(kafka, registry, topic, "resume");
        try (KafkaProducer<String, ReputationVerdict> producer = producer(kafka, registry)) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord<>(topic, Verdicts.fileRef(i), Verdicts.avro(Verdicts.fileRef(i), Verdict.SUSPICIOUS, 1)));
            }
            producer.flush();
            Map<Integer, Long> stored;
            try (VerdictSubscriber first = config.subscriber().build().start()) {
                assertThat(first.awaitReady(PATIENCE)).isTrue();
                assertThat(first.resumedFromState()).isFalse();
                assertThat(first.startOffsets()).allSatisfy((p, offset) -> assertThat(offset).isZero());
                assertThat(first.size()).isEqualTo(60);
                stored = new HashMap<>();
                long[] positions = ((KafkaVerdictSubscriber) first).positionsForTest();
                for (int p = 0; p < positions.length; p++) {
                    stored.put(p, positions[p]);
                }
            }
            assertThat(stored.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);

            // while it is down: one new verdict, one changed, one withdrawn
            producer.send(new ProducerRecord<>(topic, Verdicts.fileRef(100), Verdicts.avro(Verdicts.fileRef(100), Verdict.MALICIOUS, 1)));
            producer.send(new ProducerRecord<>(topic, Verdicts.fileRef(1), Verdicts.avro(Verdicts.fileRef(1), Verdict.MALICIOUS, 2)));
            producer.send(new ProducerRecord<>(topic, Verdicts.fileRef(2), null));
            producer.flush();

            try (VerdictSubscriber second = config.subscriber().build().start()) {
                assertThat(second.awaitReady(PATIENCE)).isTrue();
                assertThat(second.resumedFromState()).isTrue();
                assertThat(second.startOffsets()).isEqualTo(stored);
                assertThat(second.recordsApplied()).isEqualTo(3);
                assertThat(second.size()).isEqualTo(60);
                assertThat(second.lookup(Verdicts.fileRef(100)).verdict()).isEqualTo(Verdict.MALICIOUS);
                assertThat(second.lookup(Verdicts.fileRef(1)).version()).isEqualTo(2);
                assertThat(second.lookup(Verdicts.fileRef(2))).isNull();
                assertThat(second.lookup(Verdicts.fileRef(59)).verdict()).isEqualTo(Verdict.SUSPICIOUS);
            }
        }
    }

    @Test
    void aDownstreamCopyFollowingUpdatesEndsEqualToTheCache(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) throws Exception {
        String topic = topic(kafka);
        Random random = new Random(7);
        Map<String, String> model = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        HttpClientSupport.LocalCopy client = new HttpClientSupport.LocalCopy();
        try (KafkaProducer<String, ReputationVerdict> producer = producer(kafka, registry);
             ReputationCacheService cache = ReputationCacheService.start(config(kafka, registry, topic, "updates"))) {
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 40; i++) {
                    String ref = Verdicts.fileRef(random.nextInt(60));
                    if (random.nextInt(5) == 0) {
                        producer.send(new ProducerRecord<>(topic, ref, null));
                        model.remove(ref);
                    } else {
                        long version = versions.merge(ref, 1L, Long::sum);
                        Verdict v = Verdict.values()[random.nextInt(3)];
                        producer.send(new ProducerRecord<>(topic, ref, Verdicts.avro(ref, v, version)));
                        model.put(ref, v + "/" + version);
                    }
                }
                producer.flush();
                String expectedChecksum = checksumOf(model);
                await().atMost(PATIENCE).until(() -> cache.subscriber().isReady() && cache.subscriber().checksum().equals(expectedChecksum));
                client.sync(cache.baseUrl());
                assertThat(client.entries).isEqualTo(model);
                assertThat(client.checksum()).isEqualTo(client.lastServerChecksum).isEqualTo(expectedChecksum);
            }
            assertThat(client.fullAnswers).isEqualTo(1);
            assertThat(client.deltaAnswers).isEqualTo(5);
        }
    }

    private static String checksumOf(Map<String, String> model) {
        TableChecksum c = new TableChecksum();
        model.forEach((ref, v) -> c.toggle(ref, Verdict.valueOf(v.split("/")[0]), Long.parseLong(v.split("/")[1])));
        return c.hex();
    }
}
