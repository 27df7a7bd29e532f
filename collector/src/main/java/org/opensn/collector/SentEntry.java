package org.opensn.collector;

import java.time.Instant;
import java.util.Map;

/**
 * One record the broker acknowledged, as kept in the local transparency log.
 *
 * @param time    when the broker acknowledged it
 * @param topic   the topic it went to
 * @param key     its Kafka key (an object ref)
 * @param eventId its event id
 * @param fields  every field sent, by Avro field name, with its value as text (null stays null)
 */
public record SentEntry(Instant time, String topic, String key, String eventId, Map<String, String> fields) {
}
