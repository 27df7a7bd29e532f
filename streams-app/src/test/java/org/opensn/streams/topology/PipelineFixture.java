package org.opensn.streams.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.opensn.anonymizer.AnonymizationPolicy;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatStatistic;
import org.opensn.schemas.serde.AvroSerdes;
import org.opensn.schemas.serde.SerdeConfig;

/** A fresh {@link TopologyTestDriver} over the whole pipeline with its input and output topics; close it. */
public final class PipelineFixture implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    public final PipelineConfig config;
    public final String applicationId;
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, DetectionEvent> detections;
    public final TestInputTopic<String, ThreatSourceEvent> threatSources;
    public final TestInputTopic<byte[], byte[]> rawDetectionBytes;
    public final TestInputTopic<String, AnalystVerdict> analystVerdicts;
    public final TestOutputTopic<String, AnonymizedDetection> anonDetections;
    public final TestOutputTopic<String, AnonymizedThreatSource> anonThreatSources;
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    public final TestOutputTopic<String, ThreatStatistic> threatStats;
    public final TestOutputTopic<String, ReputationVerdict> verdicts;
    private final Path stateDir;

    private PipelineFixture(PipelineConfig config) throws Exception {
        this.config = config;
        this.stateDir = Files.createTempDirectory("opensn-ttd");
        Properties props = new Properties();
        this.applicationId = "ttd-" + UUID.randomUUID();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(new PipelineTopology(config).build(), props, START);
        Topics t = config.topics();
        Map<String, Object> serde = config.serdeConfig();
        detections = driver.createInputTopic(t.detectionsRaw().name(), Serdes.String().serializer(),
                AvroSerdes.specific(DetectionEvent.class, serde, false).serializer(), START, Duration.ZERO);
        threatSources = driver.createInputTopic(t.threatSourcesRaw().name(), Serdes.String().serializer(),
                AvroSerdes.specific(ThreatSourceEvent.class, serde, false).serializer(), START, Duration.ZERO);
        rawDetectionBytes = driver.createInputTopic(t.detectionsRaw().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                START, Duration.ZERO);
        analystVerdicts = driver.createInputTopic(t.analystVerdicts().name(), Serdes.String().serializer(),
                AvroSerdes.specific(AnalystVerdict.class, serde, false).serializer(), START, Duration.ZERO);
        anonDetections = driver.createOutputTopic(t.detectionsAnon().name(), Serdes.String().deserializer(),
                AvroSerdes.specific(AnonymizedDetection.class, serde, false).deserializer());
        anonThreatSources = driver.createOutputTopic(t.threatSourcesAnon().name(), Serdes.String().deserializer(),
                AvroSerdes.specific(AnonymizedThreatSource.class, serde, false).deserializer());
        deadLetters = driver.createOutputTopic(t.deadLettersRaw(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        threatStats = driver.createOutputTopic(t.threatStats().name(), Serdes.String().deserializer(),
                AvroSerdes.specific(ThreatStatistic.class, serde, false).deserializer());
        verdicts = driver.createOutputTopic(t.verdicts().name(), Serdes.String().deserializer(),
                AvroSerdes.specific(ReputationVerdict.class, serde, false).deserializer());
    }

    /** A pipeline with the default test config. */
    /**
     * Lets the wall clock run past the threat statistics' send interval: the partial hourly windows
     * counted so far reach the merge, {@code threat-hourly} and {@code opensn.threat-stats}.
     */
    public void sendThreatPartials() {
        driver.advanceWallClockTime(ThreatPartialProcessor.EMIT_INTERVAL);
    }

    /** The threat repartition topic, to send {@link ThreatPartial}s to the merge directly. */
    TestInputTopic<String, ThreatPartial> threatPartials() {
        return driver.createInputTopic(applicationId + "-" + Names.THREAT_REPARTITION + "-repartition", Serdes.String().serializer(),
                new ThreatPartial.Serde());
    }

    public static PipelineFixture create() throws Exception {
        return create(UnaryOperator.identity());
    }

    /** A pipeline with the default test config changed by {@code change}. */
    public static PipelineFixture create(UnaryOperator<PipelineConfig> change) throws Exception {
        return new PipelineFixture(change.apply(config()));
    }

    /** Test defaults: unique mock registry scope, grace 10 min, N = 5 within 24 h. */
    public static PipelineConfig config() {
        return new PipelineConfig(
                Topics.defaults(),
                Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://ttd-" + UUID.randomUUID()),
                AnonymizationPolicy.strict(),
                "test-secret-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8),
                Duration.ofDays(1),
                Duration.ofMinutes(10),
                Duration.ofDays(8),
                16,
                VerdictRules.defaults(),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                2,
                1);
    }

    /** Copy of {@code c} with another grace. */
    public static PipelineConfig withGrace(PipelineConfig c, Duration grace) {
        return new PipelineConfig(c.topics(), c.serdeConfig(), c.policy(), c.deviceHashSecret(), c.deviceHashRotation(), grace,
                c.statsRetention(), c.maxThreatNames(), c.rules(), c.overrideExpiryCheck(), c.maxFutureSkew(), c.internalPartitions(),
                c.anonymizeThreads());
    }

    /** Store access for query tests. */
    public <S> S store(String name, QueryableStoreType<S> type) {
        if (type instanceof QueryableStoreTypes.WindowStoreType<?, ?>) {
            @SuppressWarnings("unchecked")
            S s = (S) driver.getWindowStore(name);
            return s;
        }
        Object kv = driver.getKeyValueStore(name);
        // a write-back store (object statistics) is no KeyValueStore: TopologyTestDriver hands it out as a plain store
        @SuppressWarnings("unchecked")
        S s = (S) (kv != null ? kv : driver.getAllStateStores().get(name));
        return s;
    }

    @Override
    public void close() throws Exception {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
