package org.opensn.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.opensn.streams.topology.Decision;
import org.opensn.streams.topology.Hll;
import org.opensn.streams.topology.Names;
import org.opensn.streams.topology.ObjectStats;
import org.opensn.streams.topology.SourceWindow;
import org.opensn.streams.topology.ThreatWindow;
import org.opensn.streams.topology.VerdictState;

/**
 * Answers from this instance's own (active) stores only, with k-suppression applied. Every
 * iterator is closed; a store that is not queryable (starting, rebalancing, restoring) becomes a
 * 503 {@link QueryException}.
 */
final class LocalStores {

    /** Where the stores come from: a running {@link KafkaStreams}, or a test driver. */
    interface StoreAccess {
        <S> S store(String name, QueryableStoreType<S> type);
    }

    private final StoreAccess stores;
    private final int k;

    LocalStores(StoreAccess stores, int k) {
        this.stores = stores;
        this.k = k;
    }

    /** Local stores of {@code streams}: 503 unless it is RUNNING and the store is queryable. */
    static LocalStores of(KafkaStreams streams, int k) {
        return new LocalStores(new StoreAccess() {
            @Override
            public <S> S store(String name, QueryableStoreType<S> type) {
                if (streams.state() != KafkaStreams.State.RUNNING) {
                    throw QueryException.unavailable("stores are not queryable while the app is " + streams.state() + "; retry shortly");
                }
                try {
                    return streams.store(StoreQueryParameters.fromNameAndType(name, type));
                } catch (InvalidStateStoreException e) {
                    throw QueryException.unavailable("store " + name + " is not queryable now (" + e.getMessage() + "); retry shortly");
                }
            }
        }, k);
    }

    String suppressionReason() {
        return "fewer than k=" + k + " distinct devices";
    }

