package org.opensn.cache;

import java.util.Objects;

/**
 * One entry of a {@link ChangeSet}: the verdict now held for {@code ref}, or its withdrawal.
 *
 * @param ref   the object ref
 * @param value the verdict, or {@code null} if the verdict was withdrawn
 */
public record Change(String ref, CachedVerdict value) {

    public Change {
        Objects.requireNonNull(ref, "ref");
    }

    /** True if the verdict was withdrawn: a client deletes its copy. */
    public boolean withdrawn() {
        return value == null;
    }
}
