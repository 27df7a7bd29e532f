package org.opensn.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Folds each {@link ObjectContribution} into its object's {@link ObjectStats} ({@link ObjectStatsAggregator})
 * in {@link Names#OBJECT_STATS_STORE}, a {@link WriteBackStore}, and forwards every object whose figures
 * changed once per commit, when the store writes them back: as a {@code KTable} aggregation with Kafka's
 * record cache would, without (de)serializing the statistics for every report. The forwarded timestamp is
 * the latest of the object's reports, as Kafka's aggregations keep it.
 */
final class ObjectStatsProcessor implements Processor<String, ObjectContribution, String, ObjectStats> {

    private final ObjectStatsAggregator aggregator;
    private WriteBackStore<String, ObjectStats> store;

    ObjectStatsProcessor(ObjectStatsAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Override
    public void init(ProcessorContext<String, ObjectStats> context) {
        this.store = context.getStateStore(Names.OBJECT_STATS_STORE);
        store.onFlush((ref, stats, timestamp) -> context.forward(new Record<>(ref, stats, timestamp)));
    }

    @Override
    public void process(Record<String, ObjectContribution> record) {
        String ref = record.key();
        if (ref == null || record.value() == null) {
            return; // as Kafka's aggregations, which skip these too
        }
        ObjectContribution contribution = record.value();
        store.update(ref, record.timestamp(), current -> aggregator.apply(ref, contribution, current == null ? ObjectStats.empty() : current));
    }
}
