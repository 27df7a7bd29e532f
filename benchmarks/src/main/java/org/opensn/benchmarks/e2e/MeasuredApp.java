package org.opensn.benchmarks.e2e;

import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.opensn.collector.EndpointCollector;
import org.opensn.schemas.avro.DetectionEvent;

/**
 * A Kafka Streams app fed through its own collector, as {@link ThroughputRun} measures it: the streams app
 * ({@link PipelineInstance}) or Kafka Streams alone copying the raw detections ({@link BareStreamsApp}).
 */
interface MeasuredApp {

    /** Its application id, for messages. */
    String name();

    /** The guarantee and any overrides, as the results show them. */
    String settings();

    boolean exactlyOnce();

    /** Its Kafka Streams instance (to pause and resume it). */
    KafkaStreams streams();

    EndpointCollector collector();

    /** Reports every event through the collector as fast as it takes them; how many reports had to be retried. */
    long publish(List<DetectionEvent> events);

    /** Raw detections its stream threads processed so far. */
    long detectionsProcessed();

    /** True when its committed offsets reached the end of its inputs. */
    boolean committedToEnd();

    /** Records on its dead-letter topic. */
    long deadLetters();

    /** Its stream threads' state, for messages. */
    String state();
}
