package org.opensn.cache;

import java.time.Duration;

/** A {@link VerdictView} over a table fed directly by a test (never stale); a test may swap the table. */
final class TableView implements VerdictView {

    volatile VerdictTable table;
    volatile boolean ready = true;

    TableView(VerdictTable table) {
        this.table = table;
    }

    @Override
    public CachedVerdict lookup(String ref) {
        return table.lookup(ref);
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public Duration staleness() {
        return Duration.ZERO;
    }

    @Override
    public long lag() {
        return 0;
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public String checksum() {
        return table.checksum();
    }

    @Override
    public ChangeSet changesSince(UpdateToken token) {
        return table.changesSince(token);
    }
}
