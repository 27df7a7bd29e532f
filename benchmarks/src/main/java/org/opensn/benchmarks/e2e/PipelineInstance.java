package org.opensn.benchmarks.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.EndpointCollector;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.streams.StreamsApp;
import org.opensn.streams.StreamsAppConfig;
import org.opensn.streams.topology.AnonymizeAhead;

/**
 * One streams app (the real {@link StreamsApp}, configured like {@code ./opensn up} but on its own
 * topic prefix and application id) and one {@link EndpointCollector} in {@code EXTENDED} mode that
 * publishes into it.
 *
 * <p>Progress is read two ways. <em>Processed</em>: raw records processed, i.e. the stream threads'
 * {@code process-total} less the records their consumers fetched from repartition topics (the
 * merges of partial threat windows, and anything aggregated through a repartition). A detection is
 * processed in one call: anonymized, counted into its object's statistics (in place, since the
 * collector keys it by its object ref under the default partitioner; a detection produced under
 * another key would go through the object repartition topic, and {@link #objectRepartitionRecords()}
 * shows there were none) and into its threat's hourly window for that partition (merged across
 * partitions once a second, see {@code ThreatPartialProcessor}). Fetched-but-not-yet-processed
 * repartition records make the figure lag, never lead. <em>Committed</em>: the application's committed offsets reached the end of the raw
 * topic and of every repartition topic (under exactly-once the last entry of a repartition
 * partition is a transaction marker the consumer never hands out, hence "end − 1"); from then on
 * every output of the batch is visible to read-committed consumers.
 */
final class PipelineInstance implements MeasuredApp, AutoCloseable {

    private final Services services;
    private final String applicationId;
    private final Topics topics;
    private final boolean exactlyOnce;
    private final StreamsApp app;
    private final EndpointCollector collector;
    private final List<TopicPartition> rawPartitions;
    private final int minDevices;
    private final String settings;
    private List<TopicPartition> repartitionPartitions = List.of();
    private List<Metric> processTotals = List.of();
    private List<Metric> repartitionFetches = List.of();
    private long metricsScannedAt = System.nanoTime() - 2_000_000_000L;

    private PipelineInstance(Services services, String applicationId, Topics topics, boolean exactlyOnce, StreamsApp app,
            EndpointCollector collector, List<TopicPartition> rawPartitions, int minDevices, String settings) {
        this.services = services;
        this.applicationId = applicationId;
        this.topics = topics;
        this.exactlyOnce = exactlyOnce;
        this.app = app;
        this.collector = collector;
        this.rawPartitions = rawPartitions;
        this.minDevices = minDevices;
        this.settings = settings;
    }

    /**
     * Creates the contract topics under {@code name + "."}, starts the streams app as shipped plus
     * {@code kafkaOverrides} (passed as {@code kafka.*} keys, e.g. {@code processing.guarantee=at_least_once}; a key
     * {@code app.K} sets the app's own key K instead, e.g. {@code app.anonymize.threads=0}),
     * waits until it is RUNNING, and builds a collector in {@code EXTENDED} mode.
     */
    static PipelineInstance start(Services services, String name, Map<String, String> kafkaOverrides, int partitions,
            String deviceHashSecret, Path workDir) throws InterruptedException {
        boolean exactlyOnce = !kafkaOverrides.containsKey("processing.guarantee")
                || kafkaOverrides.get("processing.guarantee").startsWith("exactly_once");
        String prefix = name + ".";
        Topics topics = Topics.withPrefix(prefix);
        services.createContractTopics(topics, partitions);
        Properties p = new Properties();
        p.setProperty("application.id", name);
        p.setProperty("kafka.bootstrap.servers", services.bootstrapServers());
        p.setProperty("schema.registry.url", services.registryUrl());
        p.setProperty("http.port", Integer.toString(freePort()));
        p.setProperty("state.dir", workDir.resolve(name + "-streams").toString());
        p.setProperty("internal.partitions", Integer.toString(partitions));
        p.setProperty("topic.prefix", prefix);
        // "app.<key>" sets the app's own <key> (e.g. app.anonymize.threads=0); anything else is a kafka.* setting
        kafkaOverrides.forEach((k, v) -> p.setProperty(k.startsWith("app.") ? k.substring("app.".length()) : "kafka." + k, v));
        StreamsAppConfig config = StreamsAppConfig.load(p, Map.of("OPENSN_DEVICE_HASH_SECRET", deviceHashSecret));
        StreamsApp app = StreamsApp.start(config);
        EndpointCollector collector = null;
        try {
            awaitRunning(app.streams(), name);
            collector = extendedCollector(services, name, workDir);
            return new PipelineInstance(services, name, topics, exactlyOnce, app, collector,
                    services.partitions(topics.detectionsRaw().name()), config.pipeline().rules().minDevices(),
                    settings(exactlyOnce, kafkaOverrides));
        } catch (RuntimeException | InterruptedException e) {
            if (collector != null) {
                collector.close();
            }
            app.close();
            throw e;
        }
    }

