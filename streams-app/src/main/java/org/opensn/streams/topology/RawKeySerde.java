package org.opensn.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Key serde of the raw topics: bytes to a {@code String} of one char per byte (ISO-8859-1) and
 * back, so any key, valid UTF-8 or not, round-trips to exactly the bytes received (a dead letter
 * keeps its key as received). A well-formed key (an object ref, ASCII) reads the same as with the
 * UTF-8 {@code String} serde and serializes to the same bytes, so a raw record already keyed by its
 * object can be aggregated without re-keying.
 */
final class RawKeySerde implements Serde<String> {

    @Override
    public Serializer<String> serializer() {
        return (topic, key) -> key == null ? null : key.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public Deserializer<String> deserializer() {
        return (topic, bytes) -> bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
