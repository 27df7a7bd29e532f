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
        byte[] inPlace = null;
        for (int i = 0; i < 6_000; i++) {
            long h = i % 5 == 4 ? seen[i / 5] : random.nextLong(); // every fifth one a repeat
            seen[i] = h;
            byte[] next = Hll.add(sketch, h);
            inPlace = Hll.addInPlace(inPlace, h);
            assertThat(used(inPlace)).as("step %d in place", i).isEqualTo(next);
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

    /**
     * Adding in place, as the write-back stores' live values do, gives at every step the sketch that copy-on-write gives
     * (its used bytes), the same estimates and unions, and the same stored bytes, in every mode; the list and sparse
     * sketches grow in a few steps rather than once per device.
     */
    @Property(tries = 40)
    void addingInPlaceGivesWhatCopyOnWriteGives(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] copied = null;
        byte[] inPlace = null;
        java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Map<Byte, Integer> arraysByMode = new java.util.HashMap<>();
        long[] seen = new long[3_000];
        for (int i = 0; i < 3_000; i++) {
            long h = i % 4 == 3 ? seen[random.nextInt(i)] : random.nextLong(); // every fourth one a device seen before
            seen[i] = h;
            byte[] previous = copied;
            byte[] previousBytes = copied == null ? null : copied.clone();
            copied = Hll.add(copied, h);
            inPlace = Hll.addInPlace(inPlace, h);
            assertThat(previous).as("copy-on-write leaves its input alone").isEqualTo(previousBytes);
            if (arrays.add(inPlace)) {
                arraysByMode.merge(inPlace[0], 1, Integer::sum);
            }
            assertThat(used(inPlace)).as("step %d, mode %d", i, copied[0]).isEqualTo(copied);
            assertThat(Hll.usedBytes(copied)).isEqualTo(copied.length);
            if (i % 97 == 0) {
                assertThat(Hll.estimate(inPlace)).isEqualTo(Hll.estimate(copied));
                assertThat(Hll.exactCount(inPlace)).isEqualTo(Hll.exactCount(copied));
                byte[] other = Hll.add(Hll.add(null, random.nextLong()), h);
                assertThat(Hll.union(List.of(inPlace, other))).isEqualTo(Hll.union(List.of(copied, other)));
                assertThat(Hll.unionEstimate(List.of(other, inPlace))).isEqualTo(Hll.unionEstimate(List.of(other, copied)));
                ThreatWindow.Serde serde = new ThreatWindow.Serde();
                byte[] stored = serde.serialize("t", new ThreatWindow(null, i, inPlace));
                assertThat(stored).as("only the used bytes are stored").isEqualTo(serde.serialize("t", new ThreatWindow(null, i, copied)));
                assertThat(serde.deserialize("t", stored).deviceSketch()).isEqualTo(copied);
            }
        }
        // ~2,250 devices: list, then sparse and nibbles, unless a rank above 15 comes up early (one-byte registers; a few
        // per cent of the seeds); addingToACompactSketchGivesTheSameBytesAsDecodingAndReEncodingIt covers the three modes
        assertThat(arraysByMode.get((byte) 1)).as("arrays for a list of 192 devices").isLessThanOrEqualTo(12);
        assertThat(arraysByMode.getOrDefault((byte) 3, 0)).as("arrays for the sparse sketch").isLessThanOrEqualTo(12);
        assertThat(arraysByMode.getOrDefault((byte) 4, 0)).as("a nibble sketch is changed in place").isLessThanOrEqualTo(1);
    }

    /**
     * The search for a device's entry starts where an evenly spread hash would be. Hashes that are not spread (test
     * ids, runs of neighbours, the extremes of the longs) must still be found and inserted in order: adding them one
     * by one, copied or in place, gives the union of one-device sketches (which merges sorted lists and never
     * searches), and a device counted before leaves the sketch as it was, the same array.
     */
    @Test
    void devicesAreFoundAndInsertedInOrderHoweverTheirHashesAreSpread() {
        SplittableRandom random = new SplittableRandom(5);
        List<java.util.function.LongSupplier> spreads = List.of(
                () -> random.nextLong(1, 400), // small ids: all at the list's middle guess
                () -> Long.MIN_VALUE + random.nextLong(300), // the lowest longs
                () -> Long.MAX_VALUE - random.nextLong(300), // the highest longs
                () -> random.nextBoolean() ? Long.MIN_VALUE + random.nextLong(50) : Long.MAX_VALUE - random.nextLong(50),
                () -> random.nextLong(-150, 150), // around zero, both signs
                () -> (random.nextLong() >> 20) << 20, // spread, with neighbours in runs of equal high bits
                random::nextLong);
        for (int s = 0; s < spreads.size(); s++) {
            for (int devices : new int[] {1, 2, 3, 17, 192, 193, 260, 1_500}) {
                List<byte[]> singles = new java.util.ArrayList<>();
                List<Long> added = new java.util.ArrayList<>();
                byte[] copied = null;
                byte[] inPlace = null;
                for (int i = 0; i < devices; i++) {
                    long h = i > 0 && i % 3 == 0 ? added.get(random.nextInt(added.size())) : spreads.get(s).getAsLong();
                    added.add(h);
                    singles.add(Hll.add(null, h));
                    byte[] before = copied;
                    copied = Hll.add(copied, h);
                    inPlace = Hll.addInPlace(inPlace, h);
                    if (before != null && java.util.Arrays.equals(copied, before)) {
                        assertThat(copied).as("spread %d, step %d: a device counted before", s, i).isSameAs(before);
                    }
                }
                byte[] expected = Hll.union(singles);
                assertThat(copied).as("spread %d, %d devices, mode %d", s, devices, expected[0]).isEqualTo(expected);
                assertThat(used(inPlace)).as("spread %d, %d devices, in place", s, devices).isEqualTo(expected);
                for (long h : added) {
                    assertThat(Hll.add(copied, h)).as("spread %d: %d counted", s, h).isSameAs(copied);
                }
            }
        }
    }

    /**
     * {@code counts} says whether adding a device would change the sketch, in every mode: copy-on-write returns the
     * sketch itself exactly when nothing changes, so the two must agree, for devices counted before and new ones.
     */
    @Test
    void countsSaysWhetherAddingWouldChangeTheSketchInEveryMode() {
        SplittableRandom random = new SplittableRandom(13);
        Set<Byte> modes = new java.util.HashSet<>();
        List<Long> added = new java.util.ArrayList<>();
        byte[] sketch = null;
        assertThat(Hll.counts(null, 1)).isFalse();
        // until a rank above 15 makes the registers one byte each (dense), on average after ~33,000 devices
        for (int i = 0; i < 400_000 && (sketch == null || sketch[0] != 2 || modes.size() < 4); i++) {
            long h = i % 3 == 2 ? added.get(random.nextInt(added.size())) : random.nextLong();
            boolean counted = Hll.counts(sketch, h);
            byte[] next = Hll.add(sketch, h);
            assertThat(counted).as("step %d, mode %d", i, sketch == null ? 0 : sketch[0]).isEqualTo(next == sketch);
            assertThat(Hll.counts(next, h)).as("step %d: counted once added", i).isTrue();
            added.add(h);
            sketch = next;
            modes.add(sketch[0]);
        }
        assertThat(modes).as("list, dense, sparse and nibble sketches covered").containsExactlyInAnyOrder((byte) 1, (byte) 2, (byte) 3, (byte) 4);
        for (int i = 0; i < 5_000; i++) {
            long h = random.nextLong();
            assertThat(Hll.counts(sketch, h)).as("dense, device %d", h).isEqualTo(Hll.add(sketch, h) == sketch);
        }
    }

    @Test
    void storedSketchesAreExactlyTheirUsedBytes() {
        byte[] grown = Hll.addInPlace(Hll.addInPlace(null, 1), 2);
        assertThat(grown.length).as("room after the end").isGreaterThan(Hll.usedBytes(grown));
        Codec.Out out = new Codec.Out(8);
        out.writeInt(grown.length);
        out.write(grown, grown.length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Codec.readSketch(new Codec.In(out.bytes(), 0)))
                .as("a stored sketch is exactly its used bytes")
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining("corrupt");
    }

    /**
     * The estimate read from a sketch's encoding, and the union's estimate taken without encoding the union, agree
     * with the textbook computation on decoded registers (the one this class used before), for random registers in
     * every encoding, unions of up to four such sketches and exact lists among them.
     */
    @Property(tries = 300)
    void estimatesReadInPlaceAgreeWithTheTextbookFormulaOnDecodedRegisters(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1 + random.nextInt(4);
        List<byte[]> sketches = new java.util.ArrayList<>();
        byte[] max = new byte[Hll.REGISTERS];
        boolean registersSeen = false;
        for (int s = 0; s < n; s++) {
            int kind = random.nextInt(5);
            if (kind == 0) { // an exact list of up to 192 devices
                byte[] list = null;
                int devices = random.nextInt(193);
                for (int i = 0; i < devices; i++) {
                    list = Hll.add(list, random.nextLong());
                }
                sketches.add(list);
                continue;
            }
            if (kind == 1) {
                sketches.add(null);
                continue;
            }
            byte[] registers = new byte[Hll.REGISTERS];
            int filled = kind == 2 ? random.nextInt(1, 1_000) : Hll.REGISTERS - random.nextInt(50);
            int top = kind == 4 ? 40 : 15;
            for (int i = 0; i < filled; i++) {
                registers[random.nextInt(Hll.REGISTERS)] = (byte) random.nextInt(1, top + 1);
            }
            byte[] sketch = encodeAs(kind == 2 ? 3 : kind == 3 ? 4 : 2, registers);
            assertThat(Hll.registers(sketch)).isEqualTo(registers);
            assertThat(Hll.estimate(sketch)).as("estimate of mode %d", sketch[0]).isEqualTo(textbookEstimate(registers));
            sketches.add(sketch);
            registersSeen = true;
            for (int i = 0; i < Hll.REGISTERS; i++) {
                max[i] = (byte) Math.max(max[i], registers[i]);
            }
        }
        byte[] union = Hll.union(sketches);
        assertThat(Hll.unionEstimate(sketches)).isEqualTo(Hll.estimate(union));
        if (registersSeen) {
            byte[] unionRegisters = Hll.registers(union);
            for (int i = 0; i < Hll.REGISTERS; i++) {
                assertThat(unionRegisters[i]).as("register %d: at least every sketch's", i).isGreaterThanOrEqualTo(max[i]);
            }
            assertThat(Hll.estimate(union)).isEqualTo(textbookEstimate(unionRegisters));
        }
    }

    /** A sketch without the room it may have after its end, as the stores write it (null stays null). */
    static byte[] used(byte[] sketch) {
        return sketch == null ? null : java.util.Arrays.copyOf(sketch, Hll.usedBytes(sketch));
    }

    /** The registers in encoding {@code mode} (3 sparse, 4 nibbles, 2 dense) as the class's javadoc lays them out. */
    private static byte[] encodeAs(int mode, byte[] registers) {
        if (mode == 2) {
            byte[] out = new byte[2 + Hll.REGISTERS];
            out[0] = 2;
            out[1] = (byte) Hll.LG_K;
            System.arraycopy(registers, 0, out, 2, Hll.REGISTERS);
            return out;
        }
        if (mode == 4) {
            byte[] out = new byte[2 + Hll.REGISTERS / 2];
            out[0] = 4;
            out[1] = (byte) Hll.LG_K;
            for (int i = 0; i < Hll.REGISTERS / 2; i++) {
                out[2 + i] = (byte) (registers[2 * i] << 4 | registers[2 * i + 1]);
            }
            return out;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int nonZero = 0;
        for (byte r : registers) {
            nonZero += r != 0 ? 1 : 0;
        }
        out.write(3);
        out.write(Hll.LG_K);
        out.write(nonZero >>> 8);
        out.write(nonZero);
        for (int i = 0; i < Hll.REGISTERS; i++) {
            if (registers[i] != 0) {
                int entry = i << 4 | registers[i];
                out.write(entry >>> 8);
                out.write(entry);
            }
        }
        return out.toByteArray();
    }

    /** Flajolet et al.'s estimate with linear counting below 2.5 m, summed over the registers in order. */
    private static long textbookEstimate(byte[] registers) {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.pow(2, -r);
            zeros += r == 0 ? 1 : 0;
        }
        double m = Hll.REGISTERS;
        double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
        return raw <= 2.5 * m && zeros > 0 ? Math.round(m * Math.log(m / zeros)) : Math.round(raw);
    }
}
