package org.opensn.collector;

import java.util.ArrayList;
import java.util.List;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/** Test helper: reports n simulated events (about 30 % threat sources) and returns the results. */
final class Reports {

    private Reports() {
    }

    static List<ReportResult> send(EndpointCollector collector, FleetSimulator fleet, int n) {
        List<ReportResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i % 10 < 3) {
                ThreatSourceEvent e = fleet.nextThreatSource();
                results.add(collector.reportThreatSource(e));
            } else {
                DetectionEvent e = fleet.nextDetection();
                results.add(collector.reportDetection(e));
            }
        }
        return results;
    }
}
