package org.opensn.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.KeyValue;

/**
 * Result of the anonymize step for one raw record: either a contribution (the anonymized record
 * plus the keyed device hash) with the key derived from it, or a dead letter (the bytes exactly as
 * received, with the reason in the record headers).
 *
 * @param contribution the contribution, null for a dead letter
 * @param key          the key derived from the anonymized content (an object ref, or null), for contributions
 * @param inPlace      true when the raw record's key already was {@code key} and the record sits in the
 *                     partition the default partitioner gives {@code key} among the object partitions: its
 *                     object statistics can be computed where it is, without a repartition
 * @param rawKey       the key bytes as received (dead letters only)
 * @param rawValue     the value bytes as received (dead letters only)
 * @param <C>          the contribution type
 */
record Outcome<C>(C contribution, String key, boolean inPlace, byte[] rawKey, byte[] rawValue) {

    static <C> Outcome<C> ok(C contribution, String key, boolean inPlace) {
        return new Outcome<>(contribution, key, inPlace, null, null);
    }

    static <C> Outcome<C> deadLetter(byte[] rawKey, byte[] rawValue) {
        return new Outcome<>(null, null, false, rawKey, rawValue);
    }

    boolean isDeadLetter() {
        return contribution == null;
    }

    /** Predicate for {@code split()}. */
    static boolean rejected(Object key, Outcome<?> outcome) {
        return outcome.isDeadLetter();
    }

    /** Predicate for {@code split()}: a contribution whose record is already keyed and partitioned by its object. */
    static boolean placed(Object key, Outcome<?> outcome) {
        return !outcome.isDeadLetter() && outcome.inPlace();
    }

    /** The dead letter as received: raw key and raw value. */
    static KeyValue<byte[], byte[]> asReceived(Object key, Outcome<?> outcome) {
        return KeyValue.pair(outcome.rawKey(), outcome.rawValue());
    }

    /** A contribution under its derived key. */
    static <C> KeyValue<String, C> rekeyed(Object key, Outcome<C> outcome) {
        return KeyValue.pair(outcome.key(), outcome.contribution());
    }

    static <C> C contributionOf(Outcome<C> outcome) {
        return outcome.contribution();
    }

    /** Key bytes as received, from a key read with {@link RawKeySerde}. */
    static byte[] rawKeyBytes(String rawKey) {
        return rawKey == null ? null : rawKey.getBytes(StandardCharsets.ISO_8859_1);
    }
}
