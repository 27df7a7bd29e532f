package org.opensn.benchmarks.e2e;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.streams.KafkaStreams;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.ReportResult;
import org.opensn.collector.ReportStatus;
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

    /**
     * Reports every event through its collector as fast as it takes them: when the collector's bounded queue is
     * full the report is retried after a millisecond, so nothing is dropped.
     *
     * @return how many reports had to be retried
     */
    default long publish(List<DetectionEvent> events) {
        long retries = 0;
        for (DetectionEvent e : events) {
            while (true) {
                ReportResult r = collector().reportDetection(e);
                if (r.status() == ReportStatus.ACCEPTED) {
                    break;
                }
                if (r.status() != ReportStatus.DROPPED) {
                    throw new IllegalStateException("the collector refused a simulated detection (" + r.status() + "): " + r.reason());
                }
                retries++;
                LockSupport.parkNanos(1_000_000);
            }
        }
        return retries;
    }

    /** Raw detections its stream threads processed so far. */
    long detectionsProcessed();

    /** True when its committed offsets reached the end of its inputs. */
    boolean committedToEnd();

    /** Records on its dead-letter topic. */
    long deadLetters();

    /** Its stream threads' state, for messages. */
    String state();
}
