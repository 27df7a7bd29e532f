package org.opensn.streams.topology;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.opensn.anonymizer.Anonymizer;
import org.opensn.anonymizer.DeviceHasher;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatStatistic;
import org.opensn.schemas.serde.AvroSerdes;

/**
 * The OpenSN pipeline as a Kafka Streams {@link Topology}, built from a {@link PipelineConfig}.
 *
 * <ol>
 *   <li>{@code anonymize}: raw topics (read as bytes) → deserialize, anonymize and hash the device
 *       id in one step → anonymized topics; bad records → dead-letter topic. Nothing raw goes further.</li>
 *   <li>{@code aggregateThreats}: detections per threat per tumbling hour, counted per partition where they are read and
 *       merged by threat once a second → {@link Names#THREAT_HOURLY_STORE} and {@code opensn.threat-stats}.</li>
 *   <li>{@code aggregateSources}: threat sources per domain per hour → {@link Names#SOURCE_DOMAIN_HOURLY_STORE}.</li>
 *   <li>{@code aggregateObjects}: per object ref → {@link Names#OBJECT_STATS_STORE}, in the partitions of the raw
 *       detections: a detection keyed by its object ref under the default partitioner (the contract's key, as the
 *       collector writes it) is aggregated in the task that read it; threat sources and any detection produced
 *       otherwise reach the same tasks through the object repartition topic.</li>
 *   <li>{@code emitVerdicts}: rules + analyst overrides → {@code opensn.verdicts}, on change only.</li>
 * </ol>
 */
public final class PipelineTopology {

    /** Objects whose statistics are kept live between commits, per task, before the cache writes back early. */
    static final int OBJECT_CACHE_ENTRIES = 20_000;

    private final PipelineConfig config;
    private final Topics topics;
    private final AnonymizeAhead ahead;

    public PipelineTopology(PipelineConfig config) {
        this.config = config;
        this.topics = config.topics();
        this.ahead = new AnonymizeAhead(config.anonymizeThreads());
    }

    /**
     * Anonymizes raw records ahead of the stream threads of the topologies this builds: install it on the
     * properties of the {@code KafkaStreams} that runs one ({@link AnonymizeAhead#install}).
     */
    public AnonymizeAhead anonymizeAhead() {
        return ahead;
    }

