package org.opensn.schemas.registry;

import org.apache.avro.Schema;

/**
 * A client of a schema registry that speaks Confluent's REST API. Thread-safe. Answers that
 * cannot change (the id of a schema under a subject, the schema of an id) are cached, so a serde
 * makes one HTTP call per new schema or id and none per record.
 *
 * <p>Get one from {@link SchemaRegistryClients#create(java.util.Map)}. Every method throws
 * {@link SchemaRegistryException} when the registry refuses or cannot be reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** The registry base URL(s) this client talks to, for messages. */
    String url();

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
     * returns its id; registering a schema already there returns the existing id. Cached.
     *
     * @throws SchemaRegistryException e.g. 409 when the schema is incompatible, 422 when it is invalid
     */
    int register(String subject, Schema schema);

    /**
     * The id of {@code schema} if it is already registered under {@code subject} ({@code POST /subjects/{subject}}),
     * without registering it. Cached.
     *
     * @throws SchemaRegistryException 404 when the subject or the schema is not registered
     */
    int lookUpId(String subject, Schema schema);

    /** The schema with this id ({@code GET /schemas/ids/{id}}). Cached. */
    Schema schemaById(int id);

    /** The latest version of a subject ({@code GET /subjects/{subject}/versions/latest}). Never cached. */
    RegisteredSchema latest(String subject);

    /**
     * Whether {@code schema} may be registered under {@code subject} given its compatibility level
     * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}). A subject without
     * versions accepts any valid schema.
     */
    CompatibilityCheck checkCompatibility(String subject, Schema schema);

    /** The global compatibility level ({@code GET /config}). */
    Compatibility globalCompatibility();

    /** Sets the global compatibility level ({@code PUT /config}). */
    void setGlobalCompatibility(Compatibility level);

    /**
     * The level that applies to {@code subject}: its own if set, otherwise the global one
     * ({@code GET /config/{subject}?defaultToGlobal=true}, falling back to {@code GET /config} on 404).
     */
    Compatibility compatibility(String subject);

    /** Sets the level of one subject ({@code PUT /config/{subject}}). */
    void setCompatibility(String subject, Compatibility level);

    /** Releases the HTTP client; a mock client leaves its scope's data in place. */
    @Override
    void close();
}
