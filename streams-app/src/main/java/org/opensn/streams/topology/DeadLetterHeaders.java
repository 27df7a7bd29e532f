package org.opensn.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names of records in the dead-letter topic. The original headers are kept; these are added.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected: {@code deserialization: ...} or {@code validation: ...}. */
    public static final String REASON = "opensn.dlq.reason";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "opensn.dlq.source.topic";
    /** Its partition (decimal text). */
    public static final String SOURCE_PARTITION = "opensn.dlq.source.partition";
    /** Its offset (decimal text). */
    public static final String SOURCE_OFFSET = "opensn.dlq.source.offset";

    private DeadLetterHeaders() {
    }

    static void add(Headers headers, String reason, String topic, int partition, long offset) {
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
    }
}
