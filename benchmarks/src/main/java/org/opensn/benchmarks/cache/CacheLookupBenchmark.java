package org.opensn.benchmarks.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.opensn.cache.CachedVerdict;
import org.opensn.cache.VerdictSubscriber;

/**
 * In-process look-ups: {@link VerdictSubscriber#lookup} on a table filled from Kafka, against a
 * plain {@link ConcurrentHashMap#get} holding the same verdicts under equal (but not identical)
 * key strings, with the same keys in the same order (about 76% hits).
 *
 * <p>{@code sideBySide} runs both at the same time on one thread each: on a shared, noisy
 * machine that comparison is the one to trust, since load drift between two sequential runs
 * can exceed the difference measured.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CacheLookupBenchmark
 * java -jar benchmarks/target/benchmarks.jar CacheLookupBenchmark.sideBySide -f 2 -i 8 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CacheLookupBenchmark {

    private static final int KEYS = 1 << 17;

    @Param("100000")
    int verdicts;

    private CacheFixture fixture;
    private VerdictSubscriber subscriber;
    private ConcurrentHashMap<String, CachedVerdict> plain;
    private String[] keys;

    /** Each thread walks the keys from its own position. */
    @State(Scope.Thread)
    public static class Cursor {
        int i = (int) (Thread.currentThread().threadId() * 7919);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new CacheFixture(verdicts, 3);
        subscriber = fixture.service.subscriber();
        plain = new ConcurrentHashMap<>();
        for (int i = 0; i < verdicts; i++) {
            String ref = CacheFixture.ref(i);
            plain.put(new String(ref.toCharArray()), subscriber.lookup(ref));
        }
        keys = new String[KEYS];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = new String(CacheFixture.ref(random.nextInt(KEYS)).toCharArray());
            keys[i].hashCode();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public CachedVerdict subscriberLookup(Cursor c) {
        return subscriber.lookup(keys[c.i++ & (KEYS - 1)]);
    }

    @Benchmark
    public CachedVerdict concurrentHashMapGet(Cursor c) {
        return plain.get(keys[c.i++ & (KEYS - 1)]);
    }

    /** Both at once, one thread each, so that a machine whose load drifts slows both alike. */
    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public CachedVerdict sideBySideSubscriberLookup(Cursor c) {
        return subscriber.lookup(keys[c.i++ & (KEYS - 1)]);
    }

    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public CachedVerdict sideBySideConcurrentHashMapGet(Cursor c) {
        return plain.get(keys[c.i++ & (KEYS - 1)]);
    }
}