    Model.ThreatsPart topThreats(Instant from, Instant to, int limit) {
        ReadOnlyWindowStore<String, ThreatWindow> store = store(Names.THREAT_HOURLY_STORE, QueryableStoreTypes.windowStore());
        Map<String, Acc> byName = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, ThreatWindow> it = store.fetchAll(from, to)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, ThreatWindow> kv = it.next();
                Acc acc = byName.computeIfAbsent(kv.key.key(), name -> new Acc());
                acc.count += kv.value.detections();
                acc.sketches.add(kv.value.deviceSketch());
                acc.type = kv.value.threatType() == null ? acc.type : kv.value.threatType().name();
            }
        }
        List<Model.ThreatFigure> shown = new ArrayList<>();
        int suppressed = 0;
        for (Map.Entry<String, Acc> e : byName.entrySet()) {
            long devices = Hll.unionEstimate(e.getValue().sketches);
            if (devices < k) {
                suppressed++;
            } else {
                shown.add(new Model.ThreatFigure(e.getKey(), e.getValue().type, e.getValue().count, devices));
            }
        }
        return new Model.ThreatsPart(topThreats(shown, limit), suppressed);
    }

    static List<Model.ThreatFigure> topThreats(List<Model.ThreatFigure> all, int limit) {
        return all.stream()
                .sorted(Comparator.comparingLong(Model.ThreatFigure::detections).reversed().thenComparing(Model.ThreatFigure::name))
                .limit(limit)
                .toList();
    }

    Model.Series series(String name, Instant from, Instant to, long stepMillis, String stepText) {
        ReadOnlyWindowStore<String, ThreatWindow> store = store(Names.THREAT_HOURLY_STORE, QueryableStoreTypes.windowStore());
        int steps = (int) Math.max(0, (to.toEpochMilli() - from.toEpochMilli() + stepMillis - 1) / stepMillis);
        long[] counts = new long[steps];
        List<List<byte[]>> sketches = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            sketches.add(new ArrayList<>());
        }
        String type = null;
        try (WindowStoreIterator<ThreatWindow> it = store.fetch(name, from, to.minusMillis(1))) {
            while (it.hasNext()) {
                KeyValue<Long, ThreatWindow> kv = it.next();
                int i = (int) ((kv.key - from.toEpochMilli()) / stepMillis);
                if (i >= 0 && i < steps) {
                    counts[i] += kv.value.detections();
                    sketches.get(i).add(kv.value.deviceSketch());
                    type = kv.value.threatType() == null ? type : kv.value.threatType().name();
                }
            }
        }
        List<Model.SeriesPoint> points = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            Instant start = from.plusMillis(i * stepMillis);
            Instant end = start.plusMillis(stepMillis);
            long devices = Hll.unionEstimate(sketches.get(i));
            if (counts[i] == 0) {
                points.add(new Model.SeriesPoint(start, end, 0L, 0L, false));
            } else if (devices < k) {
                points.add(new Model.SeriesPoint(start, end, null, null, true));
            } else {
                points.add(new Model.SeriesPoint(start, end, counts[i], devices, false));
            }
        }
        return new Model.Series(name, type, from, to, stepText, k, points);
    }

    Model.SourcesPart topSources(Instant from, Instant to, int limit) {
        ReadOnlyWindowStore<String, SourceWindow> store = store(Names.SOURCE_DOMAIN_HOURLY_STORE, QueryableStoreTypes.windowStore());
        Map<String, Acc> byDomain = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, SourceWindow> it = store.fetchAll(from, to)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, SourceWindow> kv = it.next();
                Acc acc = byDomain.computeIfAbsent(kv.key.key(), d -> new Acc());
                acc.count += kv.value.hits();
                acc.sketches.add(kv.value.deviceSketch());
            }
        }
        List<Model.SourceFigure> shown = new ArrayList<>();
        int suppressed = 0;
        for (Map.Entry<String, Acc> e : byDomain.entrySet()) {
            long devices = Hll.unionEstimate(e.getValue().sketches);
            if (devices < k) {
                suppressed++;
            } else {
                shown.add(new Model.SourceFigure(e.getKey(), e.getValue().count, devices));
            }
        }
        return new Model.SourcesPart(topSources(shown, limit), suppressed);
    }

    static List<Model.SourceFigure> topSources(List<Model.SourceFigure> all, int limit) {
        return all.stream()
                .sorted(Comparator.comparingLong(Model.SourceFigure::hits).reversed().thenComparing(Model.SourceFigure::domain))
                .limit(limit)
                .toList();
    }

    /** The object's view, or null when this instance has neither statistics nor a verdict for it. */
    Model.ObjectView object(String ref) {
        ReadOnlyKeyValueStore<String, ObjectStats> stats = store(Names.OBJECT_STATS_STORE, QueryableStoreTypes.keyValueStore());
        ReadOnlyKeyValueStore<String, VerdictState> verdicts = store(Names.VERDICT_STATE_STORE, QueryableStoreTypes.keyValueStore());
        ObjectStats s = stats.get(ref);
        VerdictState v = verdicts.get(ref);
        Model.VerdictView verdict = null;
        if (v != null && v.published() != null) {
            Decision d = v.published();
            verdict = new Model.VerdictView(d.verdict().name(), d.confidence(), d.source().name(), v.version(), d.reason(), d.threatName(),
                    Instant.ofEpochMilli(v.updatedAt()));
        }
        if (s == null && verdict == null) {
            return null;
        }
        long devices = s == null ? 0 : s.distinctDevices();
        if (devices < k) {
            return new Model.ObjectView(ref, true, suppressionReason(), null, null, null, null, null, verdict);
        }
        return new Model.ObjectView(ref, false, null, s.detections(), devices, Instant.ofEpochMilli(s.firstSeen()),
                Instant.ofEpochMilli(s.lastSeen()), s.threatNames(), verdict);
    }

    private <S> S store(String name, QueryableStoreType<S> type) {
        return stores.store(name, type);
    }

    private static final class Acc {
        long count;
        String type;
        final List<byte[]> sketches = new ArrayList<>();
    }
}
