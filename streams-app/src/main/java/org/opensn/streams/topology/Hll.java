package org.opensn.streams.topology;

import java.util.Collection;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Distinct-device counting with DataSketches HLL (lgK 12, HLL_4: at most ~2.2 KB, ~1.6% relative
 * error). Sketches are kept as compact sketch bytes, which is what the stores and changelogs hold;
 * they are fed only with the 64-bit keyed device hash, never with a device id.
 */
public final class Hll {

    /** log2 of the number of buckets. */
    public static final int LG_K = 12;
    static final TgtHllType TYPE = TgtHllType.HLL_4;

    private Hll() {
    }

    /** A sketch with {@code deviceHash} added to {@code sketch} (null = empty). */
    static byte[] add(byte[] sketch, long deviceHash) {
        HllSketch s = sketch == null ? new HllSketch(LG_K, TYPE) : heapify(sketch);
        s.update(deviceHash);
        return s.toCompactByteArray();
    }

    /** The distinct-count estimate of {@code sketch}, rounded; 0 for null. */
    public static long estimate(byte[] sketch) {
        return sketch == null ? 0 : Math.round(heapify(sketch).getEstimate());
    }

    /** The union of {@code sketches} (nulls skipped), as compact bytes; null if all were null. */
    public static byte[] union(Collection<byte[]> sketches) {
        Union union = null;
        for (byte[] sketch : sketches) {
            if (sketch != null) {
                if (union == null) {
                    union = new Union(LG_K);
                }
                union.update(heapify(sketch));
            }
        }
        return union == null ? null : union.getResult(TYPE).toCompactByteArray();
    }

    private static HllSketch heapify(byte[] bytes) {
        try {
            return HllSketch.heapify(bytes);
        } catch (RuntimeException e) {
            throw new SerializationException("stored HLL sketch is corrupt (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }
}
