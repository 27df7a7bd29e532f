package org.opensn.cache.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.opensn.cache.VerdictView;

/** The service's meters: look-ups and hit ratio, staleness, consumer lag, table size, update answers. */
final class CacheMetrics {

    private final Counter hits;
    private final Counter misses;
    private final LongAdder hitCount = new LongAdder();
    private final LongAdder missCount = new LongAdder();
    private final Counter fullAnswers;
    private final Counter deltaAnswers;

    CacheMetrics(MeterRegistry registry, VerdictView view) {
        hits = Counter.builder("opensn.cache.lookups").tag("result", "hit").description("Verdict look-ups answered from the table").register(registry);
        misses = Counter.builder("opensn.cache.lookups").tag("result", "miss").description("Verdict look-ups answered UNKNOWN").register(registry);
        Gauge.builder("opensn.cache.hit.ratio", this, CacheMetrics::hitRatio).description("Share of look-ups that found a verdict").register(registry);
        Gauge.builder("opensn.cache.staleness.seconds", view, v -> v.staleness().toMillis() / 1000.0)
                .description("How out of date the table may be").register(registry);
        Gauge.builder("opensn.cache.consumer.lag", view, VerdictView::lag)
                .description("Verdict records not yet read (-1: unknown)").register(registry);
        Gauge.builder("opensn.cache.verdicts", view, VerdictView::size).description("Verdicts held").register(registry);
        Gauge.builder("opensn.cache.ready", view, v -> v.isReady() ? 1 : 0).description("1 once caught up with the topic").register(registry);
        fullAnswers = Counter.builder("opensn.cache.updates").tag("kind", "full").description("Full snapshots served").register(registry);
        deltaAnswers = Counter.builder("opensn.cache.updates").tag("kind", "delta").description("Deltas served").register(registry);
    }

    void lookup(boolean hit) {
        if (hit) {
            hits.increment();
            hitCount.increment();
        } else {
            misses.increment();
            missCount.increment();
        }
    }

    void updates(boolean full) {
        (full ? fullAnswers : deltaAnswers).increment();
    }

    double hitRatio() {
        long h = hitCount.sum();
        long total = h + missCount.sum();
        return total == 0 ? 0.0 : (double) h / total;
    }
}
