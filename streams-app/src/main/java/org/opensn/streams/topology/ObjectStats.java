package org.opensn.streams.topology;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the network knows about one object (value of {@link Names#OBJECT_STATS_STORE}).
 *
 * <p>In the store's live value the sketches are grown in place ({@link ObjectStatsAggregator}), so an array may be
 * longer than its sketch ({@link Hll#usedBytes}); read them through {@link Hll}.
 *
 * @param detections   reports about the object, all time
 * @param deviceSketch HLL sketch of the keyed device hashes, all time (null when empty)
 * @param firstSeen    earliest event time (epoch millis)
 * @param lastSeen     latest event time (epoch millis)
 * @param threatNames  threat names reported, first seen first, bounded (see {@link ObjectStatsAggregator})
 * @param recent       per-bucket sketches of the last verdict window, oldest first
 */
public record ObjectStats(long detections, byte[] deviceSketch, long firstSeen, long lastSeen,
                          List<String> threatNames, List<Bucket> recent) {

    static final ObjectStats EMPTY = new ObjectStats(0, null, Long.MAX_VALUE, Long.MIN_VALUE, List.of(), List.of());

    static ObjectStats empty() {
        return EMPTY;
    }

    public ObjectStats {
        threatNames = List.copyOf(threatNames);
        recent = List.copyOf(recent);
    }

    /** Estimated distinct devices, all time. */
    public long distinctDevices() {
        return Hll.estimate(deviceSketch);
    }

    /**
     * Devices that reported the object within one time bucket of the verdict window.
     *
     * @param start          bucket start (epoch millis)
     * @param definitive     sketch of devices with a non-probabilistic report (null when none)
     * @param probabilistic  sketch of devices with a heuristic/behaviour/ML report (null when none)
     */
    public record Bucket(long start, byte[] definitive, byte[] probabilistic) {
    }

    static final class Serde extends Codec<ObjectStats> {
        Serde() {
            super("ObjectStats", 1);
        }

        @Override
        int sizeHint(ObjectStats v) {
            int size = 8 + sizeOfSketch(v.deviceSketch()) + 16 + 2 + 2;
            for (String name : v.threatNames()) {
                size += sizeOfUTF(name);
            }
            for (Bucket b : v.recent()) {
                size += 8 + sizeOfSketch(b.definitive()) + sizeOfSketch(b.probabilistic());
            }
            return size;
        }

        @Override
        void write(ObjectStats v, Out out) throws IOException {
            out.writeLong(v.detections());
            writeSketch(out, v.deviceSketch());
            out.writeLong(v.firstSeen());
            out.writeLong(v.lastSeen());
            out.writeShort(v.threatNames().size());
            for (String name : v.threatNames()) {
                out.writeUTF(name);
            }
            out.writeShort(v.recent().size());
            for (Bucket b : v.recent()) {
                out.writeLong(b.start());
                writeSketch(out, b.definitive());
                writeSketch(out, b.probabilistic());
            }
        }

        @Override
        ObjectStats read(In in) throws IOException {
            long detections = in.readLong();
            byte[] sketch = readSketch(in);
            long first = in.readLong();
            long last = in.readLong();
            int names = in.readUnsignedShort();
            List<String> threatNames = new ArrayList<>(names);
            for (int i = 0; i < names; i++) {
                threatNames.add(in.readUTF());
            }
            int buckets = in.readUnsignedShort();
            List<Bucket> recent = new ArrayList<>(buckets);
            for (int i = 0; i < buckets; i++) {
                recent.add(new Bucket(in.readLong(), readSketch(in), readSketch(in)));
            }
            return new ObjectStats(detections, sketch, first, last, threatNames, recent);
        }
    }
}
