package org.opensn.streams.topology;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
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

    public PipelineTopology(PipelineConfig config) {
        this.config = config;
        this.topics = config.topics();
    }

    /** A new topology; each call builds an independent one. */
    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Anonymizer anonymizer = Anonymizer.create(config.policy());
        DeviceHasher hasher = DeviceHasher.create(config.deviceHashSecret(), config.deviceHashRotation());
        Anonymized<DetectionContribution> detections = anonymizeDetections(builder, new DetectionStep(anonymizer, hasher));
        KStream<String, SourceContribution> sources = anonymizeThreatSources(builder, new ThreatSourceStep(anonymizer, hasher));
        aggregateThreats(builder, detections.all());
        aggregateSources(sources);
        KStream<String, VerdictInput> ruleInputs = aggregateObjects(builder, detections, sources);
        emitVerdicts(builder, ruleInputs);
        return builder.build();
    }

    /**
     * The detections stream, anonymized: {@link Anonymized#all()} under their object keys (for the
     * anonymized topic and the threat statistics) and, of those, the ones already in their object's
     * partition ({@link Anonymized#inPlace()}), whose object statistics need no repartition.
     */
    private Anonymized<DetectionContribution> anonymizeDetections(StreamsBuilder builder, DetectionStep step) {
        long skew = config.maxFutureSkew().toMillis();
        Map<String, KStream<String, Outcome<DetectionContribution>>> branches = builder
                .stream(topics.detectionsRaw().name(), Consumed.with(new RawKeySerde(), Serdes.ByteArray()).withName(Names.SOURCE_DETECTIONS_RAW))
                .processValues(() -> new AnonymizeProcessor<>(new ClosingDeserializer<>(contractSerde(DetectionEvent.class)), step, skew,
                        config.internalPartitions()), Named.as(Names.ANONYMIZE_DETECTIONS))
                .split(Named.as(Names.SPLIT_DETECTIONS))
                .branch(Outcome::rejected, Branched.as(Names.BRANCH_DEAD))
                .branch(Outcome::placed, Branched.as(Names.BRANCH_IN_PLACE))
                .defaultBranch(Branched.as(Names.BRANCH_OK));
        branches.get(Names.SPLIT_DETECTIONS + Names.BRANCH_DEAD)
                .map(Outcome::asReceived, Named.as(Names.UNWRAP_DEAD_DETECTIONS))
                .to(topics.deadLettersRaw(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SINK_DEAD_LETTERS_DETECTIONS));
        KStream<String, DetectionContribution> inPlace = branches.get(Names.SPLIT_DETECTIONS + Names.BRANCH_IN_PLACE)
                .mapValues(Outcome::contributionOf, Named.as(Names.UNWRAP_IN_PLACE_DETECTIONS));
        KStream<String, DetectionContribution> moved = branches.get(Names.SPLIT_DETECTIONS + Names.BRANCH_OK)
                .map(Outcome::rekeyed, Named.as(Names.UNWRAP_ANON_DETECTIONS));
        KStream<String, DetectionContribution> all = inPlace.merge(moved, Named.as(Names.MERGE_ANON_DETECTIONS));
        all.mapValues(Rekey::detectionOf, Named.as(Names.UNWRAP_ANON_DETECTIONS + "-record"))
                .to(topics.detectionsAnon().name(),
                        Produced.with(Serdes.String(), contractSerde(AnonymizedDetection.class)).withName(Names.SINK_DETECTIONS_ANON));
        return new Anonymized<>(all, inPlace, moved);
    }

    /**
     * Anonymized contributions of one raw topic.
     *
     * @param all     every contribution, keyed by its object ref
     * @param inPlace those whose raw record was keyed and partitioned by that object ref already
     * @param moved   the others
     */
    record Anonymized<C>(KStream<String, C> all, KStream<String, C> inPlace, KStream<String, C> moved) {
    }

    private KStream<String, SourceContribution> anonymizeThreatSources(StreamsBuilder builder, ThreatSourceStep step) {
        long skew = config.maxFutureSkew().toMillis();
        Map<String, KStream<String, Outcome<SourceContribution>>> branches = builder
                .stream(topics.threatSourcesRaw().name(),
                        Consumed.with(new RawKeySerde(), Serdes.ByteArray()).withName(Names.SOURCE_THREAT_SOURCES_RAW))
                .processValues(() -> new AnonymizeProcessor<>(new ClosingDeserializer<>(contractSerde(ThreatSourceEvent.class)), step, skew, 0),
                        Named.as(Names.ANONYMIZE_THREAT_SOURCES))
                .split(Named.as(Names.SPLIT_THREAT_SOURCES))
                .branch(Outcome::rejected, Branched.as(Names.BRANCH_DEAD))
                .defaultBranch(Branched.as(Names.BRANCH_OK));
        branches.get(Names.SPLIT_THREAT_SOURCES + Names.BRANCH_DEAD)
                .map(Outcome::asReceived, Named.as(Names.UNWRAP_DEAD_THREAT_SOURCES))
                .to(topics.deadLettersRaw(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SINK_DEAD_LETTERS_THREAT_SOURCES));
        KStream<String, SourceContribution> ok = branches.get(Names.SPLIT_THREAT_SOURCES + Names.BRANCH_OK)
                .map(Outcome::rekeyed, Named.as(Names.UNWRAP_ANON_THREAT_SOURCES));
        ok.mapValues(Rekey::sourceOf, Named.as(Names.UNWRAP_ANON_THREAT_SOURCES + "-record"))
                .to(topics.threatSourcesAnon().name(),
                        Produced.with(Serdes.String(), contractSerde(AnonymizedThreatSource.class)).withName(Names.SINK_THREAT_SOURCES_ANON));
        return ok;
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
                .filter(Rekey::hasDomain, Named.as(Names.KEY_BY_DOMAIN + "-filter"))
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
    private KStream<String, VerdictInput> aggregateObjects(StreamsBuilder builder, Anonymized<DetectionContribution> detections,
            KStream<String, SourceContribution> sources) {
        ObjectContribution.Serde contributionSerde = new ObjectContribution.Serde();
        VerdictRules rules = config.rules();
        KStream<String, ObjectContribution> repartitioned = detections.moved()
                .flatMap(Rekey::objectsOfDetection, Named.as(Names.DETECTION_OBJECTS))
                .merge(sources.flatMap(Rekey::objectsOfSource, Named.as(Names.THREAT_SOURCE_OBJECTS)), Named.as(Names.MERGE_OBJECTS))
                .repartition(Repartitioned.<String, ObjectContribution>as(Names.OBJECT_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(contributionSerde)
                        .withNumberOfPartitions(config.internalPartitions()));
        builder.addStateStore(WriteBackStore.queryable(Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(Names.OBJECT_STATS_STORE), Serdes.String(), new ObjectStats.Serde()),
                OBJECT_CACHE_ENTRIES));
        ObjectStatsAggregator aggregator = new ObjectStatsAggregator(config.maxThreatNames(), rules.window(), rules.buckets());
        return detections.inPlace()
                .mapValues(Rekey::objectOfDetection, Named.as(Names.DETECTION_OBJECTS_IN_PLACE))
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

    /** A deserializer that closes its serde (and so its registry client) with the processor. */
    record ClosingDeserializer<T>(Serde<T> serde) implements Deserializer<T> {
        @Override
        public T deserialize(String topic, byte[] data) {
            return serde.deserializer().deserialize(topic, data);
        }

        @Override
        public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
            return serde.deserializer().deserialize(topic, headers, data);
        }

        @Override
        public void close() {
            serde.close();
        }
    }
}
