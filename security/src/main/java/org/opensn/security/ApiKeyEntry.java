package org.opensn.security;

import java.util.regex.Pattern;

/**
 * One line of an API key file: {@code sha256:<64 hex> <ROLE> <name>}.
 *
 * @param hash lower-case hex SHA-256 of the key ({@link ApiKeys#hash})
 * @param role what the key may do
 * @param name who holds it (letters, digits, {@code . _ @ -}, at most 64), shown in logs and refusals
 */
public record ApiKeyEntry(String hash, Role role, String name) {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public ApiKeyEntry {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("API key hash must be 64 lower-case hex digits (SHA-256), was '" + hash + "'");
        }
        if (role == null) {
            throw new IllegalArgumentException("API key role is missing");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("API key name '" + name + "' must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
    }

    /** The entry as a key file line. */
    public String toLine() {
        return "sha256:" + hash + " " + role + " " + name;
    }

    /** Parses a key file line (without comment or blank handling). */
    static ApiKeyEntry parseLine(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].startsWith("sha256:")) {
            throw new IllegalArgumentException("expected 'sha256:<64 hex> <ROLE> <name>'");
        }
        return new ApiKeyEntry(parts[0].substring("sha256:".length()), Role.parse(parts[1]), parts[2]);
    }
}
