package org.opensn.streams.topology;

import java.io.IOException;
import java.util.Objects;

/**
 * One report about one object (keyed by its object ref), derived from an anonymized record.
 *
 * @param eventTime  when the endpoint saw it (epoch millis)
 * @param threatName the threat name reported
 * @param definitive true when the detection was not only probabilistic (heuristic, behaviour or
 *                   machine learning); threat-source reports count as definitive
 * @param deviceHash the pseudonymous keyed device hash (see {@link DetectionContribution#of})
 */
record ObjectContribution(long eventTime, String threatName, boolean definitive, long deviceHash) {

    ObjectContribution {
        Objects.requireNonNull(threatName, "threatName");
    }

    static final class Serde extends Codec<ObjectContribution> {
        Serde() {
            super("ObjectContribution", 1);
        }

        @Override
        void write(ObjectContribution v, Out out) throws IOException {
            out.writeLong(v.eventTime());
            out.writeUTF(v.threatName());
            out.writeBoolean(v.definitive());
            out.writeLong(v.deviceHash());
        }

        @Override
        ObjectContribution read(In in) throws IOException {
            return new ObjectContribution(in.readLong(), in.readUTF(), in.readBoolean(), in.readLong());
        }
    }
}
