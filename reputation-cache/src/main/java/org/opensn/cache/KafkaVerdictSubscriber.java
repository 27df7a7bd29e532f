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
import java.util.OptionalLong;
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
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final VerdictSubscriber.Builder options;
    private final Deserializer<ReputationVerdict> deserializer;
    private final List<VerdictListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch readyLatch = new CountDownLatch(1);
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
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                if (table == null) {
                    table = initialTable(c, partitions, end);
                }
                for (TopicPartition tp : partitions) {
                    long pos = table.position(tp.partition());
                    c.seek(tp, pos);
                    startOffsets.putIfAbsent(tp.partition(), pos);
                }
                consume(c, partitions, end);
            } catch (WakeupException | InterruptException e) {
                if (!closed.get()) {
                    LOG.warn("verdict subscriber for {} was interrupted; restarting its consumer", options.topic);
                }
            } catch (KafkaException e) {
                if (closed.get()) {
                    return;
                }
                LOG.warn("verdict subscriber for {} failed ({}); retrying in {}", options.topic, e.toString(), RETRY_BACKOFF);
                sleepQuietly(RETRY_BACKOFF);
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                LOG.error("verdict subscriber for {} failed unexpectedly; retrying in {}", options.topic, RETRY_BACKOFF, e);
                sleepQuietly(RETRY_BACKOFF);
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

    private void consume(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        VerdictTable t = table;
        long lastPurge = options.clock.millis();
        long lastSnapshot = options.clock.millis();
        checkReady(t, end);
        while (!closed.get()) {
            ConsumerRecords<String, byte[]> records = c.poll(options.pollTimeout);
            long now = options.clock.millis();
            for (ConsumerRecord<String, byte[]> r : records) {
                apply(t, r, now);
            }
            long totalLag = 0;
            boolean lagKnown = true;
            for (TopicPartition tp : partitions) {
                t.advance(tp.partition(), c.position(tp));
                OptionalLong l = c.currentLag(tp);
                if (l.isPresent()) {
                    totalLag += l.getAsLong();
                } else {
                    lagKnown = false;
                }
            }
            lag = lagKnown ? totalLag : -1;
            if (lagKnown && totalLag == 0) {
                lastCaughtUpMillis = now;
            }
            if (!ready) {
                checkReady(t, end);
            }
            if (now - lastPurge >= PURGE_EVERY.toMillis()) {
                int dropped = t.purgeTombstones(now - options.tombstoneRetention.toMillis());
                if (dropped > 0) {
                    LOG.debug("forgot {} withdrawals older than {}", dropped, options.tombstoneRetention);
                }
                lastPurge = now;
            }
            if (stateFile != null && ready && now - lastSnapshot >= options.snapshotInterval.toMillis()) {
                saveState();
                lastSnapshot = now;
            }
        }
    }

    private void checkReady(VerdictTable t, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (t.position(e.getKey().partition()) < e.getValue()) {
                return;
            }
        }
        ready = true;
        lastCaughtUpMillis = options.clock.millis();
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

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
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
        long age = options.clock.millis() - since;
        // the consumer reports once per poll; within a few polls of the last report counts as fresh
        return age <= 4 * options.pollTimeout.toMillis() + 1000 ? Duration.ZERO : Duration.ofMillis(age);
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
