package org.opensn.streams.topology;

import java.util.Objects;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.ThreatType;

/**
 * What the anonymize step hands on for aggregation: the anonymized detection (which the step serializes for the
 * anonymized topic) and, read out of it where it was made, what the aggregation steps use of it.
 *
 * <p>The anonymize workers ({@link AnonymizeAhead}) make a contribution on another core, a poll before the stream
 * thread reaches it, so the stream thread reads it cold: each object it follows is a wait on memory. Reading the
 * event time through the detection and its {@code Instant} was two such waits in a row, ~4 % of the stream thread
 * (JFR with {@code -XX:+DebugNonSafepoints}). So the stream thread reads only this record and {@link #object}, made
 * one after the other (adjacent in memory), and never the detection.
 *
 * @param detection  the anonymized detection
 * @param objectRef  the detection's key, {@code file:<sha256>}, derived and validated once
 * @param object     what the detection tells about its file: event time, threat name, whether definitive, and the
 *                   device's keyed hash (see {@link Rekey#objectOfDetection})
 * @param threatType the detection's threat type, for its threat's hourly window
 */
record DetectionContribution(AnonymizedDetection detection, String objectRef, ObjectContribution object, ThreatType threatType) {

    DetectionContribution {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(objectRef, "objectRef");
        Objects.requireNonNull(object, "object");
    }

    /**
     * The contribution of {@code detection}, whose device has the keyed hash {@code deviceHash}: pseudonymous, the
     * first 8 bytes of HMAC-SHA256 under a period key that rotates at least daily (see
     * {@code org.opensn.anonymizer.DeviceHasher}); it is only ever added to HLL sketches and cannot be linked back to
     * a device id or across periods.
     */
    static DetectionContribution of(AnonymizedDetection detection, long deviceHash, String objectRef) {
        return new DetectionContribution(detection, objectRef, Rekey.objectOfDetection(detection, deviceHash), detection.getThreatType());
    }

    /** The detection's event time (epoch millis). */
    long eventTime() {
        return object.eventTime();
    }

    /** The detection's threat name. */
    String threatName() {
        return object.threatName();
    }

    /** The device's keyed hash. */
    long deviceHash() {
        return object.deviceHash();
    }
}
