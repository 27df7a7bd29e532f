package org.opensn.streams.topology;

import java.io.IOException;
import org.opensn.schemas.avro.ThreatType;

/**
 * Detections of one threat in one hourly window (value of {@link Names#THREAT_HOURLY_STORE}).
 *
 * @param threatType    the type last reported for the threat (null before the first detection)
 * @param detections    number of detections
 * @param deviceSketch  HLL sketch (compact bytes) of the keyed device hashes, null when empty
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
            return 1 + (v.threatType() == null ? 0 : 2 + v.threatType().name().length()) + 8 + sizeOf(v.deviceSketch());
        }

        @Override
        void write(ThreatWindow v, Out out) throws IOException {
            writeNullableString(out, v.threatType() == null ? null : v.threatType().name());
            out.writeLong(v.detections());
            writeBytes(out, v.deviceSketch());
        }

        @Override
        ThreatWindow read(In in) throws IOException {
            String type = readNullableString(in);
            return new ThreatWindow(type == null ? null : ThreatType.valueOf(type), in.readLong(), readBytes(in));
        }
    }
}
