package org.opensn.benchmarks.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.opensn.collector.EventKeys;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.serde.AvroSerdes;

/**
 * Detection events made up front by the fleet simulator (so the measured runs do not time the
 * simulator), and their mean size on the wire: key ({@code file:<sha256>}) plus value (Confluent
 * wire format: magic byte, schema id, Avro binary), as the collector sends them. They are kept in
 * {@link EventColumns}, so the list hands out a new, equal detection on each {@code get}.
 */
final class EventCatalog {

    static final int FLEET_DEVICES = 1_000;
    static final long SEED = 42;

    private final List<DetectionEvent> events;
    private final double meanKeyBytes;
    private final double meanValueBytes;

    private EventCatalog(EventColumns events, double meanKeyBytes, double meanValueBytes) {
        this.events = Collections.unmodifiableList(events);
        this.meanKeyBytes = meanKeyBytes;
        this.meanValueBytes = meanValueBytes;
    }

    /** {@code count} detections from a fleet of {@value #FLEET_DEVICES} devices; sizes measured with the registry at {@code registryUrl}. */
    static EventCatalog generate(int count, String registryUrl, String sizingTopic) {
        EventColumns events = detections(count);
        int sample = Math.min(count, 10_000);
        long keyBytes = 0;
        long valueBytes = 0;
        try (Serde<DetectionEvent> serde = AvroSerdes.specific(DetectionEvent.class, Map.of("schema.registry.url", registryUrl), false)) {
            for (int i = 0; i < sample; i++) {
                DetectionEvent e = events.get(i);
                keyBytes += EventKeys.of(e).toString().getBytes(StandardCharsets.UTF_8).length;
                valueBytes += serde.serializer().serialize(sizingTopic, e).length;
            }
        }
        return new EventCatalog(events, keyBytes / (double) sample, valueBytes / (double) sample);
    }

    /**
     * The first {@code count} detections of the fleet of {@value #FLEET_DEVICES} devices (seed {@value #SEED}), in columns;
     * {@link EventColumns#add} checks that each comes back as it was made.
     */
    static EventColumns detections(int count) {
        FleetSimulator fleet = FleetSimulator.builder().devices(FLEET_DEVICES).seed(SEED).build();
        EventColumns events = new EventColumns(count);
        for (int i = 0; i < count; i++) {
            events.add(fleet.nextDetection());
        }
        return events;
    }

    /** All the events, in the order made; each {@code get} makes a new one. */
    List<DetectionEvent> events() {
        return events;
    }

    /** Events {@code [from, to)}. */
    List<DetectionEvent> slice(int from, int to) {
        return events.subList(from, to);
    }

    int size() {
        return events.size();
    }

    double meanKeyBytes() {
        return meanKeyBytes;
    }

    double meanValueBytes() {
        return meanValueBytes;
    }

    /** Mean key + value bytes, rounded: the record size given to ProducerPerformance. */
    int meanRecordBytes() {
        return (int) Math.round(meanKeyBytes + meanValueBytes);
    }
}
