package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.schemas.avro.ParticipationMode;

class ModeStoreTest {

    @TempDir
    Path dir;

    @Test
    void aFreshEndpointIsOffWithoutComplaint() {
        ModeStore.Read read = new ModeStore(dir, Clock.systemUTC()).read();
        assertThat(read.mode()).isEqualTo(ParticipationMode.OFF);
        assertThat(read.problem()).isNull();
    }

    @Test
    void writtenModeIsReadBackAndNoTempFileStays() throws Exception {
        ModeStore store = new ModeStore(dir, Clock.systemUTC());
        for (ParticipationMode m : ParticipationMode.values()) {
            store.write(m);
            assertThat(new ModeStore(dir, Clock.systemUTC()).read()).isEqualTo(new ModeStore.Read(m, null));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ModeStore.FILE_NAME);
        }
    }

    @Test
    void corruptFileMeansOffWithAMessageNamingFileAndFix() throws Exception {
        Files.writeString(dir.resolve(ModeStore.FILE_NAME), "mode=extnded\n");
        ModeStore.Read read = new ModeStore(dir, Clock.systemUTC()).read();
        assertThat(read.mode()).isEqualTo(ParticipationMode.OFF);
        assertThat(read.problem()).contains(dir.resolve(ModeStore.FILE_NAME).toString()).contains("corrupt")
                .contains("opensn-collector mode set");

        Files.write(dir.resolve(ModeStore.FILE_NAME), new byte[] {0, (byte) 0xff, 3});
        assertThat(new ModeStore(dir, Clock.systemUTC()).read().mode()).isEqualTo(ParticipationMode.OFF);
        Files.writeString(dir.resolve(ModeStore.FILE_NAME), "# only a comment\n");
        assertThat(new ModeStore(dir, Clock.systemUTC()).read().problem()).contains("no mode= line");
    }

    @Test
    void unreadableFileMeansOff() throws Exception {
        Files.createDirectory(dir.resolve(ModeStore.FILE_NAME)); // a directory where the file should be
        ModeStore.Read read = new ModeStore(dir, Clock.systemUTC()).read();
        assertThat(read.mode()).isEqualTo(ParticipationMode.OFF);
        assertThat(read.problem()).contains("cannot be read");
    }
}
