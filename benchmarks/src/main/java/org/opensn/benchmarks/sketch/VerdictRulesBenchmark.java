package org.opensn.benchmarks.sketch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.opensn.streams.topology.Hll;
import org.opensn.streams.topology.ObjectStats;
import org.opensn.streams.topology.VerdictRules;

/**
 * The verdict rules' evaluation of one object, which the streams app runs for every object that changed, at every
 * commit (4 a second): the distinct devices of the verdict window, a union of its buckets' sketches, then the
 * estimate. For an object on many devices the sketches are registers rather than an exact list, and this was the
 * part of a commit that grew as the benchmark's latency phase went on (docs/PERFORMANCE.md, session 15).
 *
 * <p>{@code devices}: the definitive sketch of each bucket, an exact list ({@code 100}), sparse registers
 * ({@code 600}) or four-bit registers ({@code 20000}); {@code buckets}: how many buckets of the window hold it.
 * Run (after {@code mvn -B -q -DskipTests install}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.opensn.benchmarks.sketch.VerdictRulesBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerdictRulesBenchmark {

    @Param({"100", "600", "20000"})
    public int devices;

    @Param({"1", "2"})
    public int buckets;

    private final VerdictRules rules = VerdictRules.defaults();
    private ObjectStats stats;
    private List<byte[]> sketches;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<ObjectStats.Bucket> recent = new ArrayList<>();
        sketches = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            byte[] sketch = sketchOf(devices, random);
            sketches.add(sketch);
            recent.add(new ObjectStats.Bucket(3_600_000L * b, sketch, null));
        }
        stats = new ObjectStats(devices, sketches.get(0), 0, 3_600_000L * buckets, List.of("Trojan.Bench"), recent);
        if (rules.evaluate(stats).isEmpty()) {
            throw new IllegalStateException("the benchmark object should get a rule verdict");
        }
    }

    /** The whole evaluation, as the verdict step runs it. */
    @Benchmark
    public Object evaluate() {
        return rules.evaluate(stats);
    }

    /** The union of the buckets alone, encoded, as a merge keeps it. */
    @Benchmark
    public byte[] union() {
        return Hll.union(sketches);
    }

    /**
     * A sketch of about {@code n} devices in the bytes {@link Hll} stores (its class comment gives the layout):
     * an exact list of sorted hashes up to 192, else registers whose ranks follow the HyperLogLog distribution of n
     * random devices, as sparse entries below 1,024 non-zero registers, else as four-bit registers.
     */
    static byte[] sketchOf(int n, SplittableRandom random) {
        if (n <= 192) {
            long[] hashes = random.longs(n).sorted().distinct().toArray();
            ByteBuffer b = ByteBuffer.allocate(4 + 8 * hashes.length);
            b.put((byte) 1).put((byte) Hll.LG_K).putShort((short) hashes.length);
            for (long h : hashes) {
                b.putLong(h);
            }
            return b.array();
        }
        int registers = 1 << Hll.LG_K;
        byte[] rank = new byte[registers];
        for (int i = 0; i < n; i++) {
            long h = random.nextLong();
            int index = (int) (h >>> (64 - Hll.LG_K));
            int r = Math.min(15, Long.numberOfLeadingZeros(h << Hll.LG_K) + 1);
            rank[index] = (byte) Math.max(rank[index], r);
        }
        int nonZero = 0;
        for (byte r : rank) {
            nonZero += r != 0 ? 1 : 0;
        }
        if (4 + 2 * nonZero < 2 + registers / 2) {
            ByteBuffer b = ByteBuffer.allocate(4 + 2 * nonZero);
            b.put((byte) 3).put((byte) Hll.LG_K).putShort((short) nonZero);
            for (int i = 0; i < registers; i++) {
                if (rank[i] != 0) {
                    b.putShort((short) (i << 4 | rank[i]));
                }
            }
            return b.array();
        }
        byte[] out = new byte[2 + registers / 2];
        out[0] = 4;
        out[1] = (byte) Hll.LG_K;
        for (int i = 0; i < registers / 2; i++) {
            out[2 + i] = (byte) (rank[2 * i] << 4 | rank[2 * i + 1]);
        }
        return out;
    }
}
