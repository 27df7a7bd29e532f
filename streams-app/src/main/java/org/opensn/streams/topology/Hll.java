package org.opensn.streams.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Distinct-device counting with a HyperLogLog of lgK 12 (4096 registers, ~1.6% relative
 * standard error, the parameters of DataSketches' HLL at lgK 12), fed only with the 64-bit keyed
 * device hash, never a device id. Sketches are kept as compact bytes, which is what the stores and
 * changelogs hold, and merge by union (register-wise maximum).
 *
 * <p>Why not DataSketches: every release usable from a Java 21 build fails at run time on the
 * JVMs we run (7.0.1 links {@code jdk.incubator.foreign}, which exists only in Java 17; 6.2.0
 * refuses Java 25; 8.0.0 needs datasketches-memory 6.0.0, compiled with Java 21 preview features;
 * 9.0.0 is Java 25 bytecode). This class is small and self-contained instead.
 *
 * <p>Layout: byte 0 = mode, byte 1 = lgK. Mode {@code 1} (list): a 2-byte count and that many
 * sorted distinct 8-byte hashes — exact, used up to {@value #LIST_MAX} devices, so small figures
 * (k-suppression, rule thresholds) are exact. Beyond that the registers are kept in the smallest
 * of three encodings, which matters because stores and changelogs rewrite a sketch on every
 * update: mode {@code 3} (sparse): a 2-byte count and that many 2-byte entries
 * {@code index << 4 | rank}, sorted by index (fewer than 1,024 non-zero registers, all ranks below 16);
 * mode {@code 4} (nibbles): 4096 four-bit registers in 2,048 bytes (all ranks below 16, which
 * holds up to tens of millions of devices); mode {@code 2} (dense): 4096 one-byte registers.
 * All modes are read; the same registers always encode the same way.
 *
 * <p>A live sketch may sit at the start of a longer array ({@link #addInPlace} leaves room to grow); the mode and
 * count in its first bytes say where it ends ({@link #usedBytes}), and only those bytes are stored.
 */
public final class Hll {

    /** log2 of the number of registers. */
    public static final int LG_K = 12;
    static final int REGISTERS = 1 << LG_K;
    static final int LIST_MAX = 192;
    private static final byte LIST = 1;
    private static final byte DENSE = 2;
    private static final byte SPARSE = 3;
    private static final byte NIBBLES = 4;
    private static final int NIBBLE_MAX = 15;
    private static final int NIBBLE_BYTES = REGISTERS / 2;
    /** The most entries a sparse sketch has: one more, and the nibbles are no larger. */
    private static final int SPARSE_MAX = (NIBBLE_BYTES - 2) / 2 - 1;
    /** Register values are ranks 0..{@code 64 - LG_K + 1}; histograms of them have this many slots. */
    private static final int RANKS = 64;

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private Hll() {
    }

    /**
     * A sketch with {@code deviceHash} added to {@code sketch} (null = empty); {@code sketch} is not changed, and is
     * returned itself when it had counted the device already.
     */
    public static byte[] add(byte[] sketch, long deviceHash) {
        return add(sketch, deviceHash, false);
    }

    /**
     * {@code deviceHash} added to {@code sketch} (null = empty) in place where it can be: returns {@code sketch}
     * itself, changed, or a new array when it had to grow or change its encoding. A list or sparse sketch made or
     * grown here has room for more entries after its end, so that adding devices one by one copies it a few times,
     * not once per device. Only for a sketch no one else holds or reads meanwhile: the live values of a
     * {@link WriteBackStore}, which its {@code update} alone changes.
     */
    static byte[] addInPlace(byte[] sketch, long deviceHash) {
        return add(sketch, deviceHash, true);
    }

    /**
     * Whether {@code sketch} (null = empty) has counted {@code deviceHash} already, so that adding it would change
     * nothing: its list holds the hash, or its register already holds the hash's rank or more. Reads the encoding in
     * place.
     */
    static boolean counts(byte[] sketch, long deviceHash) {
        if (sketch == null) {
            return false;
        }
        checkShape(sketch);
        if (sketch[0] == LIST) {
            return findInList(sketch, count(sketch), deviceHash) >= 0;
        }
        long h = mix(deviceHash);
        int index = (int) (h >>> (64 - LG_K));
        return rank(h) <= register(sketch, index);
    }

    private static byte[] add(byte[] sketch, long deviceHash, boolean inPlace) {
        if (sketch == null) {
            return list(new long[] {deviceHash}, inPlace ? roomFor(LIST_MAX, 1) : 1);
        }
        checkShape(sketch); // the entries were checked when the sketch was read from a store (Codec.readSketch)
        if (sketch[0] == LIST) {
            return addToList(sketch, deviceHash, inPlace);
        }
        long h = mix(deviceHash);
        int index = (int) (h >>> (64 - LG_K));
        int rank = rank(h);
        if (sketch[0] == SPARSE && rank <= NIBBLE_MAX) {
            return addSparse(sketch, index, rank, inPlace);
        }
        if (sketch[0] == NIBBLES && rank <= NIBBLE_MAX) {
            if (rank <= register(sketch, index)) {
                return sketch;
            }
            int b = sketch[2 + index / 2];
            byte[] out = inPlace ? sketch : sketch.clone();
            out[2 + index / 2] = (byte) (index % 2 == 0 ? (b & 0x0F) | rank << 4 : (b & 0xF0) | rank);
            return out;
        }
        if (sketch[0] == DENSE && rank <= register(sketch, index)) {
            return sketch;
        }
        byte[] registers = registers(sketch);
        return update(registers, deviceHash) ? encode(registers) : sketch;
    }

    /**
     * How many entries to make room for when a list or sparse sketch of {@code needed} entries grows in place: half as
     * many again (at least 4), up to {@code max}, the most that encoding holds.
     */
    private static int roomFor(int max, int needed) {
        return Math.min(max, Math.max(4, needed + needed / 2));
    }

    /**
     * A list or sparse sketch of {@code n} entries of {@code width} bytes with a gap opened at entry {@code at} and its
     * count raised by one, for the caller to write the new entry into: {@code sketch} itself when {@code inPlace} and it
     * has room, else a copy (with room for more, up to {@code max} entries, when {@code inPlace}).
     */
    private static byte[] openEntry(byte[] sketch, int n, int at, int width, int max, boolean inPlace) {
        byte[] out = inPlace && sketch.length >= 4 + width * (n + 1) ? sketch
                : new byte[4 + width * (inPlace ? roomFor(max, n + 1) : n + 1)];
        if (out != sketch) {
            System.arraycopy(sketch, 0, out, 0, 4 + width * at);
        }
        System.arraycopy(sketch, 4 + width * at, out, 4 + width * (at + 1), width * (n - at));
        out[2] = (byte) ((n + 1) >>> 8);
        out[3] = (byte) (n + 1);
        return out;
    }

    /**
     * {@code deviceHash} into a list sketch, searched and inserted on its bytes (no decode and re-encode of the hashes);
     * in place when {@code inPlace} and the array has room.
     */
    private static byte[] addToList(byte[] sketch, long deviceHash, boolean inPlace) {
        int n = count(sketch);
        int found = findInList(sketch, n, deviceHash);
        if (found >= 0) {
            return sketch;
        }
        int low = -found - 1;
        if (n < LIST_MAX) {
            byte[] out = openEntry(sketch, n, low, 8, LIST_MAX, inPlace);
            BIG_ENDIAN_LONG.set(out, 4 + 8 * low, deviceHash);
            return out;
        }
        byte[] registers = new byte[REGISTERS];
        for (long h : hashes(sketch)) {
            update(registers, h);
        }
        update(registers, deviceHash);
        return encode(registers);
    }

    /**
     * {@code (index, rank)} into a sparse sketch, without a decode and re-encode of all registers; into the array
     * itself when {@code inPlace} and it has room.
     */
    private static byte[] addSparse(byte[] sketch, int index, int rank, boolean inPlace) {
        int n = count(sketch);
        int found = findInSparse(sketch, n, index);
        if (found >= 0) {
            if (rank <= (entry(sketch, found) & 0xF)) {
                return sketch;
            }
            byte[] out = inPlace ? sketch : sketch.clone();
            out[5 + 2 * found] = (byte) (index << 4 | rank);
            return out;
        }
        int low = -found - 1;
        if (n + 1 > SPARSE_MAX) {
            byte[] registers = registers(sketch);
            registers[index] = (byte) rank;
            return encode(registers);
        }
        byte[] out = openEntry(sketch, n, low, 2, SPARSE_MAX, inPlace);
        int entry = index << 4 | rank;
        out[4 + 2 * low] = (byte) (entry >>> 8);
        out[5 + 2 * low] = (byte) entry;
        return out;
    }

    /** {@link #find} in a list sketch of {@code n} hashes. */
    private static int findInList(byte[] sketch, int n, long deviceHash) {
        // the hashes are keyed digests, spread evenly over the longs: guess from where deviceHash falls among them
        return find(sketch, n, 8, deviceHash, (int) (((deviceHash ^ Long.MIN_VALUE) >>> 33) * n >>> 31));
    }

    /** {@link #find} in a sparse sketch of {@code n} entries. */
    private static int findInSparse(byte[] sketch, int n, int index) {
        // the indexes are of mixed hashes, spread evenly over the registers
        return find(sketch, n, 2, index, index * n >>> LG_K);
    }

    /** Register {@code index} of a sparse, nibble or dense sketch, read in place. */
    private static int register(byte[] sketch, int index) {
        return switch (sketch[0]) {
            case DENSE -> sketch[2 + index];
            case NIBBLES -> {
                int b = sketch[2 + index / 2];
                yield index % 2 == 0 ? (b >>> 4) & 0xF : b & 0xF;
            }
            default -> {
                int found = findInSparse(sketch, count(sketch), index);
                yield found >= 0 ? entry(sketch, found) & 0xF : 0;
            }
        };
    }

    /**
     * Where {@code key} is among the {@code n} sorted entries of a list ({@code width} 8: the hashes) or sparse
     * ({@code width} 2: the register indexes) sketch: its entry, or {@code -(insertion point) - 1} when absent, as
     * {@link java.util.Arrays#binarySearch(long[], long)} says it. The search starts at {@code guess}, where an evenly
     * spread key would be, and widens from there by doubling steps before it halves: a sketch read cold (most are,
     * among many objects) then costs a cache line or two rather than a miss at each of a binary search's ~8 steps.
     * Keys that are not evenly spread cost at most twice a binary search's steps.
     */
    private static int find(byte[] sketch, int n, int width, long key, int guess) {
        if (n == 0) {
            return -1;
        }
        int low;
        int high;
        long at = keyAt(sketch, width, guess);
        if (at == key) {
            return guess;
        }
        if (at < key) {
            low = guess + 1;
            high = guess + 1;
            for (int step = 2; high < n && keyAt(sketch, width, high) < key; step <<= 1) {
                low = high + 1;
                high = guess + step;
            }
            high = Math.min(high, n - 1);
        } else {
            high = guess - 1;
            low = guess - 1;
            for (int step = 2; low >= 0 && keyAt(sketch, width, low) > key; step <<= 1) {
                high = low - 1;
                low = guess - step;
            }
            low = Math.max(low, 0);
        }
        while (low <= high) {
            int mid = (low + high) >>> 1;
            at = keyAt(sketch, width, mid);
            if (at < key) {
                low = mid + 1;
            } else if (at > key) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
    }

    /** The sort key of entry {@code i}: a list sketch's hash ({@code width} 8) or a sparse sketch's register index. */
    private static long keyAt(byte[] sketch, int width, int i) {
        return width == 8 ? (long) BIG_ENDIAN_LONG.get(sketch, 4 + 8 * i) : entry(sketch, i) >>> 4;
    }

    /**
     * The exact number of distinct devices when {@code sketch} is an exact list (up to {@value #LIST_MAX}
     * devices; 0 for null), or -1 when it holds registers.
     */
    static int exactCount(byte[] sketch) {
        if (sketch == null) {
            return 0;
        }
        checkShape(sketch);
        return sketch[0] == LIST ? count(sketch) : -1;
    }

    /** The distinct-count estimate of {@code sketch}, rounded; 0 for null. Reads the encoding in place. */
    public static long estimate(byte[] sketch) {
        if (sketch == null) {
            return 0;
        }
        check(sketch);
        if (sketch[0] == LIST) {
            return count(sketch);
        }
        int[] ranks = new int[RANKS];
        switch (sketch[0]) {
            case DENSE -> {
                return estimateRegisters(sketch, 2);
            }
            case NIBBLES -> {
                for (int i = 0; i < NIBBLE_BYTES; i++) {
                    int b = sketch[2 + i];
                    ranks[(b >>> 4) & 0xF]++;
                    ranks[b & 0xF]++;
                }
            }
            default -> {
                int n = count(sketch);
                ranks[0] = REGISTERS - n;
                for (int i = 0; i < n; i++) {
                    ranks[entry(sketch, i) & 0xF]++;
                }
            }
        }
        return estimate(ranks);
    }

    /** The union of {@code sketches} (nulls skipped), as compact bytes; null if all were null. */
    public static byte[] union(Collection<byte[]> sketches) {
        Union union = new Union();
        for (byte[] sketch : sketches) {
            union.add(sketch);
        }
        if (!union.any) {
            return null;
        }
        return union.registers != null ? encode(union.registers) : list(union.exact);
    }

    /**
     * {@code estimate(union(sketches))}, without encoding the union: what the verdict rules and the analyst
     * queries need of an object's buckets, for every changed object at every commit.
     */
    public static long unionEstimate(Collection<byte[]> sketches) {
        byte[] only = null;
        int nonNull = 0;
        for (byte[] sketch : sketches) {
            if (sketch != null) {
                only = sketch;
                nonNull++;
            }
        }
        if (nonNull <= 1) {
            return estimate(only);
        }
        Union union = new Union();
        for (byte[] sketch : sketches) {
            union.add(sketch);
        }
        return union.registers == null ? union.exact.length : estimateRegisters(union.registers, 0);
    }

    /** The estimate of the {@value #REGISTERS} one-byte registers from {@code offset} in {@code bytes} (a dense sketch or a union's registers). */
    private static long estimateRegisters(byte[] bytes, int offset) {
        int[] ranks = new int[RANKS];
        for (int i = offset; i < offset + REGISTERS; i++) {
            int r = bytes[i];
            if (r < 0 || r >= RANKS) {
                throw new SerializationException("stored HLL sketch is corrupt: a register of " + r
                        + ", expected a rank of 0.." + (64 - LG_K + 1));
            }
            ranks[r]++;
        }
        return estimate(ranks);
    }

    /** A union in the making: the exact hashes while every sketch so far was a list and they number at most {@value #LIST_MAX}, else registers. */
    private static final class Union {
        long[] exact = new long[0];
        byte[] registers;
        boolean any;

        void add(byte[] sketch) {
            if (sketch == null) {
                return;
            }
            check(sketch);
            any = true;
            if (sketch[0] == LIST) {
                long[] hashes = hashes(sketch);
                if (registers != null) {
                    for (long h : hashes) {
                        update(registers, h);
                    }
                } else {
                    exact = mergeSorted(exact, hashes);
                    if (exact.length > LIST_MAX) {
                        toRegisters();
                    }
                }
                return;
            }
            if (registers == null) {
                toRegisters();
            }
            maxInto(registers, sketch);
        }

        private void toRegisters() {
            registers = new byte[REGISTERS];
            for (long h : exact) {
                update(registers, h);
            }
        }
    }

    /**
     * Raises each of {@code registers} to the register of the sparse, nibble or dense {@code sketch} where that is
     * higher, reading the sketch's bytes in place. Written as a compare and a conditional store: the JIT's vectorized
     * form of a {@code Math.max} loop over bytes ran three times slower than this in {@code VerdictRulesBenchmark}
     * (JDK 25; with {@code -XX:-UseSuperWord} the two were equal).
     */
    private static void maxInto(byte[] registers, byte[] sketch) {
        switch (sketch[0]) {
            case DENSE -> {
                for (int i = 0; i < REGISTERS; i++) {
                    byte r = sketch[2 + i];
                    if (r > registers[i]) {
                        registers[i] = r;
                    }
                }
            }
            case NIBBLES -> {
                for (int i = 0; i < NIBBLE_BYTES; i++) {
                    int b = sketch[2 + i];
                    int high = (b >>> 4) & 0xF;
                    int low = b & 0xF;
                    if (high > registers[2 * i]) {
                        registers[2 * i] = (byte) high;
                    }
                    if (low > registers[2 * i + 1]) {
                        registers[2 * i + 1] = (byte) low;
                    }
                }
            }
            default -> {
                int n = count(sketch);
                for (int i = 0; i < n; i++) {
                    int entry = entry(sketch, i);
                    int index = entry >>> 4;
                    if ((entry & 0xF) > registers[index]) {
                        registers[index] = (byte) (entry & 0xF);
                    }
                }
            }
        }
    }

    /** Adds one hash to {@code registers}; true if a register changed. */
    private static boolean update(byte[] registers, long deviceHash) {
        long h = mix(deviceHash);
        int index = (int) (h >>> (64 - LG_K));
        int rank = rank(h);
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
            return true;
        }
        return false;
    }

    /** Leading zeros after the index bits, plus one. */
    private static int rank(long mixedHash) {
        long rest = mixedHash << LG_K;
        return rest == 0 ? 64 - LG_K + 1 : Long.numberOfLeadingZeros(rest) + 1;
    }

    /** The 4096 registers of a sparse, nibble or dense sketch (a new array). */
    static byte[] registers(byte[] sketch) {
        switch (sketch[0]) {
            case DENSE -> {
                return Arrays.copyOfRange(sketch, 2, 2 + REGISTERS);
            }
            case NIBBLES -> {
                byte[] registers = new byte[REGISTERS];
                for (int i = 0; i < NIBBLE_BYTES; i++) {
                    int b = sketch[2 + i];
                    registers[2 * i] = (byte) ((b >>> 4) & 0xF);
                    registers[2 * i + 1] = (byte) (b & 0xF);
                }
                return registers;
            }
            default -> {
                byte[] registers = new byte[REGISTERS];
                int n = count(sketch);
                for (int i = 0; i < n; i++) {
                    int entry = entry(sketch, i);
                    registers[entry >>> 4] = (byte) (entry & 0xF);
                }
                return registers;
            }
        }
    }

    /** The smallest encoding of {@code registers}: sparse, nibbles, or dense when a rank exceeds 15. */
    private static byte[] encode(byte[] registers) {
        int nonZero = 0;
        int max = 0;
        for (byte r : registers) {
            if (r != 0) {
                nonZero++;
                max = Math.max(max, r);
            }
        }
        if (max > NIBBLE_MAX) {
            return dense(registers);
        }
        if (nonZero <= SPARSE_MAX) {
            byte[] out = new byte[4 + 2 * nonZero];
            out[0] = SPARSE;
            out[1] = LG_K;
            out[2] = (byte) (nonZero >>> 8);
            out[3] = (byte) nonZero;
            int at = 4;
            for (int i = 0; i < REGISTERS; i++) {
                if (registers[i] != 0) {
                    int entry = i << 4 | registers[i];
                    out[at++] = (byte) (entry >>> 8);
                    out[at++] = (byte) entry;
                }
            }
            return out;
        }
        byte[] out = new byte[2 + NIBBLE_BYTES];
        out[0] = NIBBLES;
        out[1] = LG_K;
        for (int i = 0; i < NIBBLE_BYTES; i++) {
            out[2 + i] = (byte) (registers[2 * i] << 4 | registers[2 * i + 1]);
        }
        return out;
    }

    private static int count(byte[] sketch) {
        return (sketch[2] & 0xFF) << 8 | (sketch[3] & 0xFF);
    }

    private static int entry(byte[] sketch, int i) {
        return (sketch[4 + 2 * i] & 0xFF) << 8 | (sketch[5 + 2 * i] & 0xFF);
    }

    /**
     * The HyperLogLog estimate (with the linear-counting correction for small counts) from the number of registers
     * of each rank. The sum of {@code 2^-rank} is taken from the highest rank down; it is exact for ranks up to
     * about 40 (a register above that has odds of 2^-40 per device), so it does not depend on the registers' order.
     */
    private static long estimate(int[] ranks) {
        double sum = 0;
        for (int r = RANKS - 1; r >= 0; r--) {
            if (ranks[r] != 0) {
                sum += ranks[r] * Math.scalb(1.0, -r);
            }
        }
        int zeros = ranks[0];
        double m = REGISTERS;
        double alpha = 0.7213 / (1 + 1.079 / m);
        double raw = alpha * m * m / sum;
        if (raw <= 2.5 * m && zeros > 0) {
            return Math.round(m * Math.log(m / zeros));
        }
        return Math.round(raw);
    }

    /** MurmurHash3's 64-bit finalizer: spreads any input (test ids included) over all bits. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long[] mergeSorted(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long next;
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                next = a[i++];
            } else if (i >= a.length || b[j] < a[i]) {
                next = b[j++];
            } else {
                next = a[i++];
                j++;
            }
            out[n++] = next;
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] list(long[] sortedHashes) {
        return list(sortedHashes, sortedHashes.length);
    }

    /** A list sketch of {@code sortedHashes} in an array with room for {@code room} of them. */
    private static byte[] list(long[] sortedHashes, int room) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * room);
        b.put(LIST).put((byte) LG_K).putShort((short) sortedHashes.length);
        for (long h : sortedHashes) {
            b.putLong(h);
        }
        return b.array();
    }

    private static byte[] dense(byte[] registers) {
        byte[] out = new byte[2 + REGISTERS];
        out[0] = DENSE;
        out[1] = LG_K;
        System.arraycopy(registers, 0, out, 2, REGISTERS);
        return out;
    }

    private static long[] hashes(byte[] sketch) {
        ByteBuffer b = ByteBuffer.wrap(sketch, 2, sketch.length - 2);
        int n = Short.toUnsignedInt(b.getShort());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    /**
     * How many bytes of {@code sketch} (the start of the array) are the sketch: all of them, but for a list or sparse
     * sketch grown in place ({@link #addInPlace}). What the stores write.
     */
    static int usedBytes(byte[] sketch) {
        checkShape(sketch);
        return used(sketch);
    }

    /** {@link #usedBytes} of a sketch whose shape was checked. */
    private static int used(byte[] sketch) {
        return switch (sketch[0]) {
            case LIST -> 4 + 8 * count(sketch);
            case SPARSE -> 4 + 2 * count(sketch);
            default -> sketch.length;
        };
    }

    /**
     * Checks a sketch read from a store or topic: its shape, that no bytes follow it, and that the entries of a
     * sparse sketch are sorted and in range.
     *
     * @throws SerializationException if it is not a sketch this class wrote
     */
    static void checkStored(byte[] sketch) {
        check(sketch);
        if (used(sketch) != sketch.length) {
            throw corrupt(sketch);
        }
    }

    /** {@link #checkShape}, and that the entries of a sparse sketch are sorted and in range. */
    private static void check(byte[] sketch) {
        checkShape(sketch);
        if (sketch[0] == SPARSE && !sparseEntriesValid(sketch)) {
            throw corrupt(sketch);
        }
    }

    /** O(1): mode, lgK and a length that fits the mode and count (a list or sparse sketch may have room after its end). */
    private static void checkShape(byte[] sketch) {
        boolean ok = sketch.length >= 2 && sketch[1] == LG_K
                && ((sketch[0] == LIST && sketch.length >= 4 && sketch.length >= 4 + 8 * count(sketch))
                || (sketch[0] == SPARSE && sketch.length >= 4 && sketch.length >= 4 + 2 * count(sketch))
                || (sketch[0] == NIBBLES && sketch.length == 2 + NIBBLE_BYTES)
                || (sketch[0] == DENSE && sketch.length == 2 + REGISTERS));
        if (!ok) {
            throw corrupt(sketch);
        }
    }

    private static SerializationException corrupt(byte[] sketch) {
        return new SerializationException("stored HLL sketch is corrupt (" + sketch.length + " bytes, mode "
                + (sketch.length > 0 ? sketch[0] : -1) + "): expected a list, sparse, nibble or dense sketch of lgK " + LG_K);
    }

    /** Sparse entries: indexes strictly increasing, ranks 1..15. */
    private static boolean sparseEntriesValid(byte[] sketch) {
        int n = count(sketch);
        int previous = -1;
        for (int i = 0; i < n; i++) {
            int entry = entry(sketch, i);
            int index = entry >>> 4;
            if (index <= previous || (entry & 0xF) == 0) {
                return false;
            }
            previous = index;
        }
        return true;
    }
}
