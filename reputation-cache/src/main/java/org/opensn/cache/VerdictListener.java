package org.opensn.cache;

/**
 * Told about every change a {@link VerdictSubscriber} applies to its table, on the subscriber's
 * own thread, in topic order per partition (the initial load included). Keep it quick: the table
 * does not move on while a listener runs. An exception thrown here is logged and ignored.
 */
@FunctionalInterface
public interface VerdictListener {

    /**
     * @param ref      the object ref
     * @param previous the verdict held before, or {@code null} if there was none
     * @param current  the verdict held now, or {@code null} if it was withdrawn (a tombstone)
     */
    void onChange(String ref, CachedVerdict previous, CachedVerdict current);
}
