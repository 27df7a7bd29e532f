package org.opensn.streams.topology;

import org.apache.kafka.streams.KeyValue;

/**
 * Result of the anonymize step for one raw record: either a contribution (the anonymized record
 * plus the keyed device hash) or a dead letter (the bytes exactly as received, with the reason in
 * the record headers).
 *
 * @param contribution the contribution, null for a dead letter
 * @param rawKey       the key bytes as received (dead letters only)
 * @param rawValue     the value bytes as received (dead letters only)
 * @param <C>          the contribution type
 */
record Outcome<C>(C contribution, byte[] rawKey, byte[] rawValue) {

    static <C> Outcome<C> ok(C contribution) {
        return new Outcome<>(contribution, null, null);
    }

    static <C> Outcome<C> deadLetter(byte[] rawKey, byte[] rawValue) {
        return new Outcome<>(null, rawKey, rawValue);
    }

    boolean isDeadLetter() {
        return contribution == null;
    }

    /** Predicate for {@code split()}. */
    static boolean rejected(Object key, Outcome<?> outcome) {
        return outcome.isDeadLetter();
    }

    /** The dead letter as received: raw key and raw value. */
    static KeyValue<byte[], byte[]> asReceived(Object key, Outcome<?> outcome) {
        return KeyValue.pair(outcome.rawKey(), outcome.rawValue());
    }

    static <C> C contributionOf(Outcome<C> outcome) {
        return outcome.contribution();
    }
}
