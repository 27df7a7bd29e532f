package org.opensn.collector.internals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Locale;
import org.opensn.schemas.avro.ParticipationMode;

/**
 * The participation mode file in the state dir ({@value #FILE_NAME}): {@code mode=<off|basic|extended>} plus a
 * comment line. Missing means a fresh endpoint: {@code OFF}. Unreadable or corrupt means {@code OFF} with a
 * problem that names the file and the fix.
 */
final class ModeStore {

    static final String FILE_NAME = "participation.mode";

    /** What was read: the mode in force and, if the file was unusable, why. */
    record Read(ParticipationMode mode, String problem) {
    }

    private final Path file;
    private final Clock clock;

    ModeStore(Path stateDir, Clock clock) {
        this.file = stateDir.resolve(FILE_NAME);
        this.clock = clock;
    }

    Path file() {
        return file;
    }

    Read read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Read(ParticipationMode.OFF, null);
        } catch (IOException | RuntimeException e) {
            return new Read(ParticipationMode.OFF, problem("cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
        ParticipationMode found = null;
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (!t.startsWith("mode=") || found != null) {
                return new Read(ParticipationMode.OFF, problem("is corrupt (unexpected line)"));
            }
            found = parse(t.substring("mode=".length()).strip());
            if (found == null) {
                return new Read(ParticipationMode.OFF, problem("is corrupt (unknown mode)"));
            }
        }
        if (found == null) {
            return new Read(ParticipationMode.OFF, problem("is corrupt (no mode= line)"));
        }
        return new Read(found, null);
    }

    void write(ParticipationMode mode) {
        AtomicFiles.write(file, "# OpenSN participation mode, changed " + clock.instant() + " (off, basic or extended)\n"
                + "mode=" + mode.name().toLowerCase(Locale.ROOT) + "\n");
    }

    /** Changes when the file changes (modification time and size), cheap to poll. */
    String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "absent";
        }
    }

    /** off, basic or extended (any case); null if none of them. */
    static ParticipationMode parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "off" -> ParticipationMode.OFF;
            case "basic" -> ParticipationMode.BASIC;
            case "extended" -> ParticipationMode.EXTENDED;
            default -> null;
        };
    }

    private String problem(String what) {
        return "participation mode file " + file + " " + what + ": participation is OFF until you choose again with"
                + " 'opensn-collector mode set off|basic|extended' (which rewrites the file)";
    }
}
