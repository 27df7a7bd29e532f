package org.opensn.streams.topology;

import java.io.IOException;

/**
 * Threat-source hits of one domain in one hourly window (value of {@link Names#SOURCE_DOMAIN_HOURLY_STORE}).
 *
 * @param hits         number of threat-source reports naming the domain
 * @param deviceSketch HLL sketch of the keyed device hashes, null when empty
 */
public record SourceWindow(long hits, byte[] deviceSketch) {

    static final SourceWindow EMPTY = new SourceWindow(0, null);

    static SourceWindow empty() {
        return EMPTY;
    }

    /** Estimated distinct devices. */
    public long distinctDevices() {
        return Hll.estimate(deviceSketch);
    }

    static final class Serde extends Codec<SourceWindow> {
        Serde() {
            super("SourceWindow", 1);
        }

        @Override
        int sizeHint(SourceWindow v) {
            return 8 + sizeOfSketch(v.deviceSketch());
        }

        @Override
        void write(SourceWindow v, Out out) throws IOException {
            out.writeLong(v.hits());
            writeSketch(out, v.deviceSketch());
        }

        @Override
        SourceWindow read(In in) throws IOException {
            return new SourceWindow(in.readLong(), readSketch(in));
        }
    }
}
