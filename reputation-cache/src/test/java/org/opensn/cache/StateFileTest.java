package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opensn.cache.Verdicts.cached;
import static org.opensn.cache.Verdicts.fileRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.schemas.avro.Verdict;

class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void restoresTableOffsetsHorizonAndKeptWithdrawals() throws IOException {
        VerdictTable table = new VerdictTable("t", 2, new long[] {0, 1});
        for (int i = 0; i < 50; i++) {
            String ref = fileRef(i % 20);
            table.apply(i % 2, i, ref, i % 9 == 8 ? null : cached(ref, Verdict.values()[i % 4], i), 1000 + i);
        }
        StateFile file = new StateFile(dir);
        try (VerdictTable.Reader r = table.openReader()) {
            file.write(table, r, Instant.parse("2026-01-01T00:00:00Z"));
        }
        StateFile.Header[] seen = new StateFile.Header[1];
        VerdictTable restored = file.read(h -> {
            seen[0] = h;
            return new VerdictTable(h.topic(), h.positions().length, h.horizon());
        });
        assertThat(seen[0].writtenAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(restored.positions()).containsExactly(table.positions());
        assertThat(restored.horizon()).containsExactly(table.horizon());
        assertThat(restored.checksum()).isEqualTo(table.checksum());
        assertThat(restored.size()).isEqualTo(table.size());
        for (int i = 0; i < 20; i++) {
            assertThat(restored.lookup(fileRef(i))).isEqualTo(table.lookup(fileRef(i)));
        }
        // a kept withdrawal still shows in deltas after the restore
        UpdateToken token = UpdateToken.of("t", new long[] {1, 1});
        try (ChangeSet a = table.changesSince(token); ChangeSet b = restored.changesSince(token)) {
            assertThat(b).containsExactlyInAnyOrderElementsOf(a);
        }
    }

    @Test
    void refusesACorruptFile() throws IOException {
        VerdictTable table = new VerdictTable("t", 1, new long[1]);
        table.apply(0, 0, fileRef(1), cached(fileRef(1), Verdict.CLEAN, 1), 0);
        StateFile file = new StateFile(dir);
        try (VerdictTable.Reader r = table.openReader()) {
            file.write(table, r, Instant.now());
        }
        byte[] bytes = Files.readAllBytes(file.path());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file.path(), bytes);
        assertThatThrownBy(() -> file.read(h -> new VerdictTable(h.topic(), 1, h.horizon()))).isInstanceOf(IOException.class);
    }

    @Test
    void noFileMeansNothingToResume() throws IOException {
        assertThat(new StateFile(dir).read(h -> new VerdictTable(h.topic(), 1, h.horizon()))).isNull();
    }
}
