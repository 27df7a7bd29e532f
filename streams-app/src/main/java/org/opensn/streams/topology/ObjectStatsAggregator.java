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
 * the object statistics' {@link WriteBackStore}, which only this aggregation changes, and they are not used after. So
 * the statistics it returns may share their lists and buckets with those it was given: a detection that falls in a
 * bucket the object has, while no bucket leaves the window, changes only that bucket's sketch.
 *
 * <p>The all-time sketch has counted every device of every bucket (each detection goes to both, and no encoding loses
 * a device's register), so a device its bucket has counted already leaves the all-time sketch untouched: a repeat
 * report, the common case, does not read the larger sketch at all.
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
        byte[] devices = countedInItsBucket(stats.recent(), c) ? stats.deviceSketch()
                : Hll.addInPlace(stats.deviceSketch(), c.deviceHash());
        return new ObjectStats(
                stats.detections() + 1,
                devices,
                Math.min(stats.firstSeen(), c.eventTime()),
                lastSeen,
                names,
                addToBuckets(stats.recent(), c, lastSeen));
    }

    private List<ObjectStats.Bucket> addToBuckets(List<ObjectStats.Bucket> buckets, ObjectContribution c, long lastSeen) {
        long oldestKept = lastSeen - windowMillis;
        long start = bucketStart(c);
        int at = indexOf(buckets, start);
        if (at >= 0 && buckets.getFirst().start() + bucketMillis > oldestKept) {
            // the usual case: the detection's bucket is there and none leaves the window, so only that bucket changes,
            // and when its sketch changed in place the list stays as it is
            ObjectStats.Bucket b = buckets.get(at);
            ObjectStats.Bucket added = addTo(b, c);
            if (added == b) {
                return buckets;
            }
            List<ObjectStats.Bucket> out = new ArrayList<>(buckets);
            out.set(at, added);
            return out;
        }
        List<ObjectStats.Bucket> out = new ArrayList<>(buckets.size() + 1);
        boolean added = start + bucketMillis <= oldestKept; // too old for the window: nothing to add
        for (ObjectStats.Bucket b : buckets) {
            if (!added && b.start() == start) {
                b = addTo(b, c);
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

    private long bucketStart(ObjectContribution c) {
        return Math.floorDiv(c.eventTime(), bucketMillis) * bucketMillis;
    }

    /** Whether the detection's bucket is there and has counted its device already (on the same side). */
    private boolean countedInItsBucket(List<ObjectStats.Bucket> buckets, ObjectContribution c) {
        int at = indexOf(buckets, bucketStart(c));
        if (at < 0) {
            return false;
        }
        ObjectStats.Bucket b = buckets.get(at);
        return Hll.counts(c.definitive() ? b.definitive() : b.probabilistic(), c.deviceHash());
    }

    /** The bucket starting at {@code start}, looked for from the newest (where most detections fall), or -1. */
    private static int indexOf(List<ObjectStats.Bucket> buckets, long start) {
        for (int i = buckets.size() - 1; i >= 0; i--) {
            long s = buckets.get(i).start();
            if (s <= start) {
                return s == start ? i : -1;
            }
        }
        return -1;
    }

    /** {@code b} with the detection's device added: {@code b} itself when the sketch changed in place. */
    private static ObjectStats.Bucket addTo(ObjectStats.Bucket b, ObjectContribution c) {
        if (c.definitive()) {
            byte[] sketch = Hll.addInPlace(b.definitive(), c.deviceHash());
            return sketch == b.definitive() ? b : new ObjectStats.Bucket(b.start(), sketch, b.probabilistic());
        }
        byte[] sketch = Hll.addInPlace(b.probabilistic(), c.deviceHash());
        return sketch == b.probabilistic() ? b : new ObjectStats.Bucket(b.start(), b.definitive(), sketch);
    }

    private static ObjectStats.Bucket newBucket(long start, ObjectContribution c) {
        byte[] sketch = Hll.addInPlace(null, c.deviceHash());
        return c.definitive() ? new ObjectStats.Bucket(start, sketch, null) : new ObjectStats.Bucket(start, null, sketch);
    }
}
