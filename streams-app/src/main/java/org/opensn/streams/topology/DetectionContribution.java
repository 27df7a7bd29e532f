package org.opensn.streams.topology;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.opensn.schemas.avro.AnonymizedDetection;

/**
 * What the anonymize step hands on for aggregation: the anonymized detection plus the device's
 * keyed hash. {@code deviceHash} is pseudonymous: the first 8 bytes of HMAC-SHA256 under a
 * period key that rotates at least daily (see {@code org.opensn.anonymizer.DeviceHasher}); it is
 * only ever added to HLL sketches and cannot be linked back to a device id or across periods.
 */
record DetectionContribution(AnonymizedDetection detection, long deviceHash) {

    DetectionContribution {
        Objects.requireNonNull(detection, "detection");
    }

    /** Serde: format byte, the 8-byte hash, then the Avro binary of the detection. */
    static final class Serde extends Codec<DetectionContribution> {
        private final PlainAvroSerde<AnonymizedDetection> avro = new PlainAvroSerde<>(AnonymizedDetection.class);

        Serde() {
            super("DetectionContribution", 1);
        }

        @Override
        void write(DetectionContribution value, DataOutputStream out) throws IOException {
            out.writeLong(value.deviceHash());
            writeBytes(out, avro.toBytes(value.detection()));
        }

        @Override
        DetectionContribution read(DataInputStream in) throws IOException {
            long hash = in.readLong();
            byte[] avroBytes = readBytes(in);
            if (avroBytes == null) {
                throw new IOException("detection missing");
            }
            return new DetectionContribution(avro.fromBytes(avroBytes), hash);
        }
    }
}
