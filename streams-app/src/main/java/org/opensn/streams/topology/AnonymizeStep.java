package org.opensn.streams.topology;

/**
 * Turns one deserialized raw event into its output key and contribution. Implementations call the
 * anonymizer and the device hasher and nothing else; they throw {@link IllegalArgumentException}
 * when the event is invalid (the record then becomes a dead letter).
 *
 * @param <R> the raw Avro type
 * @param <C> the contribution type
 */
interface AnonymizeStep<R, C> {

    /** The contribution for {@code raw}. */
    C contribute(R raw);

    /** The key for the anonymized topic (an object ref), or null when the record names no object. */
    String keyOf(C contribution);

    /** The record the contribution writes to the anonymized topic (of the type that topic's serde takes). */
    Object anonymized(C contribution);

    /** The event time of the contribution (epoch millis). */
    long eventTimeOf(C contribution);
}
