package org.opensn.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.kstream.Aggregator;

/**
 * Folds one {@link ObjectContribution} into an object's {@link ObjectStats}: counts, the all-time
 * device sketch, first/last seen, a bounded list of threat names, and the per-bucket sketches that
 * cover the verdict window (older buckets are dropped; a report older than the window still counts
 * in the all-time figures).
 *
 * <p>The sketches are added to in place ({@link Hll#addInPlace}): the statistics it is given are the live value of
 * the object statistics' {@link WriteBackStore}, which only this aggregation changes, and they are not used after.
 */
final class ObjectStatsAggregator implements Aggregator<String, ObjectContribution, ObjectStats> {

    private final int maxThreatNames;
    private final long windowMillis;
    private final long bucketMillis;

    /**
     * @param maxThreatNames how many distinct threat names to keep per object
     * @param verdictWindow  the rule window W
     * @param buckets        how many buckets W is cut into (the window's granularity)
     */
    ObjectStatsAggregator(int maxThreatNames, Duration verdictWindow, int buckets) {
        if (maxThreatNames < 1 || buckets < 1) {
            throw new IllegalArgumentException("maxThreatNames and buckets must be >= 1, got " + maxThreatNames + " and " + buckets);
        }
        this.maxThreatNames = maxThreatNames;
        this.windowMillis = verdictWindow.toMillis();
        this.bucketMillis = Math.max(1, windowMillis / buckets);
    }

    @Override
    public ObjectStats apply(String objectRef, ObjectContribution c, ObjectStats stats) {
        List<String> names = stats.threatNames();
        if (!names.contains(c.threatName()) && names.size() < maxThreatNames) {
            names = new ArrayList<>(names);
            names.add(c.threatName());
        }
        long lastSeen = Math.max(stats.lastSeen(), c.eventTime());
        return new ObjectStats(
                stats.detections() + 1,
                Hll.addInPlace(stats.deviceSketch(), c.deviceHash()),
                Math.min(stats.firstSeen(), c.eventTime()),
                lastSeen,
                names,
                addToBuckets(stats.recent(), c, lastSeen));
    }

    private List<ObjectStats.Bucket> addToBuckets(List<ObjectStats.Bucket> buckets, ObjectContribution c, long lastSeen) {
        long oldestKept = lastSeen - windowMillis;
        long start = Math.floorDiv(c.eventTime(), bucketMillis) * bucketMillis;
        List<ObjectStats.Bucket> out = new ArrayList<>(buckets.size() + 1);
        boolean added = start + bucketMillis <= oldestKept; // too old for the window: nothing to add
        for (ObjectStats.Bucket b : buckets) {
            if (!added && b.start() == start) {
                b = c.definitive()
                        ? new ObjectStats.Bucket(start, Hll.addInPlace(b.definitive(), c.deviceHash()), b.probabilistic())
                        : new ObjectStats.Bucket(start, b.definitive(), Hll.addInPlace(b.probabilistic(), c.deviceHash()));
                added = true;
            } else if (!added && b.start() > start) {
                out.add(newBucket(start, c));
                added = true;
            }
            if (b.start() + bucketMillis > oldestKept) {
                out.add(b);
            }
        }
        if (!added) {
            out.add(newBucket(start, c));
        }
        return out;
    }

    private static ObjectStats.Bucket newBucket(long start, ObjectContribution c) {
        byte[] sketch = Hll.addInPlace(null, c.deviceHash());
        return c.definitive() ? new ObjectStats.Bucket(start, sketch, null) : new ObjectStats.Bucket(start, null, sketch);
    }
}
