package org.opensn.streams.topology;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance per distinct string, for the strings every detection carries and the stream thread
 * compares and hashes: threat names (an object's list of names, the partial threat windows' keys). A name
 * decoded from a record is a new {@code String} each time, so comparing it with the one held compares every
 * character and hashing it scans it again; the shared instance compares by identity and keeps its hash. Done
 * where the record is anonymized, so usually on a worker thread of {@link AnonymizeAhead}.
 *
 * <p>Bounded: the names come from endpoints, so beyond {@code capacity} distinct ones a name is returned as it
 * is (equal, only not shared). Thread-safe.
 */
final class Interner {

    private final int capacity;
    private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

    Interner(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The shared instance equal to {@code s} ({@code s} itself when the interner is full, or for null). */
    String intern(String s) {
        if (s == null) {
            return null;
        }
        String held = shared.get(s); // computes and keeps the hash of s, and so of the instance shared from now on
        if (held != null) {
            return held;
        }
        if (shared.size() >= capacity) {
            return s;
        }
        held = shared.putIfAbsent(s, s);
        return held == null ? s : held;
    }

    int size() {
        return shared.size();
    }
}
