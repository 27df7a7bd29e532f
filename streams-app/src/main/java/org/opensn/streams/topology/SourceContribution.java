package org.opensn.streams.topology;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.opensn.schemas.avro.AnonymizedThreatSource;

/**
 * The anonymized threat source plus the device's keyed hash (pseudonymous, rotated at least daily;
 * see {@link DetectionContribution}).
 */
record SourceContribution(AnonymizedThreatSource source, long deviceHash) {

    SourceContribution {
        Objects.requireNonNull(source, "source");
    }

    /** Serde: format byte, the 8-byte hash, then the Avro binary of the threat source. */
    static final class Serde extends Codec<SourceContribution> {
        private final PlainAvroSerde<AnonymizedThreatSource> avro = new PlainAvroSerde<>(AnonymizedThreatSource.class);

        Serde() {
            super("SourceContribution", 1);
        }

        @Override
        void write(SourceContribution value, DataOutputStream out) throws IOException {
            out.writeLong(value.deviceHash());
            writeBytes(out, avro.toBytes(value.source()));
        }

        @Override
        SourceContribution read(DataInputStream in) throws IOException {
            long hash = in.readLong();
            byte[] avroBytes = readBytes(in);
            if (avroBytes == null) {
                throw new IOException("threat source missing");
            }
            return new SourceContribution(avro.fromBytes(avroBytes), hash);
        }
    }
}
