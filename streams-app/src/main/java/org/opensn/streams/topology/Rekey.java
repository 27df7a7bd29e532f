package org.opensn.streams.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.ThreatStatistic;

/**
 * The key and value mappings between the steps of the pipeline, as plain static methods with unit
 * tests (the topology refers to them by method reference). Every input here is already anonymized.
 */
final class Rekey {

    private Rekey() {
    }

    /** Keyed by domain, with only what the hourly domain window needs: the keyed device hash. */
    static KeyValue<String, Long> domainOf(String key, SourceContribution c) {
        return KeyValue.pair(c.source().getDomain(), c.deviceHash());
    }

    static boolean hasDomain(String key, SourceContribution c) {
        return c.source().getDomain() != null;
    }

    /** True for detections made only by probabilistic technologies. */
    static boolean probabilistic(DetectionTechnology technology) {
        return technology == DetectionTechnology.HEURISTIC || technology == DetectionTechnology.BEHAVIOR
                || technology == DetectionTechnology.MACHINE_LEARNING;
    }

    /** What a detection, made on a device with the keyed hash {@code deviceHash}, tells about its file. */
    static ObjectContribution objectOfDetection(AnonymizedDetection d, long deviceHash) {
        return new ObjectContribution(d.getEventTime().toEpochMilli(), d.getThreatName(), !probabilistic(d.getDetectionTechnology()),
                deviceHash);
    }

    /** A threat source reports its URL and its domain (each when present). */
    static List<KeyValue<String, ObjectContribution>> objectsOfSource(String key, SourceContribution c) {
        AnonymizedThreatSource s = c.source();
        ObjectContribution oc = new ObjectContribution(s.getEventTime().toEpochMilli(), s.getThreatName(), true, c.deviceHash());
        List<KeyValue<String, ObjectContribution>> out = new ArrayList<>(2);
        if (s.getUrl() != null) {
            out.add(KeyValue.pair(ObjectRef.url(s.getUrl()).toString(), oc));
        }
        if (s.getDomain() != null) {
            out.add(KeyValue.pair(ObjectRef.domain(s.getDomain()).toString(), oc));
        }
        return out;
    }

    /** Key of {@code opensn.threat-stats}: {@code <threatName>@<windowStart ISO-8601>}. */
    static String threatStatKey(String threat, long windowStart) {
        return threat + "@" + Instant.ofEpochMilli(windowStart);
    }

    static KeyValue<String, ThreatStatistic> threatStatistic(String threat, long windowStart, long windowEnd, ThreatWindow value, long updatedAt) {
        return KeyValue.pair(threatStatKey(threat, windowStart), ThreatStatistic.newBuilder()
                .setThreatName(threat)
                .setThreatType(value.threatType())
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setDetections(value.detections())
                .setDistinctDevices(value.distinctDevices())
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .build());
    }

    static VerdictInput analystInput(AnalystVerdict verdict) {
        return VerdictInput.analyst(verdict);
    }
}
