package org.opensn.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.opensn.collector.EndpointCollector;
import org.opensn.schemas.Topics;
import org.opensn.streams.StreamsAppConfig;

/**
 * Kafka Streams' own ceiling on this machine, for the catch-up of {@link ThroughputRun#measureBacklog}: an app with
 * the streams app's Kafka Streams properties (exactly_once_v2, a commit every 250 ms, 256 KiB batches, plus the
 * {@code kafka.*} overrides given) whose topology only copies each raw detection's bytes to one output topic. That
 * is the least any pipeline that writes the anonymized topic does per detection; the time between it and the real
 * app is what anonymizing, aggregating and the stores cost.
 */
final class BareStreamsRun {

    private static final long POLL_MILLIS = 10;

    private BareStreamsRun() {
    }

    /**
     * Starts the bare app on fresh contract topics under {@code name + "."} (its output {@code name + ".copy"}),
     * lets {@code warmup} detections through, pauses it while the next {@code n} are published and acknowledged,
     * then times its catch-up from the resume (to processed and to committed), with {@code atResume} run just
     * before the resume and {@code atEnd} once it has committed (its threads still alive).
     */
    static ThroughputResult measureBacklog(Services services, String name, Map<String, String> kafkaOverrides, int partitions,
            EventCatalog catalog, int warmup, int n, String deviceHashSecret, Path workDir, Runnable atResume, Runnable atEnd)
            throws InterruptedException {
        Topics topics = Topics.withPrefix(name + ".");
        services.createContractTopics(topics, partitions);
        String copy = name + ".copy";
        services.createTopic(copy, partitions);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.detectionsRaw().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(copy, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.setProperty("application.id", name);
        p.setProperty("kafka.bootstrap.servers", services.bootstrapServers());
        p.setProperty("schema.registry.url", services.registryUrl());
        p.setProperty("state.dir", workDir.resolve(name + "-streams").toString());
        kafkaOverrides.forEach((k, v) -> p.setProperty("kafka." + k, v));
        Properties streamsProperties = StreamsAppConfig.load(p, Map.of("OPENSN_DEVICE_HASH_SECRET", deviceHashSecret)).streamsProperties();
        List<TopicPartition> raw = services.partitions(topics.detectionsRaw().name());
        Duration timeout = Duration.ofMinutes(5);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), streamsProperties);
                EndpointCollector collector = PipelineInstance.extendedCollector(services, name, workDir)) {
            streams.start();
            PipelineInstance.awaitRunning(streams, name);
            PipelineInstance.publish(collector, catalog.slice(0, warmup));
            if (!collector.flush(timeout) || awaitCommitted(services, name, raw, timeout) == 0) {
                throw new IllegalStateException(name + ": the warm-up of " + warmup + " detections was not committed within " + timeout);
            }
            streams.pause();
            long retries = PipelineInstance.publish(collector, catalog.slice(warmup, warmup + n));
            if (!collector.flush(timeout)) {
                throw new IllegalStateException(name + ": the collector did not get " + n + " reports acknowledged within " + timeout);
            }
            long target = processed(streams) + n;
            atResume.run();
            long t0 = System.nanoTime();
            streams.resume();
            long deadline = t0 + timeout.toNanos();
            long processedAt = 0;
            while (processedAt == 0 && System.nanoTime() < deadline) {
                if (processed(streams) >= target) {
                    processedAt = System.nanoTime();
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            long committedAt = awaitCommitted(services, name, raw, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            atEnd.run();
            return new ThroughputResult("bare Kafka Streams copy, " + streamsProperties.getProperty("processing.guarantee"), n, 0, 0,
                    ThroughputRun.seconds(t0, processedAt), ThroughputRun.seconds(t0, committedAt), retries, processed(streams) - (target - n), 0);
        }
    }

    /** Records the stream threads processed (Kafka Streams' {@code process-total}). */
    private static long processed(KafkaStreams streams) {
        double sum = 0;
        for (var e : streams.metrics().entrySet()) {
            if ("process-total".equals(e.getKey().name()) && "stream-thread-metrics".equals(e.getKey().group())
                    && e.getValue().metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return Math.round(sum);
    }

    /**
     * Waits until group {@code group}'s committed offsets reach the end of {@code partitions}: when it saw that
     * ({@code System.nanoTime()}), 0 if not within {@code timeout}.
     */
    private static long awaitCommitted(Services services, String group, List<TopicPartition> partitions, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end = services.endOffsets(partitions);
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> committed = services.committed(group);
            if (partitions.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) >= end.get(tp))) {
                return System.nanoTime();
            }
            Thread.sleep(POLL_MILLIS);
        }
        return 0;
    }
}
