package org.opensn.benchmarks.e2e;

import java.nio.file.Path;
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
 * Kafka Streams' own ceiling on this machine: an app with the streams app's Kafka Streams properties
 * (exactly_once_v2, a commit every 250 ms, 256 KiB batches, plus the {@code kafka.*} overrides given) whose
 * topology only copies each raw detection's bytes to one output topic, fed through its own collector. That is the
 * least any pipeline that writes the anonymized topic does per detection; {@link ThroughputRun} measures it as it
 * measures the streams app, and the time between the two is what anonymizing, aggregating and the stores cost.
 */
final class BareStreamsApp implements MeasuredApp, AutoCloseable {

    private final Services services;
    private final String name;
    private final String settings;
    private final boolean exactlyOnce;
    private final KafkaStreams streams;
    private final EndpointCollector collector;
    private final List<TopicPartition> rawPartitions;

    private BareStreamsApp(Services services, String name, String guarantee, KafkaStreams streams, EndpointCollector collector,
            List<TopicPartition> rawPartitions) {
        this.services = services;
        this.name = name;
        this.settings = "bare Kafka Streams copy, " + guarantee;
        this.exactlyOnce = guarantee.startsWith("exactly_once");
        this.streams = streams;
        this.collector = collector;
        this.rawPartitions = rawPartitions;
    }

    /**
     * Creates the contract topics under {@code name + "."} and the output {@code name + ".copy"}, starts the bare
     * app, waits until it is RUNNING, and builds a collector in {@code EXTENDED} mode.
     */
    static BareStreamsApp start(Services services, String name, Map<String, String> kafkaOverrides, int partitions,
            String deviceHashSecret, Path workDir) throws InterruptedException {
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
        KafkaStreams streams = new KafkaStreams(builder.build(), streamsProperties);
        EndpointCollector collector = null;
        try {
            streams.start();
            PipelineInstance.awaitRunning(streams, name);
            collector = PipelineInstance.extendedCollector(services, name, workDir);
            return new BareStreamsApp(services, name, streamsProperties.getProperty("processing.guarantee"), streams, collector,
                    services.partitions(topics.detectionsRaw().name()));
        } catch (RuntimeException | InterruptedException e) {
            if (collector != null) {
                collector.close();
            }
            streams.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String settings() {
        return settings;
    }

    @Override
    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    @Override
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public EndpointCollector collector() {
        return collector;
    }

    /** Records the stream threads processed (Kafka Streams' {@code process-total}): all raw, there is no repartition topic. */
    @Override
    public long detectionsProcessed() {
        double sum = 0;
        for (var e : streams.metrics().entrySet()) {
            if ("process-total".equals(e.getKey().name()) && "stream-thread-metrics".equals(e.getKey().group())
                    && e.getValue().metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return Math.round(sum);
    }

    /** True when the committed offsets reached the end of the raw detections topic, its only input. */
    @Override
    public boolean committedToEnd() {
        Map<TopicPartition, Long> committed = services.committed(name);
        Map<TopicPartition, Long> end = services.endOffsets(rawPartitions);
        return rawPartitions.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) >= end.get(tp));
    }

    /** 0: the copy rejects nothing, so it has no dead-letter path. */
    @Override
    public long deadLetters() {
        return 0;
    }

    @Override
    public String state() {
        return streams.state().toString();
    }

    @Override
    public void close() {
        try {
            collector.close();
        } finally {
            streams.close();
        }
    }
}
