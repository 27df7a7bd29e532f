package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HllTest {

    @Test
    void estimatesLargeCountsWithinFivePercent() {
        SplittableRandom random = new SplittableRandom(42);
        for (int n : new int[] {150, 193, 1_000, 10_000, 200_000}) {
            byte[] sketch = null;
            for (int i = 0; i < n; i++) {
                long h = random.nextLong();
                sketch = Hll.add(sketch, h);
                sketch = Hll.add(sketch, h);
            }
            assertThat((double) Hll.estimate(sketch)).as("n=%d", n).isCloseTo(n, within(n * 0.05));
            assertThat(sketch.length).isLessThanOrEqualTo(2 + Hll.REGISTERS);
        }
    }

    @Test
    void unionOfDenseAndListSketches() {
        byte[] a = null;
        byte[] b = null;
        for (long i = 0; i < 5_000; i++) {
            a = Hll.add(a, i * 0x9E3779B97F4A7C15L);
        }
        for (long i = 4_000; i < 4_100; i++) {
            b = Hll.add(b, i * 0x9E3779B97F4A7C15L);
        }
        for (long i = 9_000; i < 9_050; i++) {
            b = Hll.add(b, i * 0x9E3779B97F4A7C15L);
        }
        assertThat((double) Hll.estimate(Hll.union(List.of(a, b)))).isCloseTo(5_050, within(5_050 * 0.05));
        assertThat((double) Hll.estimate(Hll.union(List.of(b, a)))).isCloseTo(5_050, within(5_050 * 0.05));
    }

    @Property(tries = 200)
    void smallSetsAreCountedExactlyAndUnionIsTheSetUnion(@ForAll @Size(max = 120) Set<Long> left, @ForAll @Size(max = 60) Set<Long> right) {
        byte[] a = null;
        for (long h : left) {
            a = Hll.add(a, h);
        }
        byte[] b = null;
        for (long h : right) {
            b = Hll.add(b, h);
        }
        java.util.Set<Long> all = new java.util.HashSet<>(left);
        all.addAll(right);
        assertThat(Hll.estimate(a)).isEqualTo(left.size());
        assertThat(Hll.estimate(Hll.union(java.util.Arrays.asList(a, b)))).isEqualTo(all.size());
    }

    @Test
    void sketchesBeyondTheExactListStaySmallWhileTheyCanAndSketchLegacyDenseBytesAreRead() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] sketch = null;
        for (int i = 0; i < 300; i++) {
            sketch = Hll.add(sketch, random.nextLong());
        }
        assertThat(sketch[0]).as("300 devices: sparse").isEqualTo((byte) 3);
        assertThat(sketch.length).isLessThan(1_000);
        assertThat((double) Hll.estimate(sketch)).isCloseTo(300, within(300 * 0.05));
        for (int i = 300; i < 10_000; i++) {
            sketch = Hll.add(sketch, random.nextLong());
        }
        assertThat(sketch[0]).as("10,000 devices: four-bit registers").isEqualTo((byte) 4);
        assertThat(sketch.length).isEqualTo(2 + Hll.REGISTERS / 2);
        long estimate = Hll.estimate(sketch);
        assertThat((double) estimate).isCloseTo(10_000, within(10_000 * 0.05));

        byte[] legacy = new byte[2 + Hll.REGISTERS];
        legacy[0] = 2;
        legacy[1] = (byte) Hll.LG_K;
        for (int i = 0; i < Hll.REGISTERS / 2; i++) {
            legacy[2 + 2 * i] = (byte) ((sketch[2 + i] >>> 4) & 0xF);
            legacy[3 + 2 * i] = (byte) (sketch[2 + i] & 0xF);
        }
        assertThat(Hll.estimate(legacy)).as("one-byte registers as stored before").isEqualTo(estimate);
        assertThat(Hll.union(List.of(legacy))).isEqualTo(sketch);
        byte[] grown = legacy;
        for (int i = 0; i < 100 && grown == legacy; i++) {
            grown = Hll.add(legacy, random.nextLong());
        }
        assertThat(grown.length).as("re-encoded on change").isEqualTo(2 + Hll.REGISTERS / 2);
    }

    @Test
    void corruptSparseSketchesAreRejected() {
        byte[] sketch = null;
        for (long i = 1; i <= 300; i++) {
            sketch = Hll.add(sketch, i * 0x9E3779B97F4A7C15L);
        }
        assertThat(sketch[0]).as("sparse").isEqualTo((byte) 3);
        byte[] unsorted = sketch.clone();
        unsorted[4] = unsorted[6];
        unsorted[5] = unsorted[7];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hll.estimate(unsorted))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining("corrupt");
        ObjectStats stored = new ObjectStats(1, unsorted, 1, 1, java.util.List.of("T"), java.util.List.of());
        ObjectStats.Serde serde = new ObjectStats.Serde();
        byte[] bytes = serde.serialize("t", stored);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serde.deserialize("opensn-object-stats-changelog", bytes))
                .as("checked where stored bytes are read, so adding to a sketch need not check its entries again")
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("opensn-object-stats-changelog").hasMessageContaining("corrupt");
        byte[] truncated = java.util.Arrays.copyOf(sketch, sketch.length - 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hll.add(truncated, 1))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
    }

    @Test
    void addingToACompactSketchGivesTheSameBytesAsDecodingAndReEncodingIt() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] sketch = null;
        Set<Byte> modes = new java.util.HashSet<>();
        long[] seen = new long[6_000];
        for (int i = 0; i < 6_000; i++) {
            long h = i % 5 == 4 ? seen[i / 5] : random.nextLong(); // every fifth one a repeat
            seen[i] = h;
            byte[] next = Hll.add(sketch, h);
            if (sketch != null) {
                assertThat(next).as("step %d, mode %d", i, sketch[0]).isEqualTo(Hll.union(List.of(sketch, Hll.add(null, h))));
                if (Hll.estimate(next) == Hll.estimate(sketch) && java.util.Arrays.equals(next, sketch)) {
                    assertThat(next).as("unchanged registers: same array").isSameAs(sketch);
                }
            }
            sketch = next;
            modes.add(sketch[0]);
        }
        assertThat(modes).as("list, sparse and nibble sketches covered").contains((byte) 1, (byte) 3, (byte) 4);
    }
}
