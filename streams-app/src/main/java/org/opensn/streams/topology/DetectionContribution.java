package org.opensn.streams.topology;

import java.util.Objects;
import org.opensn.schemas.avro.AnonymizedDetection;

/**
 * What the anonymize step hands on for aggregation: the anonymized detection plus the device's
 * keyed hash. {@code deviceHash} is pseudonymous: the first 8 bytes of HMAC-SHA256 under a
 * period key that rotates at least daily (see {@code org.opensn.anonymizer.DeviceHasher}); it is
 * only ever added to HLL sketches and cannot be linked back to a device id or across periods.
 * {@code objectRef} is the detection's key, {@code file:<sha256>}, derived and validated once.
 */
record DetectionContribution(AnonymizedDetection detection, long deviceHash, String objectRef) {

    DetectionContribution {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(objectRef, "objectRef");
    }
}
