package org.opensn.streams.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First half of the hourly threat statistics, in the task that anonymized the detection: counts it
 * into its threat's hourly window <em>for this partition</em> ({@link Names#THREAT_PARTIAL_STORE}) and,
 * every {@link #EMIT_INTERVAL} of wall-clock time, sends the windows that changed, whole, to
 * {@link ThreatMergeProcessor} through the threat repartition topic. One record per threat and
 * window per second crosses the network instead of one per detection. The changed windows are also
 * sent whenever event time enters a new hour, before the store (which keeps a window for its hour
 * and the grace period) can let a closed one go: replaying a backlog may cross hours within a second.
 *
 * <p>Nothing is lost to a crash: the store is logged and restored like any other, and every window
 * it holds is sent again when the task starts, so a partial counted and committed but not yet sent
 * still arrives; the merge ignores what it has already seen. Windows follow the rules of Kafka's
 * tumbling windows: the window of a record's timestamp (the event time), and a record whose window
 * ended more than the grace period before this task's stream time is dropped as late.
 */
final class ThreatPartialProcessor implements Processor<String, DetectionContribution, String, ThreatPartial> {

    /** How often changed partial windows are sent to the merge: the delay the threat statistics add. */
    static final Duration EMIT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ThreatPartialProcessor.class);
    static final String LATE_SCOPE = "opensn-threat-partial";
    static final String LATE_OPERATION = "dropped-late-detections";

    private final long windowMillis = PipelineConfig.WINDOW.toMillis();
    private final long graceMillis;
    /** Windows changed since the last send, with the latest event time counted into each. */
    private final Map<Slot, Long> changed = new HashMap<>();
    private ProcessorContext<String, ThreatPartial> context;
    private WriteBackStore<Slot, ThreatWindow> store;
    private int partition;
    private long streamTime = Long.MIN_VALUE;
    private long latestStart = Long.MIN_VALUE;
    private Sensor late;

    ThreatPartialProcessor(Duration grace) {
        this.graceMillis = grace.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, ThreatPartial> context) {
        this.context = context;
        this.store = context.getStateStore(Names.THREAT_PARTIAL_STORE);
        this.partition = context.taskId().partition();
        // what Kafka's window aggregations report as dropped-records: here dropped-late-detections-total/-rate,
        // group stream-opensn-threat-partial-metrics, among the Kafka Streams metrics the analyst API exports on /metrics
        this.late = context.metrics().addRateTotalSensor(LATE_SCOPE, context.taskId().toString(), LATE_OPERATION,
                Sensor.RecordingLevel.INFO);
        // a restart may have lost windows counted (and committed) but not yet sent: send everything held
        store.forEachKey(slot -> changed.put(slot, slot.start()));
        context.schedule(EMIT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> emit());
    }

    @Override
    public void process(Record<String, DetectionContribution> record) {
        String threat = record.value().threatName(); // never null (ObjectContribution)
        long time = record.timestamp();
        streamTime = Math.max(streamTime, time);
        long start = time - Math.floorMod(time, windowMillis);
        if (start + windowMillis + graceMillis <= streamTime) {
            late.record();
            LOG.debug("detection dropped: its hourly window closed (grace {} ms) in partition {}", graceMillis, partition);
            return;
        }
        if (start > latestStart) {
            // a new hour: the store may now expire windows that closed, so send them (and all changed ones) first
            emit();
            latestStart = start;
        }
        Slot slot = new Slot(threat, start);
        DetectionContribution contribution = record.value();
        store.update(slot, start, current -> {
            ThreatWindow counted = current == null ? ThreatWindow.EMPTY : current;
            return new ThreatWindow(contribution.threatType(), counted.detections() + 1,
                    Hll.addInPlace(counted.deviceSketch(), contribution.deviceHash())); // the store's live value, changed only here
        });
        changed.merge(slot, time, Math::max);
    }

    /** Sends every window changed since the last send (timestamped with the latest event time counted into it). */
    private void emit() {
        for (Map.Entry<Slot, Long> e : changed.entrySet()) {
            Slot slot = e.getKey();
            ThreatWindow counted = store.current(slot);
            if (counted != null) {
                context.forward(new Record<>(slot.threat(), new ThreatPartial(slot.start(), partition, counted), e.getValue()));
            }
        }
        changed.clear();
    }

    /** A threat's window in this partition. */
    record Slot(String threat, long start) {
    }

    /**
     * The store: a {@link WriteBackStore} in front of an in-memory logged window store (threat name, window
     * start), which keeps a window for its hour and the grace period.
     */
    static StoreBuilder<WriteBackStore<Slot, ThreatWindow>> storeBuilder(Duration grace) {
        return WriteBackStore.builder(Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(Names.THREAT_PARTIAL_STORE, PipelineConfig.WINDOW.plus(grace), PipelineConfig.WINDOW, false),
                        Serdes.String(), new ThreatWindow.Serde()),
                WindowBacking::new, CACHE_ENTRIES);
    }

    /** Windows kept live between commits per task (threats x open hours), before the cache writes back early. */
    static final int CACHE_ENTRIES = 10_000;

    /** Reads and writes the partial windows in the window store. */
    private record WindowBacking(WindowStore<String, ThreatWindow> windows) implements WriteBackStore.Backing<Slot, ThreatWindow> {
        @Override
        public KeyValue<ThreatWindow, Long> load(Slot slot) {
            ThreatWindow w = windows.fetch(slot.threat(), slot.start());
            return w == null ? null : KeyValue.pair(w, slot.start());
        }

        @Override
        public void save(Slot slot, ThreatWindow value, long timestamp) {
            windows.put(slot.threat(), value, slot.start());
        }

        @Override
        public void forEachStoredKey(Consumer<Slot> action) {
            try (KeyValueIterator<Windowed<String>, ThreatWindow> all = windows.all()) {
                while (all.hasNext()) {
                    Windowed<String> window = all.next().key;
                    action.accept(new Slot(window.key(), window.window().start()));
                }
            }
        }
    }
}
