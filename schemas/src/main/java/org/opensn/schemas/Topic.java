package org.opensn.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One contract topic: its name and the Avro type of its values. Keys are always UTF-8 strings.
 * Serdes for the value come from {@code org.opensn.schemas.serde.AvroSerdes}.
 *
 * @param name      the topic name (configurable, see {@link Topics})
 * @param valueType the generated Avro class of the values
 * @param <V>       the value type
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType) {

    public Topic {
        Objects.requireNonNull(valueType, "valueType");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name for " + valueType.getSimpleName() + " is empty: set it or leave the default");
        }
        if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("topic name '" + name + "' is not a legal Kafka topic name (letters, digits, '.', '_', '-', at most 249)");
        }
    }

    /** Subject of the value schema under the topic-name strategy: {@code <topic>-value}. */
    public String valueSubject() {
        return name + "-value";
    }
}
