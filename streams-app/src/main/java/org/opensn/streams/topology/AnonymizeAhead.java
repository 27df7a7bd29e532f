package org.opensn.streams.topology;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anonymizes raw records ahead of the stream thread, on a worker thread of its own, so that a stream thread
 * uses two cores instead of one.
 *
 * <p>Kafka Streams runs a task's whole topology on one stream thread, one record at a time; deserializing and
 * anonymizing a raw record and serializing the anonymized one was about two fifths of that thread's time, and
 * it is a pure function of the record's bytes ({@link RawAnonymizer}). So an {@link Interceptor} on each
 * stream thread's main consumer hands every raw record that a poll returns to worker threads at once, and the
 * {@link AnonymizeProcessor}, when it reaches the record, takes the outcome computed for it ({@link #take})
 * instead of computing it again. Everything else stays as it was: the stream thread forwards, aggregates,
 * writes and commits each record in the same order, in the same transaction, so what the pipeline writes is
 * the same as without this ({@code AnonymizeAheadTest}: every record anonymized once, or twice when the stream
 * thread took it over from a preempted worker, and given its own outcome; {@code StreamsAppIT}: the totals, with
 * the worker on).
 *
 * <p>Kafka Streams processes everything a poll returned before it polls again, so the workers and the stream thread
 * would start on each poll's records at the same moment. Each main consumer is therefore a {@link PollAheadConsumer},
 * which returns a poll's records one poll late: the workers anonymize them while the stream thread processes the
 * poll before (the share the stream thread anonymized itself went from ~15 % to ~2-3 % of the records).
 *
 * <p>The stream thread never waits for work that has not started: a record no worker has reached yet is
 * claimed and anonymized by the stream thread itself, and only a record a worker is in the middle of is waited
 * for (a few microseconds; a worker still on it after {@link Chunk#TAKE_OVER_NANOS} was preempted, and the stream
 * thread takes the record over); a worker goes through each chunk from its end, so the two meet at most once in it.
 * An outcome is used only for the very record it was computed from (the same partition, offset and value
 * array), so a seek back, a rebalance or an aborted transaction can only make the stream thread compute a
 * record itself. What is held is bounded ({@value #MAX_PENDING_CHUNKS} chunks of {@value #CHUNK} records per
 * stream thread), and dropped when the consumer goes back in a partition.
 *
 * <p>Installed with {@link #install(Properties)} on the properties of {@code new KafkaStreams(...)}; with
 * {@code anonymize.threads=0} it installs nothing and the stream thread anonymizes every record itself. The
 * {@code TopologyTestDriver} has no consumer, so there every record is anonymized on the stream thread.
 */
public final class AnonymizeAhead {

    private static final Logger LOG = LoggerFactory.getLogger(AnonymizeAhead.class);

    /** The main consumer's config key under which the {@link Interceptor} finds this instance. */
    static final String INSTANCE_CONFIG = "opensn.anonymize-ahead.instance";
    /** Records one worker task takes (consecutive records of one partition). */
    static final int CHUNK = 64;
    /** Chunks held per stream thread before all are dropped (they are then anonymized on the stream thread). */
    static final int MAX_PENDING_CHUNKS = 1024;

    private static final String INTERCEPTORS = StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
    private static final String ALL_CONSUMER_INTERCEPTORS = StreamsConfig.consumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);

    private final int threads;
    /** Raw topic -> makes the anonymizer of its records (each stream thread's workers get their own). */
    private final Map<String, Supplier<RawAnonymizer<?, ?>>> anonymizers = new HashMap<>();
    /** The look-ahead of the stream thread that calls, set by its consumer's interceptor at each poll. */
    private final ThreadLocal<Lookahead> current = new ThreadLocal<>();
    /** Every open look-ahead (one per stream thread), for {@link #counts()}. */
    private final Set<Lookahead> open = ConcurrentHashMap.newKeySet();
    /** What the look-aheads closed so far counted. */
    private final AtomicReference<Counts> closedCounts = new AtomicReference<>(Counts.NONE);

    /**
     * How many raw records the anonymize processors took from a worker, and how many they anonymized on the
     * stream thread (not reached by a worker yet, or polled again after a rebalance), over the life of this
     * instance, on the stream threads that have a worker; and of the latter, how many the stream thread took over
     * from a worker that had been on them longer than {@link Chunk#TAKE_OVER_NANOS} (preempted: the worker's outcome is
     * dropped), so that they were anonymized twice.
     */
    public record Counts(long anonymizedAhead, long anonymizedOnStreamThread, long takenOver) {

        static final Counts NONE = new Counts(0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(anonymizedAhead + other.anonymizedAhead, anonymizedOnStreamThread + other.anonymizedOnStreamThread,
                    takenOver + other.takenOver);
        }
    }

    /**
     * @param threads worker threads per stream thread; 0 for none (every record is anonymized on the stream thread)
     */
    AnonymizeAhead(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("anonymize.threads must be 0 or more, got " + threads);
        }
        this.threads = threads;
    }

    /** Records of {@code rawTopic} are anonymized ahead by anonymizers {@code factory} makes. */
    synchronized void register(String rawTopic, Supplier<RawAnonymizer<?, ?>> factory) {
        anonymizers.put(rawTopic, factory);
    }

    /**
     * Adds this look-ahead to the properties of a {@code KafkaStreams} instance running a topology it was built
     * for: its interceptor after any the main consumer already has, this instance for the interceptor to
     * find, and {@link PollAheadConsumer.Supplier} as the client supplier unless one is set already. Does nothing
     * without worker threads ({@code anonymize.threads=0}).
     */
    public void install(Properties streamsProperties) {
        if (threads == 0) {
            return;
        }
        Object configured = streamsProperties.getOrDefault(INTERCEPTORS, streamsProperties.get(ALL_CONSUMER_INTERCEPTORS));
        String others = configured == null ? "" : configured.toString().trim();
        streamsProperties.put(INTERCEPTORS, others.isEmpty() ? Interceptor.class.getName() : others + "," + Interceptor.class.getName());
        streamsProperties.put(StreamsConfig.mainConsumerPrefix(INSTANCE_CONFIG), this);
        // each main consumer returns a poll's records one poll late, so the workers start on them first (PollAheadConsumer)
        Object supplier = streamsProperties.get(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG);
        if (supplier == null) {
            streamsProperties.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, PollAheadConsumer.Supplier.class);
        } else if (!PollAheadConsumer.Supplier.class.getName().equals(supplier instanceof Class<?> c ? c.getName() : supplier.toString())) {
            LOG.warn("kafka.{} is set ({}): the anonymize workers get no head start on each poll's records, and the stream "
                    + "threads anonymize more of them themselves", StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, supplier);
        }
    }

    /**
     * The outcome computed ahead for this record (topic, partition, offset, and the very array of its value), or
     * null when the stream thread is to anonymize it itself. Called on the stream thread.
     */
    RawAnonymizer.Outcome<?> take(String topic, int partition, long offset, byte[] value) {
        Lookahead lookahead = current.get();
        return lookahead == null ? null : lookahead.take(topic, partition, offset, value);
    }

    /** The counts so far (see {@link Counts}); read while the stream threads run, so each figure may trail by a record. */
    public Counts counts() {
        Counts sum = closedCounts.get();
        for (Lookahead l : open) {
            sum = sum.plus(l.counts());
        }
        return sum;
    }

    /**
     * Registers {@code opensn.anonymize.records} (Prometheus: {@code opensn_anonymize_records_total}), raw records
     * anonymized by a worker ({@code where=worker}) and on the stream thread ({@code where=stream-thread}), and
     * {@code opensn.anonymize.taken.over} ({@code opensn_anonymize_taken_over_total}), those of the latter the stream
     * thread took over from a worker stuck in them.
     */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("opensn.anonymize.records", this, a -> a.counts().anonymizedAhead())
                .description("raw records deserialized, anonymized and serialized, by where").tag("where", "worker").register(registry);
        FunctionCounter.builder("opensn.anonymize.records", this, a -> a.counts().anonymizedOnStreamThread())
                .description("raw records deserialized, anonymized and serialized, by where").tag("where", "stream-thread").register(registry);
        FunctionCounter.builder("opensn.anonymize.taken.over", this, a -> a.counts().takenOver())
                .description("raw records the stream thread anonymized itself after a worker had been in them for "
                        + Chunk.TAKE_OVER_NANOS / 1_000 + " us (preempted); counted in where=stream-thread too").register(registry);
    }

    synchronized Lookahead newLookahead(String clientId) {
        Map<String, RawAnonymizer<?, ?>> own = new HashMap<>();
        anonymizers.forEach((topic, factory) -> own.put(topic, factory.get()));
        Lookahead lookahead = new Lookahead(own, threads, clientId, this);
        open.add(lookahead);
        return lookahead;
    }

    private void closed(Lookahead lookahead) {
        if (open.remove(lookahead)) {
            closedCounts.accumulateAndGet(lookahead.counts(), Counts::plus);
        }
    }

    /**
     * The consumer interceptor that hands each poll's raw records to the worker threads. Kafka creates one per
     * main consumer, so one per stream thread; it finds its {@link AnonymizeAhead} in its config (put there by
     * {@link #install}) and stops its workers when the consumer closes.
     */
    public static final class Interceptor implements ConsumerInterceptor<byte[], byte[]> {

        private AnonymizeAhead ahead;
        private Lookahead lookahead;

        @Override
        public void configure(Map<String, ?> configs) {
            Object instance = configs.get(INSTANCE_CONFIG);
            if (!(instance instanceof AnonymizeAhead a)) {
                throw new ConfigException(Interceptor.class.getName() + " needs the pipeline's AnonymizeAhead under " + INSTANCE_CONFIG
                        + ", got " + (instance == null ? "nothing" : instance.getClass().getName())
                        + ": install it with PipelineTopology.anonymizeAhead().install(properties) instead of naming the class yourself");
            }
            this.ahead = a;
            this.lookahead = a.newLookahead(String.valueOf(configs.get(ConsumerConfig.CLIENT_ID_CONFIG)));
        }

        @Override
        public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
            ahead.current.set(lookahead);
            if (!records.isEmpty()) {
                lookahead.submit(records);
            }
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
            if (lookahead != null) {
                lookahead.close();
            }
            if (ahead != null && ahead.current.get() == lookahead) {
                ahead.current.remove();
            }
        }
    }

    /**
     * One stream thread's records in flight: per partition, the chunks of polled raw records in offset order,
     * and the workers that anonymize them. Submitted and taken on the stream thread only; a chunk's records are
     * claimed record by record by whichever thread gets there first.
     */
    static final class Lookahead implements AutoCloseable {

        private final Map<String, RawAnonymizer<?, ?>> anonymizers;
        private final AnonymizeAhead owner;
        private final ExecutorService workers;
        /** Written by the stream thread only (lazySet), read by {@link #counts()}. */
        private final AtomicLong takenAhead = new AtomicLong();
        private final AtomicLong leftToStreamThread = new AtomicLong();
        private final AtomicLong takenOver = new AtomicLong();
        private final Map<TopicPartition, ArrayDeque<Chunk>> pending = new HashMap<>();
        private int pendingChunks;
        private TopicPartition lastPartition;
        private ArrayDeque<Chunk> lastQueue;

        Lookahead(Map<String, RawAnonymizer<?, ?>> anonymizers, int threads, String clientId, AnonymizeAhead owner) {
            this.anonymizers = anonymizers;
            this.owner = owner;
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, clientId + "-anonymize-ahead-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        void submit(ConsumerRecords<byte[], byte[]> records) {
            // each partition's chunks in offset order, the partitions taken in turns: the stream thread, too, takes
            // a few records of one task, then of the next
            List<List<Chunk>> byPartition = new ArrayList<>();
            for (TopicPartition tp : records.partitions()) {
                RawAnonymizer<?, ?> anonymizer = anonymizers.get(tp.topic());
                if (anonymizer == null) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                ArrayDeque<Chunk> queue = pending.computeIfAbsent(tp, k -> new ArrayDeque<>());
                if (!queue.isEmpty() && queue.peekLast().lastOffset() >= list.get(0).offset()) {
                    drop(queue); // the consumer went back in this partition (a seek after a rebalance or an abort)
                }
                List<Chunk> chunks = new ArrayList<>();
                for (int from = 0; from < list.size(); from += CHUNK) {
                    Chunk chunk = new Chunk(anonymizer, tp.topic(), list.subList(from, Math.min(list.size(), from + CHUNK)), takenOver);
                    queue.addLast(chunk);
                    pendingChunks++;
                    chunks.add(chunk);
                }
                byPartition.add(chunks);
            }
            for (int i = 0, submitted = -1; submitted != 0; i++) {
                submitted = 0;
                for (List<Chunk> chunks : byPartition) {
                    if (i < chunks.size()) {
                        workers.execute(chunks.get(i));
                        submitted++;
                    }
                }
            }
            if (pendingChunks > MAX_PENDING_CHUNKS) {
                // records of partitions no longer assigned, which the stream thread will not take: drop everything
                pending.values().forEach(this::drop);
            }
        }

        Counts counts() {
            return new Counts(takenAhead.get(), leftToStreamThread.get(), takenOver.get());
        }

        RawAnonymizer.Outcome<?> take(String topic, int partition, long offset, byte[] value) {
            RawAnonymizer.Outcome<?> outcome = held(topic, partition, offset, value);
            AtomicLong count = outcome != null ? takenAhead : leftToStreamThread;
            count.lazySet(count.get() + 1);
            return outcome;
        }

        private RawAnonymizer.Outcome<?> held(String topic, int partition, long offset, byte[] value) {
            ArrayDeque<Chunk> queue = queue(topic, partition);
            if (queue == null) {
                return null;
            }
            Chunk chunk;
            while ((chunk = queue.peekFirst()) != null && chunk.lastOffset() < offset) {
                queue.pollFirst().cancel();
                pendingChunks--;
            }
            return chunk == null ? null : chunk.take(offset, value);
        }

        private ArrayDeque<Chunk> queue(String topic, int partition) {
            TopicPartition last = lastPartition;
            if (last == null || last.partition() != partition || !last.topic().equals(topic)) {
                lastPartition = new TopicPartition(topic, partition);
                lastQueue = pending.get(lastPartition);
            } else if (lastQueue == null) {
                lastQueue = pending.get(last);
            }
            return lastQueue;
        }

        private void drop(ArrayDeque<Chunk> queue) {
            pendingChunks -= queue.size();
            queue.forEach(Chunk::cancel);
            queue.clear();
        }

        /** Stops the workers (what they hold is dropped) and closes the anonymizers. */
        @Override
        public void close() {
            pending.values().forEach(this::drop);
            workers.shutdownNow();
            anonymizers.values().forEach(RawAnonymizer::close);
            owner.closed(this);
        }
    }

    /** Up to {@link #CHUNK} consecutive records of one partition, anonymized by a worker from the last to the first. */
    static final class Chunk implements Runnable {

        private static final int FREE = 0;
        private static final int WORKING = 1;
        private static final int DONE = 2;
        /** Claimed by the stream thread, which anonymizes the record itself. */
        private static final int TAKEN = 3;
        /**
         * How long the stream thread waits for a worker in the middle of its record before it takes the record over:
         * a worker takes ~5 µs a record, so one still on it after this was preempted (two cores, more threads), and
         * waiting for the scheduler to give it back its core cost the stream thread ~6 % of its time spinning.
         */
        static final long TAKE_OVER_NANOS = 20_000;

        private final RawAnonymizer<?, ?> anonymizer;
        private final String topic;
        private final long[] offsets;
        private final byte[][] values;
        private final Headers[] headers;
        private final RawAnonymizer.Outcome<?>[] outcomes;
        private final AtomicIntegerArray states;
        /** The stream thread's count of records it took over from a worker (written by it only). */
        private final AtomicLong takenOver;
        private volatile boolean cancelled;
        /** Where the stream thread expects its next record (it takes them in order). */
        private int cursor;

        Chunk(RawAnonymizer<?, ?> anonymizer, String topic, List<ConsumerRecord<byte[], byte[]>> records, AtomicLong takenOver) {
            this.anonymizer = anonymizer;
            this.takenOver = takenOver;
            this.topic = topic;
            int n = records.size();
            this.offsets = new long[n];
            this.values = new byte[n][];
            this.headers = new Headers[n];
            for (int i = 0; i < n; i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                offsets[i] = r.offset();
                values[i] = r.value();
                headers[i] = r.headers();
            }
            this.outcomes = new RawAnonymizer.Outcome<?>[n];
            this.states = new AtomicIntegerArray(n);
        }

        long lastOffset() {
            return offsets[offsets.length - 1];
        }

        void cancel() {
            cancelled = true;
        }

        /**
         * On a worker: anonymizes every record no thread has claimed yet, from the last to the first. The stream
         * thread takes them from the first: when it reaches a chunk the worker is still on, the two meet once in
         * the middle instead of going in step, the stream thread waiting for each record the worker has just
         * started (a profile showed that convoy at ~8 % of the stream thread's time).
         */
        @Override
        public void run() {
            for (int i = offsets.length - 1; i >= 0 && !cancelled; i--) {
                if (states.compareAndSet(i, FREE, WORKING)) {
                    try {
                        outcomes[i] = anonymizer.anonymize(topic, headers[i], values[i]);
                    } finally {
                        // with no outcome if it threw: the stream thread then anonymizes it itself
                        if (!states.compareAndSet(i, WORKING, DONE)) {
                            outcomes[i] = null; // taken over by the stream thread meanwhile
                        }
                    }
                }
            }
        }

        /** On the stream thread: the outcome of the record at {@code offset}, or null to anonymize it itself. */
        RawAnonymizer.Outcome<?> take(long offset, byte[] value) {
            int i = indexOf(offset);
            if (i < 0 || values[i] != value) {
                return null;
            }
            cursor = i + 1;
            if (states.get(i) == FREE && states.compareAndSet(i, FREE, TAKEN)) {
                return null;
            }
            long since = 0;
            for (int spins = 1; states.get(i) == WORKING; spins++) {
                Thread.onSpinWait();
                if ((spins & 63) == 0) {
                    long now = System.nanoTime();
                    if (since == 0) {
                        since = now;
                    } else if (now - since > TAKE_OVER_NANOS && states.compareAndSet(i, WORKING, TAKEN)) {
                        takenOver.lazySet(takenOver.get() + 1);
                        return null;
                    }
                }
            }
            RawAnonymizer.Outcome<?> outcome = outcomes[i];
            outcomes[i] = null;
            return outcome;
        }

        private int indexOf(long offset) {
            if (cursor < offsets.length && offsets[cursor] == offset) {
                return cursor;
            }
            int i = Arrays.binarySearch(offsets, offset);
            return i >= 0 ? i : -1;
        }
    }
}
