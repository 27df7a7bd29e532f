package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever the appends, sizes and partial resends: FIFO order, the bound, and every record accounted for exactly once. */
class SpoolProperties {

    /** An operation: append {@code count} records of {@code size} bytes, or (count 0) resend the oldest segment acking every {@code size}-th. */
    record Op(int count, int size) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> append = Arbitraries.integers().between(1, 200).flatMap(n -> Arbitraries.integers().between(1, 3000).map(s -> new Op(n, s)));
        Arbitrary<Op> resend = Arbitraries.integers().between(1, 4).map(k -> new Op(0, k));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, append), net.jqwik.api.Tuple.of(1, resend)).list().ofMaxSize(30);
    }

    @Property(tries = 40)
    void fifoBoundedAndAccounted(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 8, max = 200) int maxKb) throws IOException {
        Path dir = Files.createTempDirectory("spool-prop");
        try {
            long max = maxKb * 1024L;
            Spool spool = new Spool(dir, max, 0);
            int next = 0;
            List<Integer> acked = new ArrayList<>();
            for (Op op : ops) {
                if (op.count() > 0) {
                    for (int i = 0; i < op.count(); i++) {
                        spool.append(record(next++, op.size()), 0);
                        assertThat(spool.bytes()).isLessThanOrEqualTo(max);
                    }
                } else {
                    Spool.Segment s = spool.takeOldest();
                    if (s != null) {
                        List<SpoolRecord> remaining = new ArrayList<>();
                        for (int i = 0; i < s.records().size(); i++) {
                            if (i % op.size() == 0) {
                                acked.add(id(s.records().get(i)));
                            } else {
                                remaining.add(s.records().get(i));
                            }
                        }
                        spool.complete(s, remaining);
                    }
                }
            }
            spool.close();
            Spool reopened = new Spool(dir, max, 0);
            long dropped = spool.dropped();
            List<Integer> left = new ArrayList<>();
            Spool.Segment s;
            while ((s = reopened.takeOldest()) != null) {
                s.records().forEach(r -> left.add(id(r)));
                reopened.complete(s, List.of());
            }
            assertThat(left).isSorted();
            Set<Integer> all = new HashSet<>(acked);
            all.addAll(left);
            assertThat(all).hasSize(acked.size() + left.size()); // nothing both acknowledged and still spooled
            assertThat(acked.size() + left.size() + dropped).isEqualTo(next);
            if (next > 0 && !acked.contains(next - 1)) { // the newest is never dropped, so unless acknowledged it is left
                assertThat(left.get(left.size() - 1)).isEqualTo(next - 1);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static SpoolRecord record(int id, int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(4, size));
        b.putInt(id);
        return new SpoolRecord(SpoolRecord.DETECTION, b.array());
    }

    private static int id(SpoolRecord r) {
        return ByteBuffer.wrap(r.payload()).getInt();
    }
}
