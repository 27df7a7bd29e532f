package org.opensn.streams.topology;

import org.apache.kafka.streams.kstream.Aggregator;

/** Adds one detection to a threat's hourly {@link ThreatWindow}: one more detection, the device hash into the sketch. */
final class ThreatWindowAggregator implements Aggregator<String, ThreatContribution, ThreatWindow> {

    @Override
    public ThreatWindow apply(String threatName, ThreatContribution c, ThreatWindow window) {
        return new ThreatWindow(c.threatType(), window.detections() + 1, Hll.add(window.deviceSketch(), c.deviceHash()));
    }
}
