package org.opensn.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject.
 *
 * @param subject the subject, e.g. {@code opensn.verdicts-value}
 * @param id      the registry-wide schema id written into the wire format
 * @param version the version number within the subject
 * @param schema  the parsed Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
