package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static SpoolRecord rec(int i) {
        return new SpoolRecord(SpoolRecord.DETECTION, ("record-" + i + "-" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8));
    }

    private static int number(SpoolRecord r) {
        String s = new String(r.payload(), StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring("record-".length(), s.indexOf('-', "record-".length())));
    }

    private static List<Integer> drainAll(Spool spool) {
        List<Integer> out = new ArrayList<>();
        Spool.Segment s;
        while ((s = spool.takeOldest()) != null) {
            s.records().forEach(r -> out.add(number(r)));
            spool.complete(s, List.of());
        }
        return out;
    }

    @Test
    void recordsComeBackInOrderAcrossSegmentsAndReopen() {
        Spool spool = new Spool(dir, 1 << 20, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(spool.append(rec(i), 0)).isTrue();
        }
        spool.close();
        Spool reopened = new Spool(dir, 1 << 20, 0);
        assertThat(reopened.records()).isEqualTo(1000);
        assertThat(drainAll(reopened)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(Files.exists(dir.resolve(Spool.DIR_NAME))).as("spool dir removed when empty").isFalse();
    }

    @Test
    void whenFullTheOldestAreDroppedAndCounted() {
        long max = 64 * 1024;
        Spool spool = new Spool(dir, max, 0);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            spool.append(rec(i), 0);
            assertThat(spool.bytes()).isLessThanOrEqualTo(max);
        }
        spool.flush();
        long kept = spool.records();
        assertThat(spool.dropped()).isEqualTo(n - kept).isPositive();
        List<Integer> left = drainAll(spool);
        assertThat(left).hasSize((int) kept);
        assertThat(left.get(left.size() - 1)).as("the newest are kept").isEqualTo(n - 1);
        assertThat(left).isSorted();
    }

    @Test
    void partiallyResentSegmentKeepsOnlyTheUnacknowledged() {
        Spool spool = new Spool(dir, 1 << 20, 0);
        for (int i = 0; i < 10; i++) {
            spool.append(rec(i), 0);
        }
        Spool.Segment s = spool.takeOldest();
        assertThat(s.records()).hasSize(10);
        spool.complete(s, List.of(s.records().get(3), s.records().get(7)));
        assertThat(spool.records()).isEqualTo(2);
        spool.append(rec(10), 0);
        assertThat(drainAll(spool)).containsExactly(3, 7, 10);
    }

    @Test
    void purgeDeletesEverythingAndRefusesLateAppendsOfTheOldGeneration() throws Exception {
        Spool spool = new Spool(dir, 1 << 20, 4);
        for (int i = 0; i < 100; i++) {
            spool.append(rec(i), 4);
        }
        spool.flush();
        Spool.Segment inFlight = spool.takeOldest();
        assertThat(spool.purge(5)).isEqualTo(100);
        assertThat(Files.exists(dir.resolve(Spool.DIR_NAME))).isFalse();
        assertThat(spool.append(rec(100), 4)).as("late append of withdrawn consent").isFalse();
        spool.complete(inFlight, inFlight.records()); // a resend that ends after the purge must not bring it back
        assertThat(spool.isEmpty()).isTrue();
        assertThat(Files.exists(dir.resolve(Spool.DIR_NAME))).isFalse();
        assertThat(spool.append(rec(101), 5)).isTrue();
        assertThat(drainAll(spool)).containsExactly(101);
    }

    @Test
    void aTornTailIsCutOffAndTheRestKept() throws Exception {
        Spool spool = new Spool(dir, 1 << 20, 0);
        for (int i = 0; i < 5; i++) {
            spool.append(rec(i), 0);
        }
        spool.close();
        Path seg;
        try (Stream<Path> files = Files.list(dir.resolve(Spool.DIR_NAME))) {
            seg = files.findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(f.length() - 7);
        }
        assertThat(drainAll(new Spool(dir, 1 << 20, 0))).containsExactly(0, 1, 2, 3);
    }
}
