package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void restartKeepsPortRecordsAndCommittedOffsets() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        String group = "group-" + UUID.randomUUID();
        Path dataDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            dataDir = kafka.dataDir();
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopic(topic, 2, Map.of("cleanup.policy", "delete"));

            send(kafka, topic, "a", "b", "c");
            assertThat(consume(kafka, topic, group, 3)).containsExactlyInAnyOrder("a", "b", "c");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();

            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(consume(kafka, topic, "fresh-" + group, 3)).as("old records after restart")
                    .containsExactlyInAnyOrder("a", "b", "c");
            send(kafka, topic, "d");
            assertThat(consume(kafka, topic, group, 1)).as("the group resumes after its committed offsets")
                    .containsExactly("d");
        }
        assertThat(dataDir).as("temporary data dir removed on close").doesNotExist();
    }

    @Test
    void autoCreatesTopicsWithTheConfiguredPartitions() throws Exception {
        String topic = "auto-" + UUID.randomUUID();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).build().start();
                KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            assertThat(producer.partitionsFor(topic)).hasSize(3);
        }
    }

    @Test
    void keepsAGivenDataDirAndReusesItInANewInstance() throws Exception {
        Path dir = Files.createTempDirectory("opensn-kafka-it-");
        String topic = "kept-" + UUID.randomUUID();
        try {
            try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).build().start()) {
                kafka.createTopic(topic, 1);
                send(kafka, topic, "x");
            }
            assertThat(dir).isNotEmptyDirectory();
            try (EmbeddedKafka again = EmbeddedKafka.builder().dataDir(dir).build().start()) {
                assertThat(consume(again, topic, "g-" + UUID.randomUUID(), 1)).containsExactly("x");
            }
        } finally {
            TempDirectories.deleteRecursively(dir);
        }
    }

    @Test
    void refusesABusyPortWithAClearMessage() {
        try (EmbeddedKafka first = EmbeddedKafka.builder().build().start();
                EmbeddedKafka second = EmbeddedKafka.builder().port(first.port()).build()) {
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port())
                    .hasMessageContaining("in use");
            assertThat(second.isRunning()).isFalse();
        }
    }

    @Test
    void refusesAnExistingTopic() {
        String topic = "dup-" + UUID.randomUUID();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            kafka.createTopic(topic, 1);
            assertThatThrownBy(() -> kafka.createTopic(topic, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(topic).hasMessageContaining("already exists");
        }
    }

    static void send(EmbeddedKafka kafka, String topic, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
    }

    static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static List<String> consume(EmbeddedKafka kafka, String topic, String group, int count) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(values).as("records read from %s within %s", topic, TIMEOUT).hasSize(count);
        return values;
    }
}
