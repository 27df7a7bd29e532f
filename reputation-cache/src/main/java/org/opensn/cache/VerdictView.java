package org.opensn.cache;

import java.time.Duration;

/**
 * Read access to a table of current verdicts: what the HTTP service needs. Thread-safe.
 * {@link VerdictSubscriber} is the implementation kept fresh from Kafka.
 */
public interface VerdictView {

    /** The verdict held for {@code ref}, or {@code null} if none (never known, or withdrawn). */
    CachedVerdict lookup(String ref);

    /** True once the table has caught up with the topic's end offsets as they were at start. */
    boolean isReady();

    /**
     * How out of date the table may be: the age of the latest moment at which the table was known
     * to hold everything the topic held (the subscriber asks the broker for the end offsets about
     * once a second and records the moment once it has read up to them). Grows while the broker
     * is unreachable; counted from start until the first time.
     */
    Duration staleness();

    /** Records not yet read across partitions, or -1 when not known (e.g. the broker is unreachable). */
    long lag();

    /** Number of verdicts held (withdrawn ones not counted). */
    int size();

    /** {@link TableChecksum} (hex) of the table as it is now. */
    String checksum();

    /**
     * What changed since {@code token} ({@code null}: the full table). The answer is a full table
     * if the token cannot be served as a delta (other topic, other partition count, or older than
     * the history this table keeps); its {@link ChangeSet#reason()} says why.
     *
     * @throws TokenAheadException if the token is ahead of this table (the client talked to an
     *                             instance that has read further: retry shortly)
     * @throws IllegalStateException if the table is not ready yet
     */
    ChangeSet changesSince(UpdateToken token);

    /** Raised when a client's token is ahead of the table it asks. */
    final class TokenAheadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TokenAheadException(String message) {
            super(message);
        }
    }
}
