package org.opensn.collector;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.opensn.collector.internals.TransparencyLog;

/**
 * Reads the transparency log of a state dir: what this endpoint sent, so that its user can see it
 * ({@code opensn-collector sent --since 1h}). The log is bounded by {@code sent.log.max.bytes}: the
 * oldest entries go first.
 */
public final class SentLog {

    private SentLog() {
    }

    /** Entries acknowledged at or after {@code since}, oldest first. */
    public static List<SentEntry> since(Path stateDir, Instant since) {
        return TransparencyLog.readSince(stateDir, since);
    }
}
