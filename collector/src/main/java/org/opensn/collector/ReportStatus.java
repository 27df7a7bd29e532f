package org.opensn.collector;

/** What a report call did at once. The final fate of an accepted report is a {@link Delivery}. */
public enum ReportStatus {
    /** Accepted in {@code EXTENDED}: queued for the broker (or the spool when the broker is away). */
    ACCEPTED,
    /** Not recorded: the participation mode is {@code OFF} or {@code BASIC}. Nothing is kept. */
    REFUSED_MODE,
    /** Not recorded: the event is missing a field or holds an invalid value; the reason says which. */
    REJECTED_INVALID,
    /** Not recorded: the in-memory queue is full (the sender is far behind) or the collector is closed. */
    DROPPED
}
