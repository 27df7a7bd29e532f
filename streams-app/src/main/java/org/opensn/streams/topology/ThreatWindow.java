package org.opensn.streams.topology;

import java.io.IOException;
import org.opensn.schemas.avro.ThreatType;

/**
 * Detections of one threat in one hourly window: merged over all partitions, the value of
 * {@link Names#THREAT_HOURLY_STORE}; counted in one partition, that of {@link Names#THREAT_PARTIAL_STORE}.
 *
 * @param threatType    the type last reported for the threat (null before the first detection)
 * @param detections    number of detections
 * @param deviceSketch  HLL sketch of the keyed device hashes, null when empty (in a partial window's live value it
 *                      grows in place, so the array may be longer than the sketch: {@link Hll#usedBytes})
 */
public record ThreatWindow(ThreatType threatType, long detections, byte[] deviceSketch) {

    static final ThreatWindow EMPTY = new ThreatWindow(null, 0, null);

    static ThreatWindow empty() {
        return EMPTY;
    }

    /** Estimated distinct devices. */
    public long distinctDevices() {
        return Hll.estimate(deviceSketch);
    }

    static final class Serde extends Codec<ThreatWindow> {
        Serde() {
            super("ThreatWindow", 1);
        }

        @Override
        int sizeHint(ThreatWindow v) {
            return size(v);
        }

        @Override
        void write(ThreatWindow v, Out out) throws IOException {
            writeFields(v, out);
        }

        @Override
        ThreatWindow read(In in) throws IOException {
            return readFields(in);
        }

        static int size(ThreatWindow v) {
            return sizeOfNullableString(typeName(v)) + 8 + sizeOfSketch(v.deviceSketch());
        }

        /** The threat type as written, or null. */
        private static String typeName(ThreatWindow v) {
            return v.threatType() == null ? null : v.threatType().name();
        }

        static void writeFields(ThreatWindow v, Out out) throws IOException {
            writeNullableString(out, typeName(v));
            out.writeLong(v.detections());
            writeSketch(out, v.deviceSketch());
        }

        static ThreatWindow readFields(In in) throws IOException {
            String type = readNullableString(in);
            ThreatType threatType;
            try {
                threatType = type == null ? null : ThreatType.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown threat type '" + type + "'", e);
            }
            return new ThreatWindow(threatType, in.readLong(), readSketch(in));
        }
    }
}
