package org.opensn.streams.topology;

import org.opensn.anonymizer.Anonymizer;
import org.opensn.anonymizer.DeviceHasher;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.DetectionEvent;

/** Anonymizes a {@link DetectionEvent} and hashes its device id in the same step. */
final class DetectionStep implements AnonymizeStep<DetectionEvent, DetectionContribution> {

    /** Distinct threat names shared (see {@link Interner}); a threat catalogue has tens of thousands. */
    static final int SHARED_THREAT_NAMES = 100_000;

    private final Anonymizer anonymizer;
    private final DeviceHasher hasher;
    private final Interner threatNames = new Interner(SHARED_THREAT_NAMES);

    DetectionStep(Anonymizer anonymizer, DeviceHasher hasher) {
        this.anonymizer = anonymizer;
        this.hasher = hasher;
    }

    @Override
    public DetectionContribution contribute(DetectionEvent raw) {
        if (raw.getDeviceInstallId() == null || raw.getDeviceInstallId().isBlank()) {
            throw new IllegalArgumentException("deviceInstallId is missing");
        }
        if (raw.getEventTime() == null) {
            throw new IllegalArgumentException("eventTime is missing");
        }
        AnonymizedDetection anonymized = anonymizer.anonymize(raw);
        anonymized.setThreatName(threatNames.intern(anonymized.getThreatName()));
        String ref = ObjectRef.file(anonymized.getObjectSha256()).toString(); // validates the hash
        return DetectionContribution.of(anonymized, hasher.hash(raw.getDeviceInstallId(), raw.getEventTime()), ref);
    }

    @Override
    public String keyOf(DetectionContribution c) {
        return c.objectRef();
    }

    @Override
    public Object anonymized(DetectionContribution c) {
        return c.detection();
    }

    @Override
    public long eventTimeOf(DetectionContribution c) {
        return c.eventTime();
    }
}
