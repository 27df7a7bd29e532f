package org.opensn.streams.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.ReputationVerdict;

/**
 * The verdict step: keeps each object's rule verdict and analyst override, decides the effective
 * verdict ({@link VerdictDecider}) and forwards a {@link ReputationVerdict} only when it changed,
 * with the next version; a null value when a published verdict is withdrawn. A wall-clock
 * punctuation removes expired analyst overrides, so the rules decide again without new input.
 *
 * <p>The step runs at every commit for each object whose figures changed, so it keeps two things in memory to
 * spare itself a RocksDB read per input (a wall-clock profile had those reads at ~4 % of the stream thread):
 * the refs this task has an analyst override for (few; most objects have none, so their override is not
 * looked up), and the verdict states it has read or written lately ({@value #CACHED_STATES}, least recently
 * used first out). Both are filled from the stores in {@link #init}, which Kafka Streams calls after it has
 * restored them and again whenever it discards uncommitted state, and every write goes to the store as well.
 */
final class VerdictProcessor implements Processor<String, VerdictInput, String, ReputationVerdict> {

    /** Verdict states kept in memory per task (a few hundred bytes each, with their reasons and threat names). */
    static final int CACHED_STATES = 20_000;

    private final Duration expiryCheckInterval;
    /** The refs in {@link #overrides} (this processor is the only writer of that store). */
    private final Set<String> overridden = new HashSet<>();
    /** The latest verdict states read or written, least recently used first. */
    private final Map<String, VerdictState> cachedStates = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VerdictState> eldest) {
            return size() > CACHED_STATES;
        }
    };
    private ProcessorContext<String, ReputationVerdict> context;
    private KeyValueStore<String, VerdictState> states;
    private KeyValueStore<String, AnalystVerdict> overrides;

    VerdictProcessor(Duration expiryCheckInterval) {
        this.expiryCheckInterval = expiryCheckInterval;
    }

    /** Supplier that also declares the two stores. */
    static ProcessorSupplier<String, VerdictInput, String, ReputationVerdict> supplier(Duration expiryCheckInterval) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, VerdictInput, String, ReputationVerdict> get() {
                return new VerdictProcessor(expiryCheckInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        Stores.keyValueStoreBuilder(CoalescingBytesStore.supplier(Stores.persistentKeyValueStore(Names.VERDICT_STATE_STORE),
                                CoalescingBytesStore.DEFAULT_PENDING_KEYS), Serdes.String(), new VerdictState.Serde()),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.ANALYST_OVERRIDE_STORE), Serdes.String(),
                                new PlainAvroSerde<>(AnalystVerdict.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, ReputationVerdict> context) {
        this.context = context;
        this.states = context.getStateStore(Names.VERDICT_STATE_STORE);
        this.overrides = context.getStateStore(Names.ANALYST_OVERRIDE_STORE);
        cachedStates.clear();
        overridden.clear();
        try (KeyValueIterator<String, AnalystVerdict> it = overrides.all()) {
            it.forEachRemaining(entry -> overridden.add(entry.key));
        }
        context.schedule(expiryCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::expireOverrides);
    }

    @Override
    public void process(Record<String, VerdictInput> record) {
        String ref = record.key();
        if (ref == null || record.value() == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        VerdictState stored = stateOf(ref);
        VerdictState state = stored;
        VerdictInput input = record.value();
        if (input.fromAnalyst()) {
            AnalystVerdict override = input.analyst();
            if (override == null || VerdictDecider.expired(override, now)) {
                deleteOverride(ref);
            } else {
                overrides.put(ref, override);
                overridden.add(ref);
            }
        } else if (!Objects.equals(input.rule(), state.rule())) {
            state = new VerdictState(input.rule(), state.published(), state.version(), state.updatedAt());
        }
        save(ref, stored, publishIfChanged(ref, state, now, record.timestamp()));
    }

    /**
     * Writes an object's state once per input, and only when it changed: an unchanged rule opinion (most inputs:
     * objects below the thresholds, or the same figures again) is not written, and a new opinion that also changes
     * the published verdict is one write, not two, since every put is a changelog record inside the transaction.
     */
    private void save(String ref, VerdictState stored, VerdictState state) {
        if (state != stored) {
            states.put(ref, state);
            cachedStates.put(ref, state);
        }
    }

    private void deleteOverride(String ref) {
        if (overridden.remove(ref)) {
            overrides.delete(ref);
        }
    }

    private void expireOverrides(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, AnalystVerdict> it = overrides.all()) {
            while (it.hasNext()) {
                KeyValue<String, AnalystVerdict> entry = it.next();
                if (VerdictDecider.expired(entry.value, now)) {
                    expired.add(entry.key);
                }
            }
        }
        for (String ref : expired) {
            deleteOverride(ref);
            VerdictState stored = stateOf(ref);
            save(ref, stored, publishIfChanged(ref, stored, now, now));
        }
    }

    /** Forwards the effective verdict when it differs from the published one; returns the state with it (or {@code state}). */
    private VerdictState publishIfChanged(String ref, VerdictState state, long now, long timestamp) {
        Decision decision = VerdictDecider.decide(state.rule(), overridden.contains(ref) ? overrides.get(ref) : null, now);
        Decision published = state.published();
        boolean changed = decision == null ? published != null : decision.differsFrom(published);
        if (!changed) {
            return state;
        }
        long version = state.version() + 1;
        ReputationVerdict value = decision == null ? null : ReputationVerdict.newBuilder()
                .setObjectRef(ref)
                .setVerdict(decision.verdict())
                .setConfidence(decision.confidence())
                .setVersion(version)
                .setSource(decision.source())
                .setReason(decision.reason())
                .setThreatName(decision.threatName())
                .setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
        context.forward(new Record<>(ref, value, timestamp, new RecordHeaders()));
        return new VerdictState(state.rule(), decision, version, now);
    }

    private VerdictState stateOf(String ref) {
        VerdictState state = cachedStates.get(ref);
        if (state == null) {
            state = states.get(ref);
            state = state == null ? VerdictState.EMPTY : state;
            cachedStates.put(ref, state);
        }
        return state;
    }
}
