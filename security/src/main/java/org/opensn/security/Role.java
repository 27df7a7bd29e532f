package org.opensn.security;

import java.util.EnumSet;
import java.util.Set;

/** The role an HTTP API key has. Least privilege: each role holds only what its caller needs. */
public enum Role {
    /** An endpoint: reputation look-ups only. */
    ENDPOINT(EnumSet.of(Permission.REPUTATION_READ)),
    /** An analyst: statistics, verdict overrides and reputation look-ups. */
    ANALYST(EnumSet.of(Permission.STATISTICS_READ, Permission.VERDICT_OVERRIDE, Permission.REPUTATION_READ)),
    /** Operations (monitoring): metrics only. */
    OPS(EnumSet.of(Permission.METRICS));

    private final Set<Permission> permissions;

    Role(EnumSet<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    /** True when this role may do {@code permission}. */
    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** The permissions of this role. */
    public Set<Permission> permissions() {
        return permissions;
    }

    /** The role named {@code name}, any case; the message lists the roles otherwise. */
    public static Role parse(String name) {
        if (name != null) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(name.trim())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "': use one of " + java.util.Arrays.toString(values()));
    }

    /** The first role that allows {@code permission}, to name in a refusal. */
    static Role firstAllowing(Permission permission) {
        for (Role r : values()) {
            if (r.allows(permission)) {
                return r;
            }
        }
        throw new IllegalStateException("no role allows " + permission);
    }
}