    /** A new topology; each call builds an independent one. */
    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Anonymizer anonymizer = Anonymizer.create(config.policy());
        DeviceHasher hasher = DeviceHasher.create(config.deviceHashSecret(), config.deviceHashRotation());
        KStream<Object, Object> detections = anonymizeDetections(builder, new DetectionStep(anonymizer, hasher));
        KStream<String, SourceContribution> sources = childInput(anonymizeThreatSources(builder, new ThreatSourceStep(anonymizer, hasher)));
        aggregateThreats(builder, childInput(detections));
        aggregateSources(sources);
        KStream<String, VerdictInput> ruleInputs = aggregateObjects(builder, childInput(detections), sources);
        emitVerdicts(builder, ruleInputs);
        return builder.build();
    }

    /**
     * The raw detections, anonymized by a processor that sends each one straight to the children that use it
     * ({@link #sendDetection}): the dead-letter and anonymized-topic sinks here, the threat statistics' first step
     * and the two ways into the object statistics.
     */
    private KStream<Object, Object> anonymizeDetections(StreamsBuilder builder, DetectionStep step) {
        KStream<Object, Object> anonymized = anonymize(builder, topics.detectionsRaw().name(), Names.SOURCE_DETECTIONS_RAW, DetectionEvent.class,
                step, topics.detectionsAnon().name(), AnonymizedDetection.class, config.internalPartitions(), PipelineTopology::sendDetection,
                Names.ANONYMIZE_DETECTIONS, Names.SINK_DEAD_LETTERS_DETECTIONS);
        // keys and values come serialized by the anonymize step (RawAnonymizer): the key as the String serde writes it,
        // the value with the contract serde of this topic
        PipelineTopology.<byte[], byte[]>childInput(anonymized)
                .to(topics.detectionsAnon().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SINK_DETECTIONS_ANON));
        return anonymized;
    }

    /**
     * Where an anonymized detection goes, keyed by its object ref: into its object's statistics (in this task when
     * it is in place, else through the object repartition topic), into its threat's hourly window for this
     * partition, and to the anonymized topic.
     */
    static void sendDetection(RawAnonymizer.Outcome<DetectionContribution> outcome, boolean inPlace, AnonymizeProcessor.Children children) {
        DetectionContribution c = outcome.contribution();
        children.forward(inPlace ? Names.MERGE_OBJECTS_IN_PLACE : Names.MERGE_OBJECTS, c.objectRef(), c.object());
        children.forward(Names.COUNT_THREAT_HOURLY_PARTIAL, outcome.key(), c);
        children.forward(Names.SINK_DETECTIONS_ANON, outcome.keyBytes(), outcome.anonymized());
    }

    /** As {@link #anonymizeDetections}, for the threat sources ({@link #sendThreatSource}). */
    private KStream<Object, Object> anonymizeThreatSources(StreamsBuilder builder, ThreatSourceStep step) {
        KStream<Object, Object> anonymized = anonymize(builder, topics.threatSourcesRaw().name(), Names.SOURCE_THREAT_SOURCES_RAW,
                ThreatSourceEvent.class, step, topics.threatSourcesAnon().name(), AnonymizedThreatSource.class, 0,
                PipelineTopology::sendThreatSource, Names.ANONYMIZE_THREAT_SOURCES, Names.SINK_DEAD_LETTERS_THREAT_SOURCES);
        PipelineTopology.<byte[], byte[]>childInput(anonymized)
                .to(topics.threatSourcesAnon().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SINK_THREAT_SOURCES_ANON));
        return anonymized;
    }

    /**
     * A raw topic (keys and values read as bytes) into its anonymize processor {@code name}, with the dead-letter
     * sink {@code deadLetterSink} as the child that takes rejected records as received. The anonymized records are
     * serialized for {@code anonymizedTopic} in the same step, so ahead of the stream thread when it has a worker.
     */
    private <R extends SpecificRecord, C> KStream<Object, Object> anonymize(StreamsBuilder builder, String rawTopic, String sourceName,
            Class<R> rawType, AnonymizeStep<R, C> step, String anonymizedTopic, Class<? extends SpecificRecord> anonymizedType,
            int objectPartitions, AnonymizeProcessor.Fanout<C> fanout, String name, String deadLetterSink) {
        long skew = config.maxFutureSkew().toMillis();
        Supplier<RawAnonymizer<R, C>> anonymizers = () -> new RawAnonymizer<>(contractSerde(rawType), step, anonymizedTopic,
                contractSerde(anonymizedType), objectPartitions);
        ahead.register(rawTopic, anonymizers::get);
        KStream<Object, Object> anonymized = builder
                .stream(rawTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(sourceName))
                .process(() -> new AnonymizeProcessor<>(anonymizers.get(), ahead, skew, fanout, deadLetterSink),
                        Named.as(name));
        PipelineTopology.<byte[], byte[]>childInput(anonymized)
                .to(topics.deadLettersRaw(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(deadLetterSink));
        return anonymized;
    }

    /** Where an anonymized threat source goes, keyed by its URL's (else its domain's) object ref: its domain's window, the anonymized topic, its objects. */
    static void sendThreatSource(RawAnonymizer.Outcome<SourceContribution> outcome, boolean inPlace, AnonymizeProcessor.Children children) {
        children.forward(Names.FILTER_DOMAINS, outcome.key(), outcome.contribution());
        children.forward(Names.SINK_THREAT_SOURCES_ANON, outcome.keyBytes(), outcome.anonymized());
        children.forward(Names.THREAT_SOURCE_OBJECTS, outcome.key(), outcome.contribution());
    }

    /**
     * An anonymize processor's stream as one of its children receives it: the processor forwards to each child by
     * name ({@link AnonymizeProcessor.Fanout}), so the records a child gets all have the one type it takes.
     */
    @SuppressWarnings("unchecked")
    private static <K, V> KStream<K, V> childInput(KStream<Object, Object> anonymized) {
        return (KStream<K, V>) (KStream<?, ?>) anonymized;
    }

    /**
     * Hourly threat statistics in two steps: each raw-detections task counts its own detections per
     * threat and hour, then sends the changed partial windows once a second through the threat
     * repartition topic to the task that owns the threat, which merges them (see
     * {@link ThreatPartialProcessor}, {@link ThreatMergeProcessor}).
     */
    private void aggregateThreats(StreamsBuilder builder, KStream<String, DetectionContribution> detections) {
        Duration grace = config.statsGrace();
        builder.addStateStore(ThreatPartialProcessor.storeBuilder(grace));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.THREAT_COUNTS_STORE, config.statsRetention(), PipelineConfig.WINDOW, false),
                Serdes.String(), new ThreatCounts.Serde()).withCachingEnabled());
        builder.addStateStore(Stores.timestampedWindowStoreBuilder(
                Stores.persistentTimestampedWindowStore(Names.THREAT_HOURLY_STORE, config.statsRetention(), PipelineConfig.WINDOW, false),
                Serdes.String(), new ThreatWindow.Serde()).withCachingEnabled());
        detections
                .process(() -> new ThreatPartialProcessor(grace), Named.as(Names.COUNT_THREAT_HOURLY_PARTIAL), Names.THREAT_PARTIAL_STORE)
                .repartition(Repartitioned.<String, ThreatPartial>as(Names.THREAT_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new ThreatPartial.Serde()))
                .process(() -> new ThreatMergeProcessor(config.statsRetention()), Named.as(Names.MERGE_THREAT_HOURLY), Names.THREAT_HOURLY_STORE,
                        Names.THREAT_COUNTS_STORE)
                .to(topics.threatStats().name(), Produced.with(Serdes.String(), contractSerde(ThreatStatistic.class)).withName(Names.SINK_THREAT_STATS));
    }

    private void aggregateSources(KStream<String, SourceContribution> sources) {
        sources
                .filter(Rekey::hasDomain, Named.as(Names.FILTER_DOMAINS))
                .map(Rekey::domainOf, Named.as(Names.KEY_BY_DOMAIN))
                .groupByKey(Grouped.with(Names.SOURCE_DOMAIN_REPARTITION, Serdes.String(), Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(PipelineConfig.WINDOW, config.statsGrace()))
                .aggregate(SourceWindow::empty, new SourceWindowAggregator(), Named.as(Names.AGGREGATE_SOURCE_DOMAIN_HOURLY),
                        Materialized.<String, SourceWindow, WindowStore<Bytes, byte[]>>as(Names.SOURCE_DOMAIN_HOURLY_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new SourceWindow.Serde())
                                .withRetention(config.statsRetention()));
    }

    /**
     * Object statistics, computed in the partitions of {@code opensn.detections.raw} (the object
     * partitions): detections already keyed and partitioned by their object ref (the contract's key,
     * so nearly all) are aggregated where they are read; threat sources (a URL and a domain each)
     * and detections produced under another key or partitioner go through the object repartition topic
     * first. Both meet in the same tasks, so an object's figures are in one place either way.
     */
    private KStream<String, VerdictInput> aggregateObjects(StreamsBuilder builder, KStream<String, ObjectContribution> detectionObjects,
            KStream<String, SourceContribution> sources) {
        ObjectContribution.Serde contributionSerde = new ObjectContribution.Serde();
        VerdictRules rules = config.rules();
        // two children of the detections' anonymize processor, which sends each detection's contribution to one of them
        KStream<String, ObjectContribution> repartitioned = detectionObjects
                .merge(sources.flatMap(Rekey::objectsOfSource, Named.as(Names.THREAT_SOURCE_OBJECTS)), Named.as(Names.MERGE_OBJECTS))
                .repartition(Repartitioned.<String, ObjectContribution>as(Names.OBJECT_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(contributionSerde)
                        .withNumberOfPartitions(config.internalPartitions()));
        builder.addStateStore(WriteBackStore.queryable(Stores.timestampedKeyValueStoreBuilder(
                CoalescingBytesStore.supplier(Stores.persistentTimestampedKeyValueStore(Names.OBJECT_STATS_STORE),
                        CoalescingBytesStore.DEFAULT_PENDING_KEYS), Serdes.String(), new ObjectStats.Serde()),
                OBJECT_CACHE_ENTRIES));
        ObjectStatsAggregator aggregator = new ObjectStatsAggregator(config.maxThreatNames(), rules.window(), rules.buckets());
        return detectionObjects
                .merge(repartitioned, Named.as(Names.MERGE_OBJECTS_IN_PLACE))
                .process(() -> new ObjectStatsProcessor(aggregator), Named.as(Names.AGGREGATE_OBJECTS), Names.OBJECT_STATS_STORE)
                .filter((ref, stats) -> rules.mayApply(stats), Named.as(Names.RULES_MAY_APPLY))
                .mapValues(rules::input, Named.as(Names.EVALUATE_RULES));
    }

    private void emitVerdicts(StreamsBuilder builder, KStream<String, VerdictInput> ruleInputs) {
        builder.stream(topics.analystVerdicts().name(),
                        Consumed.with(Serdes.String(), contractSerde(AnalystVerdict.class)).withName(Names.SOURCE_ANALYST_VERDICTS))
                .repartition(Repartitioned.<String, AnalystVerdict>as(Names.ANALYST_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new PlainAvroSerde<>(AnalystVerdict.class))
                        .withNumberOfPartitions(config.internalPartitions()))
                .mapValues(Rekey::analystInput, Named.as(Names.ANALYST_TO_INPUT))
                .merge(ruleInputs, Named.as(Names.MERGE_VERDICT_INPUTS))
                .process(VerdictProcessor.supplier(config.overrideExpiryCheck()), Named.as(Names.DECIDE_VERDICTS))
                .to(topics.verdicts().name(), Produced.with(Serdes.String(), contractSerde(ReputationVerdict.class)).withName(Names.SINK_VERDICTS));
    }

    private <T extends SpecificRecord> Serde<T> contractSerde(Class<T> type) {
        return AvroSerdes.specific(type, config.serdeConfig(), false);
    }
}
