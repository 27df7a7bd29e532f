package org.opensn.streams.topology;

import org.opensn.anonymizer.Anonymizer;
import org.opensn.anonymizer.DeviceHasher;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.ThreatSourceEvent;

/** Anonymizes a {@link ThreatSourceEvent} and hashes its device id in the same step. */
final class ThreatSourceStep implements AnonymizeStep<ThreatSourceEvent, SourceContribution> {

    private final Anonymizer anonymizer;
    private final DeviceHasher hasher;

    ThreatSourceStep(Anonymizer anonymizer, DeviceHasher hasher) {
        this.anonymizer = anonymizer;
        this.hasher = hasher;
    }

    @Override
    public SourceContribution contribute(ThreatSourceEvent raw) {
        if (raw.getDeviceInstallId() == null || raw.getDeviceInstallId().isBlank()) {
            throw new IllegalArgumentException("deviceInstallId is missing");
        }
        if (raw.getEventTime() == null) {
            throw new IllegalArgumentException("eventTime is missing");
        }
        AnonymizedThreatSource anonymized = anonymizer.anonymize(raw);
        SourceContribution c = new SourceContribution(anonymized, hasher.hash(raw.getDeviceInstallId(), raw.getEventTime()));
        keyOf(c); // validates url and domain
        return c;
    }

    @Override
    public String keyOf(SourceContribution c) {
        AnonymizedThreatSource s = c.source();
        if (s.getUrl() != null) {
            return ObjectRef.url(s.getUrl()).toString();
        }
        if (s.getDomain() != null) {
            return ObjectRef.domain(s.getDomain()).toString();
        }
        return null;
    }

    @Override
    public Object anonymized(SourceContribution c) {
        return c.source();
    }

    @Override
    public long eventTimeOf(SourceContribution c) {
        return c.source().getEventTime().toEpochMilli();
    }
}
