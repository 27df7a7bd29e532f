package org.opensn.benchmarks.sketch;

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

/**
 * Adding a device that an object's sketch has already counted: what the streams app does for most detections, once
 * for the object's hourly bucket and once for its threat's window. The sketch stays as it was, so this is the search
 * for the device's entry alone, with no copy.
 *
 * <p>{@code devices}: 150 (an exact list of hashes) or 600 (sparse registers). {@code sketches}: 1, which stays in the
 * CPU's cache, or 65,536 (~80 MB), which do not, as among the many objects of a pipeline: each add then reads a sketch
 * that is cold. Run (after {@code mvn -B -q -DskipTests install}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.opensn.benchmarks.sketch.HllAddBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HllAddBenchmark {

    /** Adds in the sequence; a power of two. */
    private static final int OPS = 1 << 20;

    @Param({"150", "600"})
    public int devices;

    @Param({"1", "65536"})
    public int sketches;

    private byte[][] sketch;
    /** The sketch and an already counted device of each add, read in order. */
    private int[] target;
    private long[] device;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        sketch = new byte[sketches][];
        long[][] counted = new long[sketches][];
        for (int s = 0; s < sketches; s++) {
            counted[s] = random.longs(devices).toArray();
            List<byte[]> singles = new ArrayList<>(devices);
            for (long h : counted[s]) {
                singles.add(Hll.add(null, h));
            }
            sketch[s] = Hll.union(singles);
        }
        target = new int[OPS];
        device = new long[OPS];
        for (int i = 0; i < OPS; i++) {
            target[i] = random.nextInt(sketches);
            device[i] = counted[target[i]][random.nextInt(devices)];
        }
        byte mode = sketch[0][0];
        if (mode != (devices <= 192 ? 1 : 3)) {
            throw new IllegalStateException("expected a " + (devices <= 192 ? "list" : "sparse") + " sketch, got mode " + mode);
        }
    }

    /** One add of a device the sketch has counted; returns the sketch, which must be the same array. */
    @Benchmark
    public byte[] addCounted() {
        int i = next++ & (OPS - 1);
        byte[] s = sketch[target[i]];
        byte[] out = Hll.add(s, device[i]);
        if (out != s) {
            throw new IllegalStateException("a counted device changed the sketch");
        }
        return out;
    }
}
