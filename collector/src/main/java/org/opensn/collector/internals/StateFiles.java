package org.opensn.collector.internals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.opensn.collector.Participation;
import org.opensn.schemas.avro.ParticipationMode;

/** Offline access to a state dir (no producer, no sender): used by {@link org.opensn.collector.Participation}. */
public final class StateFiles {

    private StateFiles() {
    }

    /** The persisted mode ({@code OFF} if missing or corrupt) and, if corrupt, the problem (else null). */
    public static Participation.State readMode(Path stateDir) {
        ModeStore.Read r = new ModeStore(stateDir, Clock.systemUTC()).read();
        return new Participation.State(r.mode(), Optional.ofNullable(r.problem()));
    }

    /** Writes the mode atomically; when it is not {@code EXTENDED}, deletes the spool. Returns the records deleted. */
    public static long writeMode(Path stateDir, ParticipationMode mode, Clock clock) {
        new ModeStore(stateDir, clock).write(mode);
        if (mode == ParticipationMode.EXTENDED) {
            return 0;
        }
        Spool spool = new Spool(stateDir, Long.MAX_VALUE, 0);
        try {
            return spool.purge(1);
        } finally {
            spool.close();
        }
    }

    /** The participation mode file's path. */
    public static Path modeFile(Path stateDir) {
        return stateDir.resolve(ModeStore.FILE_NAME);
    }

    /** The spool directory's path. */
    public static Path spoolDir(Path stateDir) {
        return stateDir.resolve(Spool.DIR_NAME);
    }
}
