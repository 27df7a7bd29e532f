package org.opensn.streams.topology;

import java.io.IOException;
import org.opensn.schemas.avro.ThreatType;

/**
 * One partition's part of a threat's hourly window, as the raw-detections task that counted it holds
 * it: the value of the threat repartition topic (keyed by threat name). The count and the sketch are
 * cumulative, so a partial sent again (after a restart) or superseded changes nothing when merged: the
 * merge keeps the largest count per partition and unions the sketches (see {@link ThreatCounts}).
 *
 * @param windowStart the hourly window's start (epoch millis)
 * @param partition   the raw detections partition (stream task) that counted it
 * @param window      type last reported, detections and device sketch counted in that partition
 */
record ThreatPartial(long windowStart, int partition, ThreatWindow window) {

    /** Serde: format byte, window start, partition, then the window as {@link ThreatWindow.Serde} writes it. */
    static final class Serde extends Codec<ThreatPartial> {
        Serde() {
            super("ThreatPartial", 1);
        }

        @Override
        int sizeHint(ThreatPartial v) {
            return 8 + 4 + ThreatWindow.Serde.size(v.window());
        }

        @Override
        void write(ThreatPartial v, Out out) throws IOException {
            out.writeLong(v.windowStart());
            out.writeInt(v.partition());
            ThreatWindow.Serde.writeFields(v.window(), out);
        }

        @Override
        ThreatPartial read(In in) throws IOException {
            long start = in.readLong();
            int partition = in.readInt();
            return new ThreatPartial(start, partition, ThreatWindow.Serde.readFields(in));
        }
    }

    /** The threat type of the window, for callers that do not need the rest. */
    ThreatType threatType() {
        return window.threatType();
    }
}
