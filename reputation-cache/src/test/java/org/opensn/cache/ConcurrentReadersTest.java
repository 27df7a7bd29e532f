package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.Verdict;

/**
 * Readers that sync while the writer keeps changing the table (the normal case for a cache under
 * load) still get exactly the table at their token: applying each answer to a local copy gives
 * the checksum the answer announces, and the last sync after the writer stops equals the table.
 */
class ConcurrentReadersTest {

    private static final int PARTITIONS = 3;

    @Test
    void everyAnswerIsConsistentWhileTheWriterRuns() throws Exception {
        VerdictTable table = new VerdictTable("c.verdicts", PARTITIONS, new long[PARTITIONS]);
        Map<String, CachedVerdict> finalModel = new HashMap<>();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                Random random = new Random(11);
                long[] next = new long[PARTITIONS];
                Map<String, Long> versions = new HashMap<>();
                for (int step = 1; step <= 60_000; step++) {
                    String ref = Verdicts.fileRef(random.nextInt(300));
                    int p = Math.floorMod(ref.hashCode(), PARTITIONS);
                    if (random.nextInt(4) == 0) {
                        table.apply(p, next[p]++, ref, null, step);
                        finalModel.remove(ref);
                    } else {
                        long v = versions.merge(ref, 1L, Long::sum);
                        CachedVerdict value = Verdicts.cached(ref, Verdict.values()[random.nextInt(3)], v);
                        table.apply(p, next[p]++, ref, value, step);
                        finalModel.put(ref, value);
                    }
                    if (step % 5_000 == 0) {
                        table.purgeTombstones(step - 2_000);
                    }
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "writer");

        Map<String, CachedVerdict> copy = new HashMap<>();
        UpdateToken token = null;
        int answers = 0;
        int deltas = 0;
        writer.start();
        while (writer.isAlive() || answers == 0) {
            token = syncOnce(table, copy, token);
            answers++;
            if (token != null) {
                deltas++;
            }
        }
        writer.join();
        assertThat(writerFailure.get()).isNull();
        syncOnce(table, copy, token);
        assertThat(copy).isEqualTo(finalModel);
        assertThat(answers).isGreaterThan(1);
        assertThat(deltas).isGreaterThan(0);
    }

    private static UpdateToken syncOnce(VerdictTable table, Map<String, CachedVerdict> copy, UpdateToken token) {
        try (ChangeSet answer = table.changesSince(token)) {
            if (answer.full()) {
                copy.clear();
            }
            for (Change c : answer) {
                if (c.withdrawn()) {
                    copy.remove(c.ref());
                } else {
                    copy.put(c.ref(), c.value());
                }
            }
            TableChecksum mine = new TableChecksum();
            copy.values().forEach(mine::toggle);
            assertThat(mine.hex()).as("checksum after %s", answer).isEqualTo(answer.checksum());
            return answer.nextToken();
        }
    }
}
