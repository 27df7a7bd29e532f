package org.opensn.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The API key file: one key per line, {@code sha256:<64 hex> <ROLE> <name>}; blank lines and lines
 * starting with {@code #} are ignored. It holds hashes only, so reading it gives no key away; it is
 * still created readable by its owner only.
 *
 * <pre>
 * # opensn API keys
 * sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ENDPOINT fleet-eu
 * sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 ANALYST alice
 * </pre>
 */
public final class ApiKeyFile {

    private ApiKeyFile() {
    }

    /**
     * Reads and checks every line.
     *
     * @throws IllegalArgumentException naming the file and line when a line is malformed, or a hash or name repeats
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<ApiKeyEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("API key file " + file + " cannot be read (" + e + "): create it with"
                    + " 'opensn-admin apikey create --role ROLE --name NAME --file " + file + "' or fix api.keys.file", e);
        }
        List<ApiKeyEntry> entries = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            ApiKeyEntry e;
            try {
                e = ApiKeyEntry.parseLine(line);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("API key file " + file + " line " + (i + 1) + ": " + ex.getMessage(), ex);
            }
            if (!hashes.add(e.hash())) {
                throw new IllegalArgumentException("API key file " + file + " line " + (i + 1) + ": the same key hash appears twice; remove one line");
            }
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("API key file " + file + " line " + (i + 1) + ": name " + e.name() + " appears twice; names must be unique");
            }
            entries.add(e);
        }
        return List.copyOf(entries);
    }

    /**
     * Appends {@code entry}, creating the file (owner read/write only where POSIX permissions exist).
     *
     * @throws IllegalArgumentException when the file already has that name or hash
     */
    public static void append(Path file, ApiKeyEntry entry) {
        try {
            if (Files.exists(file)) {
                for (ApiKeyEntry e : read(file)) {
                    if (e.name().equals(entry.name())) {
                        throw new IllegalArgumentException("API key file " + file + " already has a key named " + entry.name()
                                + ": choose another name or revoke it first ('opensn-admin apikey revoke --name " + entry.name() + "')");
                    }
                    if (e.hash().equals(entry.hash())) {
                        throw new IllegalArgumentException("API key file " + file + " already has this key (as " + e.name() + ")");
                    }
                }
            } else {
                create(file);
            }
            Files.writeString(file, entry.toLine() + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("API key file " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Removes the line of the key named {@code name}, keeping every other line as it was.
     *
     * @return true when a line was removed
     */
    public static boolean remove(Path file, String name) {
        read(file);
        try {
            List<String> kept = new ArrayList<>();
            boolean removed = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#") && ApiKeyEntry.parseLine(s).name().equals(name)) {
                    removed = true;
                } else {
                    kept.add(line);
                }
            }
            if (removed) {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                create(tmp);
                Files.write(tmp, kept, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("API key file " + file + " cannot be rewritten: " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // a concurrent writer made it; append to it
        }
    }
}
