package org.opensn.streams.topology;

import java.io.IOException;
import java.util.Arrays;

/**
 * The detections each raw-detections partition has counted for one threat in one hourly window (value
 * of {@link Names#THREAT_COUNTS_STORE}): what makes merging {@link ThreatPartial}s idempotent. A
 * partial replaces its partition's count only when larger (counts only grow, so a smaller or equal one
 * is a repeat); the window's total is the sum.
 *
 * <p>Partition {@value #BEFORE_PARTIALS} holds the count of a window that was already in
 * {@link Names#THREAT_HOURLY_STORE} when its first partial came: what a build that counted each
 * detection in that store directly had counted before an upgrade.
 *
 * @param partitions partition numbers, ascending
 * @param counts     the count of each
 */
record ThreatCounts(int[] partitions, long[] counts) {

    static final int BEFORE_PARTIALS = -1;
    static final ThreatCounts EMPTY = new ThreatCounts(new int[0], new long[0]);

    /** Counts seeded with what an older build had counted directly into the window. */
    static ThreatCounts before(long detections) {
        return detections == 0 ? EMPTY : new ThreatCounts(new int[] {BEFORE_PARTIALS}, new long[] {detections});
    }

    /** With {@code partition}'s count raised to {@code count}; this same object if that is no raise (a repeat). */
    ThreatCounts with(int partition, long count) {
        int at = Arrays.binarySearch(partitions, partition);
        if (at >= 0) {
            if (count <= counts[at]) {
                return this;
            }
            long[] raised = counts.clone();
            raised[at] = count;
            return new ThreatCounts(partitions, raised);
        }
        int insert = -at - 1;
        int[] p = new int[partitions.length + 1];
        long[] c = new long[counts.length + 1];
        System.arraycopy(partitions, 0, p, 0, insert);
        System.arraycopy(counts, 0, c, 0, insert);
        p[insert] = partition;
        c[insert] = count;
        System.arraycopy(partitions, insert, p, insert + 1, partitions.length - insert);
        System.arraycopy(counts, insert, c, insert + 1, counts.length - insert);
        return new ThreatCounts(p, c);
    }

    long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThreatCounts t && Arrays.equals(partitions, t.partitions) && Arrays.equals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(partitions) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ThreatCounts" + Arrays.toString(partitions) + "=" + Arrays.toString(counts);
    }

    /** Serde: format byte, a 2-byte entry count, then (4-byte partition, 8-byte count) per entry. */
    static final class Serde extends Codec<ThreatCounts> {
        Serde() {
            super("ThreatCounts", 1);
        }

        @Override
        int sizeHint(ThreatCounts v) {
            return 2 + 12 * v.partitions().length;
        }

        @Override
        void write(ThreatCounts v, Out out) {
            out.writeShort(v.partitions().length);
            for (int i = 0; i < v.partitions().length; i++) {
                out.writeInt(v.partitions()[i]);
                out.writeLong(v.counts()[i]);
            }
        }

        @Override
        ThreatCounts read(In in) throws IOException {
            int n = in.readUnsignedShort();
            int[] p = new int[n];
            long[] c = new long[n];
            for (int i = 0; i < n; i++) {
                p[i] = in.readInt();
                c[i] = in.readLong();
                if (i > 0 && p[i] <= p[i - 1]) {
                    throw new IOException("partitions not ascending");
                }
            }
            return new ThreatCounts(p, c);
        }
    }
}
