package org.opensn.security;

/** What applying ACLs changed: bindings created, deleted (held but not wanted) and already in place. */
public record AclChange(int created, int deleted, int unchanged) {

    AclChange plus(AclChange o) {
        return new AclChange(created + o.created, deleted + o.deleted, unchanged + o.unchanged);
    }

    @Override
    public String toString() {
        return created + " created, " + deleted + " removed, " + unchanged + " already in place";
    }
}
