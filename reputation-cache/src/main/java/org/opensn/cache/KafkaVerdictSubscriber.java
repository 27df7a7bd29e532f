package org.opensn.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.serde.AvroSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link VerdictSubscriber} on a Kafka consumer with manual assignment of every partition. */
final class KafkaVerdictSubscriber implements VerdictSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaVerdictSubscriber.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    private final VerdictSubscriber.Builder options;
    private final Deserializer<ReputationVerdict> deserializer;
    private final List<VerdictListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch readyLatch = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong applied = new AtomicLong();
    private final Map<Integer, Long> startOffsets = new ConcurrentHashMap<>();
    private final long startedAtMillis;
    private final StateFile stateFile;
    private final Object snapshotLock = new Object();

    private volatile VerdictTable table;
    private volatile boolean ready;
    private volatile boolean resumed;
    private volatile long lastCaughtUpMillis = -1;
    private volatile long lag = -1;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long savedSeq = -1;
    private Thread thread;
    private FileChannel lockChannel;
    private FileLock stateLock;

    KafkaVerdictSubscriber(VerdictSubscriber.Builder options) {
        this.options = options;
        this.deserializer = options.deserializer != null ? options.deserializer
                : AvroSerdes.specific(ReputationVerdict.class, options.serdeConfig, false).deserializer();
        if (options.listener != null) {
            listeners.add(options.listener);
        }
        this.stateFile = options.stateDir == null ? null : new StateFile(options.stateDir);
        this.startedAtMillis = options.clock.millis();
    }

    @Override
    public VerdictSubscriber start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("verdict subscriber for " + options.topic + " was already started");
        }
        if (options.stateDir != null) {
            lockStateDir(options.stateDir);
        }
        thread = new Thread(this::run, "opensn-verdicts-" + options.topic);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void lockStateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("state.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            stateLock = lockChannel.tryLock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use state dir " + dir + ": " + e.getMessage()
                    + " (check it exists or can be created, and is writable)", e);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            stateLock = null;
        }
        if (stateLock == null) {
            throw new IllegalStateException("state dir " + dir + " is in use by another verdict subscriber: give each instance its own state dir");
        }
    }

    private void run() {
        Duration backoff = RETRY_BACKOFF;
        while (!closed.get()) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (closed.get()) {
                    return;
                }
                List<TopicPartition> partitions = awaitPartitions(c);
                if (partitions == null) {
                    return;
                }
                c.assign(partitions);
                long endCapturedAt = options.clock.millis();
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                if (table == null) {
                    table = initialTable(c, partitions, end);
                }
                for (TopicPartition tp : partitions) {
                    long pos = table.position(tp.partition());
                    c.seek(tp, pos);
                    startOffsets.putIfAbsent(tp.partition(), pos);
                }
                backoff = RETRY_BACKOFF;
                consume(c, partitions, end, endCapturedAt);
            } catch (WakeupException | InterruptException e) {
                if (!closed.get()) {
                    LOG.warn("verdict subscriber for {} was interrupted; restarting its consumer", options.topic);
                }
            } catch (KafkaException e) {
                if (closed.get()) {
                    return;
                }
                LOG.warn("verdict subscriber for {} failed ({}); retrying in {} (check kafka.bootstrap.servers and credentials)",
                        options.topic, e.toString(), backoff);
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                LOG.error("verdict subscriber for {} failed unexpectedly; retrying in {}", options.topic, backoff, e);
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(options.kafka);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "opensn-reputation-cache-" + options.topic);
        props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        boolean told = false;
        while (!closed.get()) {
            List<PartitionInfo> infos = c.partitionsFor(options.topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> tps = new ArrayList<>();
                for (int p = 0; p < infos.size(); p++) {
                    tps.add(new TopicPartition(options.topic, p));
                }
                return tps;
            }
            if (!told) {
                LOG.warn("topic {} does not exist yet: waiting for it (the streams app creates it)", options.topic);
                told = true;
            }
            sleepQuietly(RETRY_BACKOFF);
        }
        return null;
    }

    /** The table from the state dir if it fits the topic as it is now, else an empty one. */
    private VerdictTable initialTable(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end) {
        int n = partitions.size();
        if (stateFile != null) {
            Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
            try {
                VerdictTable loaded = stateFile.read(header -> {
                    String problem = unusable(header, n, begin, end);
                    if (problem != null) {
                        LOG.info("not resuming from {}: {}; reading {} from the beginning", stateFile.path(), problem, options.topic);
                        return null;
                    }
                    return new VerdictTable(options.topic, n, header.horizon());
                });
                if (loaded != null) {
                    resumed = true;
                    savedSeq = loaded.writeSeq();
                    LOG.info("resumed {} verdicts of {} from {} at offsets {}", loaded.size(), options.topic, stateFile.path(),
                            java.util.Arrays.toString(loaded.positions()));
                    return loaded;
                }
            } catch (IOException e) {
                LOG.warn("not resuming: {}; reading {} from the beginning", e.getMessage(), options.topic);
            }
        }
        long[] horizon = new long[n];
        for (TopicPartition tp : partitions) {
            horizon[tp.partition()] = end.get(tp);
        }
        return new VerdictTable(options.topic, n, horizon);
    }

    private String unusable(StateFile.Header h, int partitions, Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
        if (!h.topic().equals(options.topic)) {
            return "it holds topic " + h.topic();
        }
        if (h.positions().length != partitions) {
            return "it holds " + h.positions().length + " partitions, the topic has " + partitions;
        }
        Duration age = Duration.between(h.writtenAt(), Instant.ofEpochMilli(options.clock.millis()));
        if (age.compareTo(options.maxStateAge) > 0) {
            return "it is " + age + " old (more than maxStateAge " + options.maxStateAge + ")";
        }
        for (Map.Entry<TopicPartition, Long> e : begin.entrySet()) {
            long pos = h.positions()[e.getKey().partition()];
            if (pos < e.getValue()) {
                return "partition " + e.getKey().partition() + " now starts at offset " + e.getValue() + ", after the stored " + pos;
            }
            if (pos > end.get(e.getKey())) {
                return "partition " + e.getKey().partition() + " ends at offset " + end.get(e.getKey())
                        + ", before the stored " + pos + " (was the topic re-created?)";
            }
        }
        return null;
    }

    private void consume(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions, Map<TopicPartition, Long> end,
                         long endCapturedAt) {
        VerdictTable t = table;
        // intervals run on the monotonic clock; the injected clock only stamps times that are reported or stored
        long lastPurge = System.nanoTime();
        long lastSnapshot = System.nanoTime();
        long lastCheck = System.nanoTime();
        long[] checkEnd = toArray(end, partitions.size());
        long checkAt = endCapturedAt;
        while (!closed.get()) {
            ConsumerRecords<String, byte[]> records = c.poll(options.pollTimeout);
            long now = options.clock.millis();
            for (ConsumerRecord<String, byte[]> r : records) {
                apply(t, r, now);
            }
            for (TopicPartition tp : partitions) {
                t.advance(tp.partition(), c.position(tp));
            }
            if (checkEnd != null && reached(t, checkEnd)) {
                // the table now holds everything the topic held at checkAt
                lastCaughtUpMillis = checkAt;
                lag = 0;
                checkEnd = null;
                if (!ready) {
                    markReady(t);
                }
            }
            long tick = System.nanoTime();
            if (checkEnd == null && tick - lastCheck >= CHECK_EVERY.toNanos()) {
                lastCheck = tick;
                checkAt = options.clock.millis();
                checkEnd = endOffsets(c, partitions);
                if (checkEnd != null) {
                    long behind = 0;
                    long[] pos = t.positions();
                    for (int p = 0; p < pos.length; p++) {
                        behind += Math.max(0, checkEnd[p] - pos[p]);
                    }
                    lag = behind;
                }
            }
            if (tick - lastPurge >= PURGE_EVERY.toNanos()) {
                int dropped = t.purgeTombstones(now - options.tombstoneRetention.toMillis());
                if (dropped > 0) {
                    LOG.debug("forgot {} withdrawals older than {}", dropped, options.tombstoneRetention);
                }
                lastPurge = tick;
            }
            if (stateFile != null && ready && tick - lastSnapshot >= options.snapshotInterval.toNanos()) {
                saveState();
                lastSnapshot = tick;
            }
        }
    }

    /** The topic's end offsets now, or null (lag unknown) if the broker does not answer in time. */
    private long[] endOffsets(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
        try {
            return toArray(c.endOffsets(partitions, END_OFFSETS_TIMEOUT), partitions.size());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            lag = -1;
            return null;
        }
    }

    private static long[] toArray(Map<TopicPartition, Long> offsets, int partitions) {
        long[] a = new long[partitions];
        offsets.forEach((tp, o) -> a[tp.partition()] = o);
        return a;
    }

    private static boolean reached(VerdictTable t, long[] end) {
        long[] pos = t.positions();
        for (int p = 0; p < end.length; p++) {
            if (pos[p] < end[p]) {
                return false;
            }
        }
        return true;
    }

    private void markReady(VerdictTable t) {
        ready = true;
        readyLatch.countDown();
        LOG.info("verdict table of {} is ready: {} verdicts, {} records read", options.topic, t.size(), applied.get());
    }

    private void apply(VerdictTable t, ConsumerRecord<String, byte[]> r, long now) {
        if (r.key() == null) {
            LOG.warn("skipping record without key at {}-{} offset {}", r.topic(), r.partition(), r.offset());
            t.advance(r.partition(), r.offset() + 1);
            return;
        }
        CachedVerdict value;
        try {
            ReputationVerdict v = r.value() == null ? null : deserializer.deserialize(r.topic(), r.headers(), r.value());
            value = v == null ? null : CachedVerdict.of(r.key(), v);
        } catch (RuntimeException e) {
            LOG.warn("skipping unreadable verdict at {}-{} offset {}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            t.advance(r.partition(), r.offset() + 1);
            return;
        }
        VerdictTable.Applied change = t.apply(r.partition(), r.offset(), r.key(), value, now);
        if (change == null) {
            return;
        }
        applied.incrementAndGet();
        for (VerdictListener l : listeners) {
            try {
                l.onChange(r.key(), change.previous(), change.current());
            } catch (RuntimeException e) {
                LOG.warn("verdict listener {} failed for a change at {}-{} offset {}", l, r.topic(), r.partition(), r.offset(), e);
            }
        }
    }

    @Override
    public void saveState() {
        VerdictTable t = table;
        if (stateFile == null || t == null) {
            return;
        }
        synchronized (snapshotLock) {
            long seq = t.writeSeq();
            if (seq == savedSeq) {
                return;
            }
            try (VerdictTable.Reader reader = t.openReader()) {
                stateFile.write(t, reader, Instant.ofEpochMilli(options.clock.millis()));
                savedSeq = seq;
            } catch (IOException e) {
                LOG.warn("could not write the verdict snapshot {}: {} (check free space and permissions)", stateFile.path(), e.getMessage());
            }
        }
    }

    /** Waits {@code d}, or less if the subscriber is closed meanwhile. */
    private void sleepQuietly(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- VerdictView ---

    @Override
    public CachedVerdict lookup(String ref) {
        VerdictTable t = table;
        return t == null ? null : t.lookup(ref);
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return readyLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Duration staleness() {
        long since = lastCaughtUpMillis < 0 ? startedAtMillis : lastCaughtUpMillis;
        return Duration.ofMillis(Math.max(0, options.clock.millis() - since));
    }

    @Override
    public long lag() {
        return lag;
    }

    @Override
    public int size() {
        VerdictTable t = table;
        return t == null ? 0 : t.size();
    }

    @Override
    public String checksum() {
        VerdictTable t = table;
        return t == null ? new TableChecksum().hex() : t.checksum();
    }

    @Override
    public ChangeSet changesSince(UpdateToken token) {
        VerdictTable t = table;
        if (!ready || t == null) {
            throw new IllegalStateException("the verdict table of " + options.topic + " is still loading");
        }
        return t.changesSince(token);
    }

    // --- VerdictSubscriber ---

    @Override
    public void addListener(VerdictListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(VerdictListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Map<Integer, Long> startOffsets() {
        return Map.copyOf(startOffsets);
    }

    @Override
    public boolean resumedFromState() {
        return resumed;
    }

    @Override
    public long recordsApplied() {
        return applied.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ready) {
            saveState();
        }
        deserializer.close();
        try {
            if (stateLock != null) {
                stateLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("releasing the state dir lock failed", e);
        }
    }

    /** Positions of the table (tests). */
    long[] positionsForTest() {
        VerdictTable t = table;
        return t == null ? new long[0] : t.positions();
    }

    @Override
    public String toString() {
        return "VerdictSubscriber[" + options.topic + (ready ? ", ready" : ", loading") + ", " + size() + " verdicts]";
    }
}
