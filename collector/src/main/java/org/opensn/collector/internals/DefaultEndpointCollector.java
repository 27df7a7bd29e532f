package org.opensn.collector.internals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.CollectorStats;
import org.opensn.collector.Delivery;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.EventKeys;
import org.opensn.collector.ReportResult;
import org.opensn.collector.ReportStatus;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.serde.AvroSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EndpointCollector}: report calls check the mode and queue; one sender thread owns the producer and
 * the spool. See the interface for the guarantees. Consent changes bump a generation: anything queued, in flight
 * or in a callback with an older generation is discarded, never spooled or sent.
 */
public final class DefaultEndpointCollector implements EndpointCollector {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultEndpointCollector.class);
    private static final long MODE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How often the sender writes the transparency log's buffered lines to its file (and {@link #flush} at once): a
     * sender that wakes for every few reports would otherwise make a write call each time.
     */
    private static final long SENT_LOG_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** One accepted report on its way. {@code future} is null for records resent from the spool. */
    private record Pending(SpoolRecord.Kind kind, SpecificRecord event, String topic, String key, long generation,
                           CompletableFuture<Delivery> future) {
    }

    private final CollectorConfig config;
    private final Clock clock;
    private final ModeStore modeStore;
    private final String deviceId;
    private final Spool spool;
    private final TransparencyLog sentLog;
    private final Serializer<DetectionEvent> detectionSerializer;
    private final Serializer<ThreatSourceEvent> threatSourceSerializer;
    private final LinkedBlockingQueue<Pending> inbox;
    private final Thread sender;
    private final String hostName;
    private final String userName;
    private final OsFamily osFamily;
    private final String osVersion;

    private final Object modeLock = new Object();
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile ParticipationMode mode;
    private volatile String modeProblem;
    private volatile long generation;
    private String modeStamp;
    private long modeCheckedNanos;
    private long sentLogFlushedNanos; // sender thread only

    private Producer<String, byte[]> producer; // guarded by sendLock
    private final AtomicLong pending = new AtomicLong(); // accepted, fate not yet known
    private final AtomicLong outstanding = new AtomicLong(); // handed to the producer, no callback yet
    private volatile boolean unreachable;
    private volatile boolean closing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long backoffMillis;
    private volatile long nextAttemptNanos;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refusedOff = new LongAdder();
    private final LongAdder refusedBasic = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder spooled = new LongAdder();
    private final LongAdder discarded = new LongAdder();

    private DefaultEndpointCollector(CollectorConfig config, Clock clock) {
        AvroSerdes.trustGeneratedAvroClasses(); // the spool is read back with Avro single-object decoding
        this.config = config;
        this.clock = clock;
        try {
            PrivateDirs.create(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the state directory " + config.stateDir() + ": " + e.getMessage()
                    + " (set state.dir or --state-dir to a directory this user may write)", e);
        }
        this.modeStore = new ModeStore(config.stateDir(), clock);
        ModeStore.Read read = modeStore.read();
        this.mode = read.mode();
        this.modeProblem = read.problem();
        this.modeStamp = modeStore.stamp();
        this.modeCheckedNanos = System.nanoTime();
        this.sentLogFlushedNanos = modeCheckedNanos;
        if (read.problem() != null) {
            LOG.warn("{}", read.problem());
        }
        this.deviceId = DeviceIdStore.loadOrCreate(config.stateDir());
        this.spool = new Spool(config.stateDir(), config.spoolMaxBytes(), generation);
        if (mode != ParticipationMode.EXTENDED && !spool.isEmpty()) {
            long n = spool.purge(generation);
            LOG.warn("deleted {} spooled records from {}: participation is {} (statistics are sent only in extended)",
                    n, spool.directory(), mode.name().toLowerCase(Locale.ROOT));
        }
        this.sentLog = new TransparencyLog(config.stateDir(), config.sentLogMaxBytes(), clock);
        this.detectionSerializer = AvroSerdes.specific(DetectionEvent.class, config.serdeConfig(), false).serializer();
        this.threatSourceSerializer = AvroSerdes.specific(ThreatSourceEvent.class, config.serdeConfig(), false).serializer();
        this.inbox = new LinkedBlockingQueue<>(config.queueCapacity());
        this.hostName = hostName();
        this.userName = System.getProperty("user.name", "unknown");
        this.osFamily = osFamily(System.getProperty("os.name", ""));
        this.osVersion = System.getProperty("os.version", "unknown");
        this.sender = new Thread(this::runSender, "opensn-collector-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Opens the state dir and starts the sender. */
    public static EndpointCollector create(CollectorConfig config, Clock clock) {
        return new DefaultEndpointCollector(config, clock);
    }

    // ---- mode -------------------------------------------------------------------------------------------------

    @Override
    public ParticipationMode mode() {
        return mode;
    }

    @Override
    public Optional<String> modeProblem() {
        return Optional.ofNullable(modeProblem);
    }

    @Override
    public void setMode(ParticipationMode newMode) {
        if (newMode == null) {
            throw new IllegalArgumentException("mode is null: choose OFF, BASIC or EXTENDED");
        }
        if (closed.get()) {
            throw new IllegalStateException("collector is closed: build a new one to change the mode");
        }
        applyMode(newMode, true);
    }

    private void applyMode(ParticipationMode newMode, boolean persist) {
        Producer<String, byte[]> toAbort = null;
        synchronized (modeLock) {
            if (persist) {
                modeStore.write(newMode);
                modeStamp = modeStore.stamp();
            }
            ParticipationMode old = mode;
            modeProblem = null;
            if (old == newMode) {
                return;
            }
            long gen = ++generation;
            mode = newMode;
            if (newMode == ParticipationMode.EXTENDED) {
                spool.accept(gen);
            } else {
                long purged = spool.purge(gen);
                List<Pending> queued = new ArrayList<>();
                inbox.drainTo(queued);
                queued.forEach(this::discard);
                LOG.info("participation changed from {} to {}: discarded {} queued and {} spooled records",
                        old, newMode, queued.size(), purged);
            }
            LOG.info("participation mode is now {} ({})", newMode, persist ? "set here" : "changed in " + modeStore.file());
        }
        if (newMode != ParticipationMode.EXTENDED) {
            sendLock.lock();
            try {
                toAbort = producer;
                producer = null;
            } finally {
                sendLock.unlock();
            }
            if (toAbort != null) {
                toAbort.close(Duration.ZERO); // aborts every unacknowledged batch; callbacks see an old generation
            }
            unreachable = false;
        }
    }

    private void refreshModeFromFile() {
        long now = System.nanoTime();
        if (now - modeCheckedNanos < MODE_POLL_NANOS) {
            return;
        }
        modeCheckedNanos = now;
        String stamp = modeStore.stamp();
        String known;
        synchronized (modeLock) {
            known = modeStamp;
        }
        if (stamp.equals(known)) {
            return;
        }
        ModeStore.Read read = modeStore.read();
        synchronized (modeLock) {
            modeStamp = stamp;
        }
        if (read.problem() != null) {
            LOG.warn("{}", read.problem());
        }
        applyMode(read.mode(), false);
        modeProblem = read.problem();
    }

    // ---- reports ----------------------------------------------------------------------------------------------

    @Override
    public String deviceInstallId() {
        return deviceId;
    }

    @Override
    public DetectionEvent.Builder newDetection() {
        return DetectionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(clock.instant())
                .setProductVersion(config.productVersion())
                .setOsFamily(osFamily)
                .setOsVersion(osVersion)
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId(deviceId)
                .setHostName(hostName)
                .setUserName(userName);
    }

    @Override
    public ThreatSourceEvent.Builder newThreatSource() {
        return ThreatSourceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(clock.instant())
                .setProductVersion(config.productVersion())
                .setOsFamily(osFamily)
                .setOsVersion(osVersion)
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId(deviceId)
                .setHostName(hostName)
                .setUserName(userName);
    }

    @Override
    public ReportResult reportDetection(DetectionEvent event) {
        return report(SpoolRecord.Kind.DETECTION, event, config.topics().detectionsRaw().name());
    }

    @Override
    public ReportResult reportThreatSource(ThreatSourceEvent event) {
        return report(SpoolRecord.Kind.THREAT_SOURCE, event, config.topics().threatSourcesRaw().name());
    }

    private ReportResult report(SpoolRecord.Kind kind, SpecificRecord event, String topic) {
        String eventId = event == null ? null : String.valueOf(event.get(0));
        ParticipationMode m = mode;
        long gen = generation;
        if (m != ParticipationMode.EXTENDED) {
            (m == ParticipationMode.OFF ? refusedOff : refusedBasic).increment();
            String why = m == ParticipationMode.OFF
                    ? "participation is off: nothing is recorded or sent (choose 'mode set extended' to share statistics)"
                    : "participation is basic (reputation look-ups only): statistics are never recorded, queued or sent"
                            + " (choose 'mode set extended' to share them)";
            return ReportResult.refused(ReportStatus.REFUSED_MODE, why, eventId);
        }
        String problem = EventChecks.problem(event);
        String key = null;
        if (problem == null) {
            try {
                key = kind == SpoolRecord.Kind.DETECTION ? EventKeys.of((DetectionEvent) event).toString()
                        : EventKeys.of((ThreatSourceEvent) event).toString();
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            rejected.increment();
            return ReportResult.refused(ReportStatus.REJECTED_INVALID, kind.label() + " not sent: " + problem, eventId);
        }
        normalize(event);
        if (closed.get() || closing) {
            droppedQueueFull.increment();
            return ReportResult.refused(ReportStatus.DROPPED, "the collector is closed: build a new one", eventId);
        }
        CompletableFuture<Delivery> future = new CompletableFuture<>();
        pending.incrementAndGet();
        if (!inbox.offer(new Pending(kind, event, topic, key, gen, future))) {
            pending.decrementAndGet();
            droppedQueueFull.increment();
            LOG.warn("the send queue is full ({} reports, queue.capacity): dropped a report; the sender is far behind", config.queueCapacity());
            return ReportResult.refused(ReportStatus.DROPPED, "the send queue is full (queue.capacity=" + config.queueCapacity() + ")", eventId);
        }
        accepted.increment();
        return new ReportResult(ReportStatus.ACCEPTED, "queued for " + topic, eventId, future);
    }

    /** What goes on the wire: participationMode EXTENDED (the mode it was accepted in) and lower-case hashes. */
    private static void normalize(SpecificRecord event) {
        if (event instanceof DetectionEvent d) {
            d.setParticipationMode(ParticipationMode.EXTENDED);
            d.setObjectSha256(d.getObjectSha256().toLowerCase(Locale.ROOT));
        } else if (event instanceof ThreatSourceEvent t) {
            t.setParticipationMode(ParticipationMode.EXTENDED);
            if (t.getRelatedFileSha256() != null) {
                t.setRelatedFileSha256(t.getRelatedFileSha256().toLowerCase(Locale.ROOT));
            }
        }
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        sentLog.flush();
        return true;
    }

    @Override
    public CollectorStats stats() {
        return new CollectorStats(accepted.sum(), refusedOff.sum(), refusedBasic.sum(), rejected.sum(), droppedQueueFull.sum(),
                sent.sum(), spooled.sum(), spool.dropped(), discarded.sum(), spool.bytes());
    }

    // ---- sender thread ----------------------------------------------------------------------------------------

    private void runSender() {
        try {
            while (!closing) {
                try {
                    senderStep();
                } catch (InterruptedException e) {
                    if (!closing) {
                        LOG.warn("sender interrupted; stopping it");
                    }
                    break;
                } catch (RuntimeException e) {
                    LOG.error("sender step failed ({}); retrying after a pause", Failures.describe(e), e);
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    private void senderStep() throws InterruptedException {
        refreshModeFromFile();
        long now = System.nanoTime();
        if (now - sentLogFlushedNanos >= SENT_LOG_FLUSH_NANOS) {
            sentLog.flush();
            sentLogFlushedNanos = now;
        }
        if (mode != ParticipationMode.EXTENDED) {
            Pending p = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (p != null) {
                // the mode may have become EXTENDED since the check: only reports of an older consent are discarded
                if (p.generation() != generation) {
                    discard(p);
                } else if (unreachable || !spool.isEmpty()) {
                    toSpool(p);
                    spool.flush();
                } else {
                    sendDirect(p);
                }
            }
            return;
        }
        if (!unreachable && spool.isEmpty()) {
            Pending p = inbox.poll(100, TimeUnit.MILLISECONDS);
            for (int n = 0; p != null; n++) {
                if (unreachable) {
                    toSpool(p); // behind the records that just failed
                    spool.flush();
                    break;
                }
                sendDirect(p);
                if (n >= 10_000 || closing) {
                    break; // let the loop refresh the mode, flush the log and notice close()
                }
                p = inbox.poll();
            }
            return;
        }
        moveInboxToSpool();
        if (outstanding.get() == 0 && System.nanoTime() - nextAttemptNanos >= 0) {
            resendOldestSegment();
        } else {
            Pending p = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (p != null) {
                toSpool(p);
                spool.flush();
            }
        }
    }

    private void moveInboxToSpool() {
        List<Pending> batch = new ArrayList<>();
        inbox.drainTo(batch, 10_000);
        for (Pending p : batch) {
            toSpool(p);
        }
        spool.flush();
    }

    private void sendDirect(Pending p) {
        byte[] value;
        try {
            value = serialize(p);
        } catch (RuntimeException e) {
            if (Failures.keepForRetry(e)) {
                markUnreachable("schema registry not usable: " + Failures.describe(e));
                toSpool(p);
            } else {
                reject(p, e);
            }
            return;
        }
        outstanding.incrementAndGet();
        try {
            Producer<String, byte[]> target = producerFor(p.generation());
            if (target == null) {
                outstanding.decrementAndGet();
                discard(p);
                return;
            }
            // may block up to max.block.ms for metadata; a concurrent setMode closes the producer, which ends the wait
            target.send(new ProducerRecord<>(p.topic(), p.key(), value), (md, ex) -> onDirectResult(p, ex));
        } catch (RuntimeException e) {
            outstanding.decrementAndGet();
            if (p.generation() != generation) {
                discard(p);
            } else if (Failures.keepForRetry(e)) {
                markUnreachable("broker not reachable: " + Failures.describe(e));
                toSpool(p);
            } else {
                reject(p, e);
            }
        }
    }

    /**
     * The producer to send a record of consent generation {@code gen} with, or null if consent changed since. Checked
     * under the lock that setMode takes to swap the producer out, so no record of a withdrawn consent reaches a new one.
     */
    private Producer<String, byte[]> producerFor(long gen) {
        sendLock.lock();
        try {
            return gen == generation ? producer() : null;
        } finally {
            sendLock.unlock();
        }
    }

    private void onDirectResult(Pending p, Exception ex) {
        try {
            if (ex == null) {
                sent.increment();
                sentLog.append(p.topic(), p.key(), p.event());
                complete(p, Delivery.SENT);
            } else if (p.generation() != generation) {
                discard(p);
            } else if (closing || Failures.keepForRetry(ex)) {
                markUnreachable("not acknowledged in time: " + Failures.describe(ex));
                toSpool(p);
            } else {
                reject(p, ex);
            }
        } finally {
            outstanding.decrementAndGet();
        }
    }

    private void toSpool(Pending p) {
        if (spool.append(encode(p), p.generation())) {
            spooled.increment();
            complete(p, Delivery.SPOOLED);
        } else {
            discard(p);
        }
    }

    private void resendOldestSegment() throws InterruptedException {
        Spool.Segment segment = spool.takeOldest();
        if (segment == null) {
            unreachable = false;
            return;
        }
        long gen = generation;
        List<SpoolRecord> records = segment.records();
        boolean[] acked = new boolean[records.size()];
        boolean[] resolved = new boolean[records.size()];
        // probe with the first record alone, then send the rest of the segment if it got through
        int probeEnd = Math.min(1, records.size());
        boolean ok = sendSpooled(records, 0, probeEnd, gen, acked, resolved);
        if (ok && probeEnd < records.size()) {
            ok = sendSpooled(records, probeEnd, records.size(), gen, acked, resolved);
        }
        if (gen != generation) {
            return; // consent withdrawn meanwhile: the spool is already gone
        }
        List<SpoolRecord> remaining = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (!resolved[i]) {
                remaining.add(records.get(i));
            }
        }
        spool.complete(segment, remaining);
        if (remaining.isEmpty() && ok) {
            backoffMillis = 0;
            nextAttemptNanos = System.nanoTime();
            if (spool.isEmpty()) {
                unreachable = false;
                LOG.info("spool emptied: all spooled records acknowledged");
            }
        } else {
            backoffMillis = Math.min(config.retryBackoffMax().toMillis(), Math.max(250, backoffMillis * 2));
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
            unreachable = true;
            LOG.info("broker still unreachable: {} records stay spooled, next attempt in {} ms", spool.records(), backoffMillis);
        }
    }

    /** Sends records[from, to) and waits for every callback; true if all were acknowledged. */
    private boolean sendSpooled(List<SpoolRecord> records, int from, int to, long gen, boolean[] acked, boolean[] resolved)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(to - from);
        AtomicBoolean allOk = new AtomicBoolean(true);
        int i = from;
        for (; i < to; i++) {
            int index = i;
            Pending p;
            byte[] value;
            try {
                p = decode(records.get(i), gen);
                value = serialize(p);
            } catch (RuntimeException e) {
                if (Failures.keepForRetry(e)) {
                    LOG.warn("cannot resend spooled records yet: {}", Failures.describe(e));
                    allOk.set(false);
                    break;
                }
                LOG.warn("dropping a spooled record that can never be sent: {}", Failures.describe(e));
                rejected.increment();
                resolved[i] = true;
                done.countDown();
                continue;
            }
            try {
                Producer<String, byte[]> target = producerFor(gen);
                if (target == null) {
                    allOk.set(false);
                    break;
                }
                target.send(new ProducerRecord<>(p.topic(), p.key(), value), (md, ex) -> {
                    if (ex == null) {
                        acked[index] = true;
                        resolved[index] = true;
                        sent.increment();
                        sentLog.append(p.topic(), p.key(), p.event());
                    } else {
                        allOk.set(false);
                        if (!Failures.keepForRetry(ex) && !closing && gen == generation) {
                            LOG.warn("dropping a spooled record the broker refused permanently: {}", Failures.describe(ex));
                            rejected.increment();
                            resolved[index] = true;
                        }
                    }
                    done.countDown();
                });
            } catch (RuntimeException e) {
                LOG.info("cannot resend spooled records yet: {}", Failures.describe(e));
                allOk.set(false);
                break;
            }
        }
        for (; i < to; i++) {
            done.countDown(); // never sent: stays in the spool
        }
        long waitMs = config.deliveryTimeout().toMillis() + 30_000;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (!done.await(200, TimeUnit.MILLISECONDS)) {
            if (closing) {
                // closing: give the producer close.timeout.ms, then every callback has run (acked or failed)
                closeProducer(config.closeTimeout());
                if (!done.await(5, TimeUnit.SECONDS)) {
                    allOk.set(false);
                }
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("no answer for spooled records within {} ms; keeping the unanswered ones", waitMs);
                allOk.set(false);
                break;
            }
        }
        return allOk.get();
    }

    /** Closes the producer (if any) waiting at most {@code timeout}; a later send creates a new one. */
    private void closeProducer(Duration timeout) {
        Producer<String, byte[]> p;
        sendLock.lock();
        try {
            p = producer;
            producer = null;
        } finally {
            sendLock.unlock();
        }
        if (p != null) {
            p.close(timeout);
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** The producer settings: idempotent, acks=all, lz4, batching; then every {@code kafka.*} key. */
    static Map<String, Object> producerConfig(CollectorConfig config) {
        long delivery = config.deliveryTimeout().toMillis();
        long linger = 20;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "opensn-collector");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, (delivery - linger) / 2));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.maxBlock().toMillis());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        p.putAll(config.kafka());
        return p;
    }

    private byte[] serialize(Pending p) {
        return p.kind() == SpoolRecord.Kind.DETECTION
                ? detectionSerializer.serialize(p.topic(), (DetectionEvent) p.event())
                : threatSourceSerializer.serialize(p.topic(), (ThreatSourceEvent) p.event());
    }

    private static SpoolRecord encode(Pending p) {
        try {
            ByteBuffer b = p.kind() == SpoolRecord.Kind.DETECTION ? ((DetectionEvent) p.event()).toByteBuffer()
                    : ((ThreatSourceEvent) p.event()).toByteBuffer();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return new SpoolRecord(p.kind().code(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode an event for the spool", e);
        }
    }

    private Pending decode(SpoolRecord r, long gen) {
        try {
            if (r.kind() == SpoolRecord.DETECTION) {
                DetectionEvent e = DetectionEvent.fromByteBuffer(ByteBuffer.wrap(r.payload()));
                return new Pending(SpoolRecord.Kind.DETECTION, e, config.topics().detectionsRaw().name(), EventKeys.of(e).toString(), gen, null);
            }
            ThreatSourceEvent e = ThreatSourceEvent.fromByteBuffer(ByteBuffer.wrap(r.payload()));
            return new Pending(SpoolRecord.Kind.THREAT_SOURCE, e, config.topics().threatSourcesRaw().name(), EventKeys.of(e).toString(), gen, null);
        } catch (IOException e) {
            throw new org.apache.kafka.common.errors.SerializationException("spooled record cannot be decoded: " + e.getMessage(), e);
        }
    }

    private void markUnreachable(String why) {
        if (!unreachable) {
            unreachable = true;
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
            LOG.warn("spooling statistics to {}: {}", spool.directory(), why);
        }
    }

    private void complete(Pending p, Delivery d) {
        if (p.future() != null && p.future().complete(d)) {
            pending.decrementAndGet();
        }
    }

    private void discard(Pending p) {
        discarded.increment();
        complete(p, Delivery.DISCARDED);
    }

    private void reject(Pending p, Throwable e) {
        rejected.increment();
        LOG.warn("a {} can never be sent and was dropped: {}", p.kind().label(), Failures.describe(e));
        complete(p, Delivery.NOT_SENT);
    }

    // ---- close ------------------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true; // the sender finishes its step (at most one resend attempt) and shuts down
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the sender thread: acknowledgements for up to close.timeout, the rest and the queue to the spool. */
    private void shutdown() {
        // reports still queued get the same chance as the others: sent now if the broker answers, else spooled in order
        List<Pending> rest = new ArrayList<>();
        inbox.drainTo(rest);
        for (Pending r : rest) {
            if (mode != ParticipationMode.EXTENDED || r.generation() != generation) {
                discard(r);
            } else if (unreachable || !spool.isEmpty()) {
                toSpool(r);
            } else {
                sendDirect(r);
            }
        }
        closeProducer(config.closeTimeout()); // unacknowledged records fail into their callbacks, which spool them
        spool.close();
        sentLog.close();
        detectionSerializer.close();
        threatSourceSerializer.close();
        if (!spool.isEmpty()) {
            LOG.info("closed with {} records spooled in {}; they are sent when a collector starts in extended mode",
                    spool.records(), spool.directory());
        }
    }

    private static String hostName() {
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    static OsFamily osFamily(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("windows")) {
            return OsFamily.WINDOWS;
        }
        if (n.contains("mac") || n.contains("darwin")) {
            return OsFamily.MACOS;
        }
        if (n.contains("linux")) {
            return OsFamily.LINUX;
        }
        return OsFamily.OTHER;
    }
}
