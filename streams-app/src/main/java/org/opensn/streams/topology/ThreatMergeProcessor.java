package org.opensn.streams.topology;

import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.opensn.schemas.avro.ThreatStatistic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second half of the hourly threat statistics, in the task that owns the threat: merges the
 * {@link ThreatPartial}s of every raw-detections partition into {@link Names#THREAT_HOURLY_STORE}
 * and publishes the result as a {@link ThreatStatistic}. Idempotent: each partition's largest count
 * is kept ({@link Names#THREAT_COUNTS_STORE}) and the total is their sum; device sketches are
 * unioned, and a partial's sketch holds every device its partition counted, so a repeat adds
 * nothing. Late detections are dropped where they are counted ({@link ThreatPartialProcessor}, by
 * the grace period), since partials of several partitions may come in any order; here a partial is
 * dropped only when its window is past the statistics' retention (on the partials' timestamps, their
 * latest event times). The counts are kept as long as the window itself, so a window is never counted
 * afresh on top of what it holds.
 */
final class ThreatMergeProcessor implements Processor<String, ThreatPartial, String, ThreatStatistic> {

    private static final Logger LOG = LoggerFactory.getLogger(ThreatMergeProcessor.class);

    private final long windowMillis = PipelineConfig.WINDOW.toMillis();
    private final long retentionMillis;
    private ProcessorContext<String, ThreatStatistic> context;
    private TimestampedWindowStore<String, ThreatWindow> hourly;
    private WindowStore<String, ThreatCounts> counts;
    private long streamTime = Long.MIN_VALUE;

    /** @param retention how long {@link Names#THREAT_HOURLY_STORE} and {@link Names#THREAT_COUNTS_STORE} keep a window */
    ThreatMergeProcessor(Duration retention) {
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, ThreatStatistic> context) {
        this.context = context;
        this.hourly = context.getStateStore(Names.THREAT_HOURLY_STORE);
        this.counts = context.getStateStore(Names.THREAT_COUNTS_STORE);
    }

    @Override
    public void process(Record<String, ThreatPartial> record) {
        String threat = record.key();
        ThreatPartial partial = record.value();
        if (threat == null || partial == null) {
            return;
        }
        streamTime = Math.max(streamTime, record.timestamp());
        long start = partial.windowStart();
        if (start + retentionMillis <= streamTime) {
            LOG.debug("threat partial dropped: its hourly window is past the retention of {} ms", retentionMillis);
            return;
        }
        ValueAndTimestamp<ThreatWindow> stored = hourly.fetch(threat, start);
        ThreatWindow before = stored == null ? ThreatWindow.EMPTY : stored.value();
        ThreatCounts seen = counts.fetch(threat, start);
        if (seen == null) {
            seen = ThreatCounts.before(before.detections());
        }
        ThreatCounts now = seen.with(partial.partition(), partial.window().detections());
        if (now == seen) {
            return; // a repeat: its partition had counted as much already (and so its sketch held these devices)
        }
        ThreatWindow merged = new ThreatWindow(
                partial.threatType() != null ? partial.threatType() : before.threatType(),
                now.total(),
                before.deviceSketch() == null ? partial.window().deviceSketch()
                        : Hll.union(Arrays.asList(before.deviceSketch(), partial.window().deviceSketch())));
        counts.put(threat, now, start);
        hourly.put(threat, ValueAndTimestamp.make(merged, Math.max(record.timestamp(), stored == null ? start : stored.timestamp())), start);
        KeyValue<String, ThreatStatistic> out = Rekey.threatStatistic(threat, start, start + windowMillis, merged, context.currentSystemTimeMs());
        context.forward(record.withKey(out.key).withValue(out.value));
    }
}
