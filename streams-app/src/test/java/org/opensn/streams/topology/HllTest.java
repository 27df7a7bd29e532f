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
}
