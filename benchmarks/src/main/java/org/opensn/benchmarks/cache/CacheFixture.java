package org.opensn.benchmarks.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensn.cache.CacheConfig;
import org.opensn.cache.ReputationCacheService;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;
import org.opensn.schemas.serde.AvroSerdes;

/**
 * A private in-process broker, a verdicts topic holding {@code verdicts} verdicts for
 * {@link #ref(int) ref(0..verdicts-1)}, and a reputation cache service (HTTP on a free port of
 * 127.0.0.1, constant-answer baseline endpoint on) caught up with it. The registry is the
 * in-memory {@code mock://} one: the benchmarks measure the cache, not the registry.
 */
final class CacheFixture implements AutoCloseable {

    final EmbeddedKafka kafka;
    final String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".verdicts";
    final String registryUrl = "mock://bench-" + UUID.randomUUID();
    final KafkaProducer<String, ReputationVerdict> producer;
    final ReputationCacheService service;

    CacheFixture(int verdicts, int partitions) throws Exception {
        kafka = EmbeddedKafka.builder().build().start();
        KafkaProducer<String, ReputationVerdict> createdProducer = null;
        ReputationCacheService createdService = null;
        try {
            createdProducer = createProducer();
            createdService = fill(createdProducer, verdicts, partitions);
        } catch (Throwable t) {
            if (createdProducer != null) {
                createdProducer.close();
            }
            kafka.close();
            throw t;
        }
        producer = createdProducer;
        service = createdService;
    }

    private KafkaProducer<String, ReputationVerdict> createProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(),
                AvroSerdes.specific(ReputationVerdict.class, Map.of("schema.registry.url", registryUrl), false).serializer());
    }

    private ReputationCacheService fill(KafkaProducer<String, ReputationVerdict> producer, int verdicts, int partitions)
            throws Exception {
        kafka.createTopic(topic, partitions, Map.of("cleanup.policy", "compact"));
        // a loaded machine can fail a batch (request timeout, out-of-order sequence): send those again
        java.util.Set<Integer> pending = new java.util.concurrent.ConcurrentSkipListSet<>();
        for (int i = 0; i < verdicts; i++) {
            pending.add(i);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 5) {
                throw new IllegalStateException(pending.size() + " of " + verdicts + " verdicts could not be written in 5 attempts");
            }
            for (int i : java.util.List.copyOf(pending)) {
                producer.send(new ProducerRecord<>(topic, ref(i), verdict(ref(i), Verdict.values()[i % 3], 1)), (md, e) -> {
                    if (e == null) {
                        pending.remove(i);
                    }
                });
            }
            producer.flush();
        }
        Properties c = new Properties();
        c.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
        c.setProperty("schema.registry.url", registryUrl);
        c.setProperty("topic.verdicts", topic);
        c.setProperty("cache.http.port", "0");
        c.setProperty("cache.state.dir", "");
        c.setProperty("cache.http.constant-endpoint", "true");
        ReputationCacheService started = ReputationCacheService.start(CacheConfig.load(c, Map.of()));
        if (!started.subscriber().awaitReady(Duration.ofMinutes(5))) {
            started.close();
            throw new IllegalStateException("the cache did not catch up with the topic within 5 minutes");
        }
        if (started.subscriber().size() != verdicts) {
            started.close();
            throw new IllegalStateException("the cache holds " + started.subscriber().size() + " verdicts, " + verdicts + " were written");
        }
        return started;
    }

    static String ref(int i) {
        return "file:" + String.format("%064x", i);
    }

    static ReputationVerdict verdict(String ref, Verdict verdict, long version) {
        return ReputationVerdict.newBuilder().setObjectRef(ref).setVerdict(verdict).setConfidence(0.9).setVersion(version)
                .setSource(VerdictSource.RULE).setUpdatedAt(Instant.now()).build();
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
        kafka.close();
    }
}