    /** A collector in {@code EXTENDED} mode publishing to the contract topics under {@code name + "."}. */
    static EndpointCollector extendedCollector(Services services, String name, Path workDir) {
        Properties c = new Properties();
        c.setProperty(CollectorConfig.STATE_DIR, workDir.resolve(name + "-collector").toString());
        c.setProperty(CollectorConfig.BOOTSTRAP_SERVERS, services.bootstrapServers());
        c.setProperty(CollectorConfig.SCHEMA_REGISTRY_URL, services.registryUrl());
        c.setProperty("topic.prefix", name + ".");
        EndpointCollector collector = EndpointCollector.builder().config(CollectorConfig.load(c, Map.of())).build();
        collector.setMode(ParticipationMode.EXTENDED);
        return collector;
    }

    static void awaitRunning(KafkaStreams streams, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("streams app " + name + " failed to start: state " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams app " + name + " not RUNNING within 2 minutes (state " + streams.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return applicationId;
    }

    Topics topics() {
        return topics;
    }

    @Override
    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    private static String settings(boolean exactlyOnce, Map<String, String> overrides) {
        StringBuilder b = new StringBuilder(exactlyOnce ? "exactly_once_v2" : "at_least_once");
        new java.util.TreeMap<>(overrides).forEach((k, v) -> {
            if (!k.equals("processing.guarantee")) {
                b.append(", ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    /** The app's Kafka Streams instance (to pause and resume it). */
    @Override
    public org.apache.kafka.streams.KafkaStreams streams() {
        return app.streams();
    }

    /** The guarantee and the overrides, e.g. "at_least_once, commit.interval.ms=100". */
    @Override
    public String settings() {
        return settings;
    }

    /** {@code verdicts.min-devices}: distinct devices that make an object MALICIOUS. */
    int minDevices() {
        return minDevices;
    }

    @Override
    public EndpointCollector collector() {
        return collector;
    }

    /**
     * Raw records processed (see the class comment). The metric objects are looked up at most once a
     * second (scanning all metrics costs CPU; a topic's fetch metrics appear with its first records).
     */
    @Override
    public long detectionsProcessed() {
        if (System.nanoTime() - metricsScannedAt > 1_000_000_000L) {
            metricsScannedAt = System.nanoTime();
            List<Metric> processed = new ArrayList<>();
            List<Metric> fetched = new ArrayList<>();
            for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
                MetricName n = e.getKey();
                if ("process-total".equals(n.name()) && "stream-thread-metrics".equals(n.group())) {
                    processed.add(e.getValue());
                } else if ("records-consumed-total".equals(n.name()) && "consumer-fetch-manager-metrics".equals(n.group())
                        && n.tags().getOrDefault("topic", "").endsWith("-repartition")) {
                    fetched.add(e.getValue());
                }
            }
            processTotals = List.copyOf(processed);
            repartitionFetches = List.copyOf(fetched);
        }
        return sum(processTotals) - sum(repartitionFetches);
    }

    private static long sum(List<Metric> metrics) {
        double sum = 0;
        for (Metric m : metrics) {
            if (m.metricValue() instanceof Number number) {
                sum += number.doubleValue();
            }
        }
        return Math.round(sum);
    }

    /** True when the committed offsets reached the end of the raw detections topic and of every repartition topic. */
    @Override
    public boolean committedToEnd() {
        if (repartitionPartitions.isEmpty()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : services.topicsLike(applicationId + "-", "-repartition")) {
                parts.addAll(services.partitions(t));
            }
            repartitionPartitions = List.copyOf(parts);
        }
        Map<TopicPartition, Long> committed = services.committed(applicationId);
        Map<TopicPartition, Long> rawEnd = services.endOffsets(rawPartitions);
        for (TopicPartition tp : rawPartitions) {
            if (committed.getOrDefault(tp, 0L) < rawEnd.get(tp)) {
                return false;
            }
        }
        // raw input fully committed: every repartition write it caused is committed too; check those were consumed
        Map<TopicPartition, Long> end = services.endOffsets(repartitionPartitions);
        long markerSlack = exactlyOnce ? 1 : 0;
        for (TopicPartition tp : repartitionPartitions) {
            long e = end.get(tp);
            if (e > 0 && committed.getOrDefault(tp, 0L) < e - markerSlack) {
                return false;
            }
        }
        return true;
    }

    /** How many raw records the app's stream threads took anonymized ahead by their workers, and how many they anonymized themselves. */
    AnonymizeAhead.Counts anonymizeAheadCounts() {
        return app.anonymizeAhead().counts();
    }

    /** Log-end offsets of the object repartition topic: detections that could not be aggregated in place (0 expected). */
    long objectRepartitionRecords() {
        long sum = 0;
        for (String t : services.topicsLike(applicationId + "-object-by-ref", "-repartition")) {
            sum += services.records(t);
        }
        return sum;
    }

    /**
     * Offsets written to the anonymized detections topic, warm-up included: the records themselves
     * under at-least-once; under exactly-once transaction markers take offsets too.
     */
    long anonymizedOffsets() {
        return services.records(topics.detectionsAnon().name());
    }

    /** Records on the dead-letter topic (0 expected: every simulated event is valid). */
    @Override
    public long deadLetters() {
        return services.records(topics.deadLettersRaw());
    }

    /** Log-end offsets summed over the anonymized detections topic (records, plus transaction markers under exactly-once). */
    long anonEndOffsets() {
        return services.records(topics.detectionsAnon().name());
    }

    /** The stream threads' state, for messages. */
    @Override
    public String state() {
        return app.streams().state().toString();
    }

    @Override
    public void close() {
        try {
            collector.close();
        } finally {
            app.close();
        }
    }
}
