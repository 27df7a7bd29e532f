package org.opensn.streams.topology;

import org.apache.kafka.streams.kstream.Aggregator;

/** Adds one threat-source report (its keyed device hash) to a domain's hourly {@link SourceWindow}. */
final class SourceWindowAggregator implements Aggregator<String, Long, SourceWindow> {

    @Override
    public SourceWindow apply(String domain, Long deviceHash, SourceWindow window) {
        return new SourceWindow(window.hits() + 1, Hll.add(window.deviceSketch(), deviceHash));
    }
}
