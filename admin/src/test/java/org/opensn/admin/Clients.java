package org.opensn.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small blocking client operations for the access tests; each closes its client. */
final class Clients {

    private Clients() {
    }

    /** Producer settings of the collector: idempotent, acks=all, lz4, batching. */
    static Map<String, Object> collectorProducer(Map<String, Object> login) {
        Map<String, Object> p = new HashMap<>(login);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    static void produce(Map<String, Object> login, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(collectorProducer(login), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get(120, TimeUnit.SECONDS);
        }
    }

    /** Reads from the start of every partition (assigned, no group unless {@code group} is given) until {@code count} records or 90 s. */
    static List<ConsumerRecord<String, String>> consume(Map<String, Object> login, String topic, String group, int count) {
        Map<String, Object> c = new HashMap<>(login);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        if (group != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
            }
            Instant deadline = Instant.now().plusSeconds(90);
            while (got.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            }
            if (group != null && count > 0) {
                consumer.commitSync(Duration.ofSeconds(60));
            }
        }
        return got;
    }

    /** Everything readable from the start of every partition within {@code time} (assigned, no group). */
    static List<ConsumerRecord<String, String>> consumeFor(Map<String, Object> login, String topic, Duration time) {
        Map<String, Object> c = new HashMap<>(login);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Instant deadline = Instant.now().plus(time);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }

    static <T> T admin(Map<String, Object> login, Function<Admin, KafkaFuture<T>> call) throws Exception {
        Map<String, Object> a = new HashMap<>(login);
        a.put("default.api.timeout.ms", 60_000);
        try (Admin admin = Admin.create(a)) {
            return call.apply(admin).get(90, TimeUnit.SECONDS);
        }
    }

    /** What an operation threw, unwrapped from ExecutionException and KafkaException wrappers; null when it succeeded. */
    static Throwable refusal(ThrowingRunnable op) {
        try {
            op.run();
            return null;
        } catch (Throwable t) {
            Throwable c = t;
            while ((c instanceof ExecutionException || c.getClass() == org.apache.kafka.common.KafkaException.class) && c.getCause() != null) {
                c = c.getCause();
            }
            return c;
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
