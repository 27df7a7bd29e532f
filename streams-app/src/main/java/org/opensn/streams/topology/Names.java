package org.opensn.streams.topology;

/**
 * Every processor, store, repartition and changelog name of the pipeline, in one place.
 *
 * <p>Store names carry a version: renaming a store (or changing the layout of its values) means a
 * new version, which starts a new changelog instead of misreading the old one. Kafka Streams derives
 * internal topic names from these: {@code <application.id>-<store>-changelog} and
 * {@code <application.id>-<repartition>-repartition}. {@code PipelineTopologyGoldenTest} fails when
 * one of them changes by accident.
 */
public final class Names {

    // ---- state stores (queryable) ----
    // v2 of the three statistics stores: their HLL sketches may use the sparse and four-bit encodings
    // of Hll, which builds before that cannot read.
    /** Windowed store: threat name -> {@code ThreatWindow} per tumbling hour. */
    public static final String THREAT_HOURLY_STORE = "threat-hourly-v2";
    /** Windowed store: domain -> {@code SourceWindow} per tumbling hour. */
    public static final String SOURCE_DOMAIN_HOURLY_STORE = "source-domain-hourly-v2";
    /** Key-value store: object ref -> {@code ObjectStats}. */
    public static final String OBJECT_STATS_STORE = "object-stats-v2";
    /** Windowed store, one per raw-detections task: threat name -> {@code ThreatWindow} counted in that partition, per hour (not queryable). */
    static final String THREAT_PARTIAL_STORE = "threat-hourly-partial-v1";
    /** Windowed store: threat name -> {@code ThreatCounts}, the count each partition sent per hour, kept as long as {@link #THREAT_HOURLY_STORE} (not queryable). */
    static final String THREAT_COUNTS_STORE = "threat-hourly-counts-v1";
    /** Key-value store: object ref -> {@code VerdictState} (rule verdict, published verdict, version). */
    public static final String VERDICT_STATE_STORE = "verdict-state-v1";
    /** Key-value store: object ref -> analyst override ({@code AnalystVerdict}); small, scanned for expiry. */
    public static final String ANALYST_OVERRIDE_STORE = "analyst-overrides-v1";

    // ---- repartition topics ----
    // v3: partial windows per partition (ThreatPartial), no longer one record per detection
    static final String THREAT_REPARTITION = "threat-by-name-v3";
    static final String SOURCE_DOMAIN_REPARTITION = "source-by-domain-v2";
    static final String OBJECT_REPARTITION = "object-by-ref-v1";
    static final String ANALYST_REPARTITION = "analyst-verdict-by-ref-v1";

    // ---- sources and sinks ----
    static final String SOURCE_DETECTIONS_RAW = "source-detections-raw";
    static final String SOURCE_THREAT_SOURCES_RAW = "source-threat-sources-raw";
    static final String SOURCE_ANALYST_VERDICTS = "source-analyst-verdicts";
    static final String SINK_DETECTIONS_ANON = "sink-detections-anon";
    static final String SINK_THREAT_SOURCES_ANON = "sink-threat-sources-anon";
    static final String SINK_DEAD_LETTERS_DETECTIONS = "sink-dead-letters-detections";
    static final String SINK_DEAD_LETTERS_THREAT_SOURCES = "sink-dead-letters-threat-sources";
    static final String SINK_THREAT_STATS = "sink-threat-stats";
    static final String SINK_VERDICTS = "sink-verdicts";

    // ---- processors ----
    // the anonymize processors forward to their children by name (PipelineTopology.sendDetection, sendThreatSource):
    // some of the names below and of the sinks above
    static final String ANONYMIZE_DETECTIONS = "anonymize-detections";
    static final String ANONYMIZE_THREAT_SOURCES = "anonymize-threat-sources";

    static final String COUNT_THREAT_HOURLY_PARTIAL = "count-threat-hourly-partial";
    static final String MERGE_THREAT_HOURLY = "merge-threat-hourly";

    static final String FILTER_DOMAINS = "key-threat-source-by-domain-filter";
    static final String KEY_BY_DOMAIN = "key-threat-source-by-domain";
    static final String AGGREGATE_SOURCE_DOMAIN_HOURLY = "aggregate-source-domain-hourly";

    static final String THREAT_SOURCE_OBJECTS = "threat-source-object-contributions";
    static final String MERGE_OBJECTS = "merge-object-contributions";
    static final String MERGE_OBJECTS_IN_PLACE = "merge-object-contributions-in-place";
    static final String AGGREGATE_OBJECTS = "aggregate-object-stats";
    static final String RULES_MAY_APPLY = "objects-verdict-rules-may-apply-to";
    static final String EVALUATE_RULES = "evaluate-verdict-rules";
    static final String ANALYST_TO_INPUT = "analyst-verdict-to-input";
    static final String MERGE_VERDICT_INPUTS = "merge-verdict-inputs";
    static final String DECIDE_VERDICTS = "decide-verdicts";

    private Names() {
    }
}
