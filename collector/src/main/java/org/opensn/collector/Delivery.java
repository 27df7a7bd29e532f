package org.opensn.collector;

/** The final fate of one report, completed asynchronously in {@link ReportResult#outcome()}. */
public enum Delivery {
    /** Acknowledged by the broker (acks=all) and written to the transparency log. */
    SENT,
    /** The broker could not be reached in time: kept in the on-disk spool, sent in order once it is back. */
    SPOOLED,
    /** Consent was withdrawn (mode left {@code EXTENDED}) before the broker acknowledged it: never sent. */
    DISCARDED,
    /** Not sent: refused by mode, invalid, rejected permanently by the registry or the queue was full. */
    NOT_SENT
}
