package org.opensn.benchmarks.e2e;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.opensn.schemas.avro.DetectionEvent;

/**
 * What the end-to-end benchmark's publishing thread pays for holding its detections in columns: one
 * {@link EventColumns#get}, the detection made again (its event id's string, its time, its path's
 * string and the record), walking 200,000 detections in order as a run does.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EventColumnsBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EventColumnsBenchmark {

    private static final int EVENTS = 200_000;

    private EventColumns columns;
    private int next;

    @Setup
    public void setUp() {
        columns = EventCatalog.detections(EVENTS);
    }

    @Benchmark
    public DetectionEvent get() {
        DetectionEvent e = columns.get(next);
        next = next + 1 == EVENTS ? 0 : next + 1;
        return e;
    }
}
