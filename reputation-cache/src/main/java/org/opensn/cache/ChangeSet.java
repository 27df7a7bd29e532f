package org.opensn.cache;

/**
 * The answer to "what changed since this token": either the full table ({@link #full()}) or the
 * changes after the token, plus the token and checksum of the table that results. Iterating it
 * reads the live table without copying it (entries changed meanwhile are shown as they were at
 * {@link #nextToken()}), so a snapshot of any size streams in constant memory.
 *
 * <p>Close it when done (it pins superseded entries while open). Iterate it once.
 */
public interface ChangeSet extends Iterable<Change>, AutoCloseable {

    /** True if this is the whole table (the client replaces its copy), false for changes only. */
    boolean full();

    /** Why the answer is a full table (e.g. no token, or a token older than the history kept); empty for a delta. */
    String reason();

    /** The token to ask with next time: the table position this answer brings the client to. */
    UpdateToken nextToken();

    /** {@link TableChecksum} (hex) of the table the client holds after applying this answer. */
    String checksum();

    /** Releases the table view; never throws. */
    @Override
    void close();
}
