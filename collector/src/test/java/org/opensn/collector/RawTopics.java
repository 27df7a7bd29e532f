package org.opensn.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.serde.AvroSerdes;

/** Test helper: reads the raw topics from the beginning to their end offsets, and other shared bits of the ITs. */
final class RawTopics {

    /** One record read back: key, topic and the decoded event (null if the value could not be decoded). */
    record Read(String topic, String key, String eventId, SpecificRecord event) {
    }

    private RawTopics() {
    }

    /** Unique topic names for one test. */
    static Topics unique(String test) {
        return Topics.withPrefix("it-" + test + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    }

    /** A collector config with short timeouts so that outages are detected in seconds. */
    static CollectorConfig config(Path stateDir, String bootstrap, String registryUrl, Topics topics) {
        return CollectorConfig.of(stateDir, bootstrap, registryUrl).withTopics(topics)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    /** Every record of both raw topics, from the beginning to the end offsets taken now. */
    static List<Read> readAll(String bootstrap, String registryUrl, Topics topics) {
        List<Read> out = new ArrayList<>();
        out.addAll(read(bootstrap, registryUrl, topics.detectionsRaw().name(), DetectionEvent.class));
        out.addAll(read(bootstrap, registryUrl, topics.threatSourcesRaw().name(), ThreatSourceEvent.class));
        return out;
    }

    static <T extends SpecificRecord> List<Read> read(String bootstrap, String registryUrl, String topic, Class<T> type) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Read> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
             Deserializer<T> values = registryUrl == null ? null
                     : AvroSerdes.specific(type, Map.of("schema.registry.url", registryUrl), false).deserializer()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    T event = values == null || r.value() == null ? null : values.deserialize(topic, r.value());
                    out.add(new Read(topic, r.key(), event == null ? null : String.valueOf(event.get(0)), event));
                }
            }
        }
        return out;
    }

    /** True if any spool segment file exists under the state dir. */
    static boolean spoolFileExists(Path stateDir) throws java.io.IOException {
        if (!Files.exists(stateDir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".seg") || p.getFileName().toString().equals("spool"));
        }
    }
}
