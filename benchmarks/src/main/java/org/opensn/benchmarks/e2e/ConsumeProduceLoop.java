package org.opensn.benchmarks.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The simplest Kafka "pipeline": one consumer reads the raw detections (as bytes, no
 * deserialization), one producer with the collector's settings writes each record unchanged to
 * another topic, offsets committed asynchronously after each poll (at-least-once). Reads the
 * records already at rest in {@code inputTopic} from the beginning.
 */
final class ConsumeProduceLoop {

    private ConsumeProduceLoop() {
    }

    static LoopResult run(Services services, String inputTopic, String outputTopic, String group, Duration timeout) {
        List<TopicPartition> partitions = services.partitions(inputTopic);
        long expected = services.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "e2e-loop");
        for (String setting : ProducerPerfBaseline.COLLECTOR_PRODUCER_SETTINGS) {
            String[] kv = setting.split("=", 2);
            p.put(kv[0], kv[1]);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position); // resolve positions before the clock starts
            producer.partitionsFor(outputTopic); // metadata too
            AtomicLong failed = new AtomicLong();
            long copied = 0;
            long t0 = System.nanoTime();
            long deadline = t0 + timeout.toNanos();
            while (copied < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consume → produce loop copied " + copied + " of " + expected + " records within " + timeout);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(outputTopic, r.key(), r.value()), (md, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                    });
                }
                copied += records.count();
                consumer.commitAsync();
            }
            producer.flush();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (failed.get() > 0) {
                throw new IllegalStateException("consume → produce loop: " + failed.get() + " records were not acknowledged");
            }
            consumer.commitSync();
            return new LoopResult(copied, seconds);
        }
    }
}
