package org.opensn.streams.topology;

import org.apache.kafka.streams.kstream.Aggregator;

/** Adds one threat-source report to a domain's hourly {@link SourceWindow}. */
final class SourceWindowAggregator implements Aggregator<String, SourceContribution, SourceWindow> {

    @Override
    public SourceWindow apply(String domain, SourceContribution c, SourceWindow window) {
        return new SourceWindow(window.hits() + 1, Hll.add(window.deviceSketch(), c.deviceHash()));
    }
}
