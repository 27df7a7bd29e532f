package org.opensn.streams.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.opensn.schemas.avro.ThreatStatistic;

/** Turns an updated hourly threat window into a {@link ThreatStatistic} keyed {@code <threatName>@<windowStart>}. */
final class ThreatStatisticProcessor implements Processor<Windowed<String>, ThreatWindow, String, ThreatStatistic> {

    private ProcessorContext<String, ThreatStatistic> context;

    @Override
    public void init(ProcessorContext<String, ThreatStatistic> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Windowed<String>, ThreatWindow> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        KeyValue<String, ThreatStatistic> out = Rekey.threatStatistic(record.key(), record.value(), context.currentSystemTimeMs());
        context.forward(record.withKey(out.key).withValue(out.value));
    }
}
