package org.opensn.collector.sim;

import java.util.Objects;
import org.opensn.collector.EndpointCollector;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/** Where a {@link FleetSimulator} puts its events. Implementations must be fast: the simulator paces itself. */
public interface EventSink {

    void detection(DetectionEvent event);

    void threatSource(ThreatSourceEvent event);

    /** Reports every event through {@code collector} (so the participation mode applies). */
    static EventSink of(EndpointCollector collector) {
        Objects.requireNonNull(collector, "collector");
        return new EventSink() {
            @Override
            public void detection(DetectionEvent event) {
                collector.reportDetection(event);
            }

            @Override
            public void threatSource(ThreatSourceEvent event) {
                collector.reportThreatSource(event);
            }
        };
    }
}
