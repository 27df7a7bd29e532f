package org.opensn.streams.topology;

import java.io.IOException;
import org.opensn.schemas.avro.ThreatType;

/**
 * What one detection adds to its threat's hourly window: the value of the threat repartition
 * topic (keyed by threat name). Only what {@link ThreatWindowAggregator} reads travels through
 * that topic: some 20 bytes instead of the whole anonymized detection, which is written (and
 * encoded) once already, to {@code opensn.detections.anon}.
 *
 * @param threatType the threat type reported (may be null)
 * @param deviceHash the pseudonymous keyed device hash (see {@link DetectionContribution})
 */
record ThreatContribution(ThreatType threatType, long deviceHash) {

    /** Serde: format byte, the type's name (nullable; a name, not an ordinal, survives reordered symbols), the 8-byte hash. */
    static final class Serde extends Codec<ThreatContribution> {
        Serde() {
            super("ThreatContribution", 1);
        }

        @Override
        void write(ThreatContribution v, Out out) throws IOException {
            writeNullableString(out, v.threatType() == null ? null : v.threatType().name());
            out.writeLong(v.deviceHash());
        }

        @Override
        ThreatContribution read(In in) throws IOException {
            String type = readNullableString(in);
            return new ThreatContribution(type == null ? null : ThreatType.valueOf(type), in.readLong());
        }
    }
}
