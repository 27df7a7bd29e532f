package org.opensn.collector;

/**
 * Counters since the collector was built (not persisted).
 *
 * @param accepted        reports accepted in {@code EXTENDED}
 * @param refusedOff      reports refused because the mode was {@code OFF}
 * @param refusedBasic    reports refused because the mode was {@code BASIC}
 * @param rejected        reports rejected as invalid, or refused permanently by the registry
 * @param droppedQueueFull reports dropped because the in-memory queue was full or the collector closed
 * @param sent            records acknowledged by the broker (including ones resent from the spool)
 * @param spooled         records written to the spool
 * @param spoolDropped    spooled records dropped because the spool was full (oldest first)
 * @param discarded       records discarded because consent was withdrawn before acknowledgement
 * @param spoolBytes      current size of the spool on disk
 */
public record CollectorStats(long accepted, long refusedOff, long refusedBasic, long rejected, long droppedQueueFull,
                             long sent, long spooled, long spoolDropped, long discarded, long spoolBytes) {
}
