package org.opensn.collector;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.opensn.collector.internals.StateFiles;
import org.opensn.schemas.avro.ParticipationMode;

/**
 * The participation mode of a state dir, read and switched without starting a collector (the command line uses
 * this, so that withdrawing consent never starts a sender that could resend the spool first). A collector running
 * in another process on the same state dir notices a change within about a second.
 */
public final class Participation {

    /** The mode in force and, if the mode file was unusable (the mode is then {@code OFF}), why. */
    public record State(ParticipationMode mode, Optional<String> problem) {
    }

    private Participation() {
    }

    /** Reads the mode: missing file means a fresh endpoint, {@code OFF}. */
    public static State read(Path stateDir) {
        return StateFiles.readMode(Objects.requireNonNull(stateDir, "stateDir"));
    }

    /**
     * Persists {@code mode} atomically; when it is not {@code EXTENDED}, deletes the spool at once.
     *
     * @return the number of spooled records deleted
     */
    public static long set(Path stateDir, ParticipationMode mode) {
        return StateFiles.writeMode(Objects.requireNonNull(stateDir, "stateDir"), Objects.requireNonNull(mode, "mode"), Clock.systemUTC());
    }

    /** The file holding the mode. */
    public static Path modeFile(Path stateDir) {
        return StateFiles.modeFile(stateDir);
    }

    /** The spool directory (absent when nothing is spooled). */
    public static Path spoolDirectory(Path stateDir) {
        return StateFiles.spoolDir(stateDir);
    }
}
