package org.opensn.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link EmbeddedKafka} implementation: lifecycle, ports, directories and presets around one {@link KRaftNode}. */
final class LocalKafka implements EmbeddedKafka {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    static final Set<String> RESERVED_PROPERTIES = Set.of(
            "node.id", "broker.id", "process.roles", "listeners", "advertised.listeners",
            "controller.listener.names", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "listener.security.protocol.map", "inter.broker.listener.name", "log.dirs", "log.dir", "metadata.log.dir");

    static final String BROKER_LISTENER = "BROKER";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(120);
    private static final int START_ATTEMPTS_WITH_PICKED_PORTS = 3;
    /** Distinct node ids keep several brokers in one JVM from sharing JMX/metric names. */
    private static final AtomicInteger NEXT_NODE_ID = new AtomicInteger(1);

    private final Path dataDir;
    private final Path logDir;
    private final boolean temporaryDataDir;
    private final boolean portFixed;
    private final int partitions;
    private final Map<String, String> overrides;
    private final KafkaSecurity security;
    private final Thread shutdownHook;

    private int port;
    private int controllerPort;
    private boolean everStarted;
    private boolean closed;
    private KRaftNode node;
    private Admin admin;
    private TlsMaterial tlsMaterial;

    LocalKafka(EmbeddedKafka.Builder builder) {
        this.temporaryDataDir = builder.dataDir == null;
        this.dataDir = temporaryDataDir ? TempDirectories.create("opensn-kafka-") : builder.dataDir.toAbsolutePath();
        this.logDir = dataDir.resolve("kraft");
        this.portFixed = builder.port != 0;
        this.port = portFixed ? builder.port : FreePorts.pick();
        this.controllerPort = FreePorts.pick();
        this.partitions = builder.partitions;
        this.overrides = Map.copyOf(builder.brokerProperties);
        this.security = builder.security;
        this.shutdownHook = builder.closeAtJvmExit ? new Thread(this::closeAtJvmExit, "opensn-embedded-kafka-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    @Override
    public synchronized EmbeddedKafka start() {
        if (closed) {
            throw new IllegalStateException("EmbeddedKafka at " + bootstrapServers() + " was closed; build a new one");
        }
        if (node != null) {
            return this;
        }
        int nodeId = formatIfNeeded();
        int attempts = portFixed || everStarted ? 1 : START_ATTEMPTS_WITH_PICKED_PORTS;
        for (int attempt = 1; ; attempt++) {
            KRaftNode candidate = KRaftNode.create(brokerProperties(nodeId));
            try {
                candidate.startup();
                node = candidate;
                break;
            } catch (RuntimeException e) {
                shutdownQuietly(candidate);
                boolean bindFailure = isBindFailure(e);
                if (bindFailure && attempt < attempts) {
                    LOG.debug("port {} or {} was taken meanwhile, picking new ones", port, controllerPort);
                    port = FreePorts.pick();
                    controllerPort = FreePorts.pick();
                    continue;
                }
                throw startFailure(e, bindFailure);
            }
        }
        everStarted = true;
        admin = Admin.create(adminProperties());
        try {
            awaitBrokerVisible();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("EmbeddedKafka running at {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    @Override
    public synchronized void stop() {
        if (node == null) {
            return;
        }
        closeAdmin();
        KRaftNode running = node;
        node = null;
        running.shutdown();
        LOG.info("EmbeddedKafka at {} stopped (data kept in {})", bootstrapServers(), dataDir);
    }

    @Override
    public synchronized boolean isRunning() {
        return node != null;
    }

    @Override
    public synchronized String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Map<String, Object> clientProperties() {
        if (security.isSasl()) {
            return clientProperties(security.adminUser(), security.adminPassword());
        }
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    @Override
    public Map<String, Object> clientProperties(String user, String password) {
        requireSasl("clientProperties(user, password)");
        Map<String, Object> props = KafkaSecurity.scramClientProperties(user, password);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (security.tlsEnabled()) {
            TlsMaterial tls = tlsMaterial();
            props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.securityProtocol());
            props.put("ssl.truststore.location", tls.truststore().toString());
            props.put("ssl.truststore.password", tls.password());
            props.put("ssl.truststore.type", TlsMaterial.STORE_TYPE);
        }
        return props;
    }

    @Override
    public KafkaSecurity security() {
        return security;
    }

    @Override
    public synchronized void createUser(String name, String password) {
        requireSasl("createUser");
        KafkaSecurity.scramClientProperties(name, password); // validates both
        if (node == null) {
            throw new IllegalStateException("cannot create user " + name + ": EmbeddedKafka at " + bootstrapServers()
                    + " is not running; call start() first");
        }
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name, info, password)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitUserListed(name);
        } catch (ExecutionException e) {
            throw new IllegalStateException("broker at " + bootstrapServers() + " refused to create user " + name + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating user " + name + " on " + bootstrapServers() + " took longer than "
                    + ADMIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating user " + name, e);
        }
    }

    private void awaitUserListed(String name) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                if (admin.describeUserScramCredentials(List.of(name)).all()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).containsKey(name)) {
                    return;
                }
            } catch (ExecutionException notYet) {
                if (!(notYet.getCause() instanceof ResourceNotFoundException)) {
                    throw new IllegalStateException("cannot list SCRAM users on " + bootstrapServers() + ": "
                            + notYet.getCause().getMessage(), notYet.getCause());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("user " + name + " was created but the broker at " + bootstrapServers()
                        + " did not list it within " + ADMIN_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** The broker's certificate and stores, made on first use and kept in the data directory. */
    synchronized TlsMaterial tlsMaterial() {
        if (tlsMaterial == null) {
            tlsMaterial = TlsMaterial.ensure(dataDir.resolve("tls"));
        }
        return tlsMaterial;
    }

    private void requireSasl(String what) {
        if (!security.isSasl()) {
            throw new IllegalStateException(what + " needs a SASL broker, but EmbeddedKafka at " + bootstrapServers()
                    + " is plaintext; build it with .security(KafkaSecurity.saslScram(adminUser, adminPassword))");
        }
    }

    @Override
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name is empty");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, but was " + partitions);
        }
        if (node == null) {
            throw new IllegalStateException("cannot create topic " + name + ": EmbeddedKafka at " + bootstrapServers()
                    + " is not running; call start() first");
        }
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(Map.copyOf(configs));
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) {
                throw new IllegalStateException("topic " + name + " already exists on " + bootstrapServers()
                        + "; use a unique name per test (e.g. Topics.withPrefix)", cause);
            }
            throw new IllegalStateException("broker at " + bootstrapServers() + " refused to create topic " + name
                    + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " on " + bootstrapServers() + " took longer than "
                    + ADMIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
        awaitLeaders(name, partitions);
    }

    @Override
    public void close() {
        closeInternal();
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or ran anyway
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + security + ", " + (isRunning() ? "running" : "stopped") + ", data " + dataDir + "]";
    }

    private synchronized void closeInternal() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (temporaryDataDir && !TempDirectories.deleteRecursively(dataDir)) {
                LOG.warn("could not delete all of {}; remove it by hand", dataDir);
            }
        }
    }

    private void closeAtJvmExit() {
        try {
            closeInternal();
        } catch (RuntimeException e) {
            LOG.warn("EmbeddedKafka at {} did not shut down cleanly at JVM exit: {}", bootstrapServers(), e.toString());
            if (temporaryDataDir) {
                TempDirectories.deleteRecursively(dataDir);
            }
        }
    }

    /** Formats the log dir on first use and returns the node id stored in it. */
    private int formatIfNeeded() {
        if (KRaftNode.isFormatted(logDir)) {
            return storedNodeId();
        }
        int nodeId = NEXT_NODE_ID.getAndIncrement();
        try {
            Files.createDirectories(logDir);
            List<String> scram = security.users().keySet().stream().map(security::scramArgument).toList();
            KRaftNode.format(logDir, nodeId, KRaftNode.newClusterId(), CONTROLLER_LISTENER, scram);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        return nodeId;
    }

    private int storedNodeId() {
        Properties meta = new Properties();
        Path file = logDir.resolve("meta.properties");
        try (InputStream in = Files.newInputStream(file)) {
            meta.load(in);
            return Integer.parseInt(meta.getProperty("node.id").trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read node.id from " + file
                    + " (an existing Kafka data directory); delete " + dataDir + " to start afresh", e);
        }
    }

    Map<String, String> brokerProperties(int nodeId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@127.0.0.1:" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + port);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        if (security.isSasl()) {
            p.put("listener.security.protocol.map", BROKER_LISTENER + ":" + security.securityProtocol() + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
            if (security.tlsEnabled()) {
                TlsMaterial tls = tlsMaterial();
                p.put("ssl.keystore.location", tls.keystore().toString());
                p.put("ssl.keystore.password", tls.password());
                p.put("ssl.key.password", tls.password());
                p.put("ssl.keystore.type", TlsMaterial.STORE_TYPE);
                p.put("ssl.truststore.location", tls.truststore().toString());
                p.put("ssl.truststore.password", tls.password());
                p.put("ssl.truststore.type", TlsMaterial.STORE_TYPE);
            }
            p.put("sasl.enabled.mechanisms", KafkaSecurity.SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", KafkaSecurity.SCRAM_MECHANISM);
            p.put("listener.name." + BROKER_LISTENER.toLowerCase(java.util.Locale.ROOT) + "."
                    + KafkaSecurity.SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    KafkaSecurity.jaasConfig(security.adminUser(), security.adminPassword()));
            if (security.aclsEnabled()) {
                p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                p.put("allow.everyone.if.no.acl.found", "false");
                // the broker reaches the controller over the PLAINTEXT controller listener as ANONYMOUS
                p.put("super.users", "User:" + security.adminUser() + ";User:ANONYMOUS");
            }
        } else {
            p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        }
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // one broker: every internal topic with replication factor 1 and min ISR 1
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", Integer.toString(partitions));
        p.put("group.initial.rebalance.delay.ms", "0");
        // light on a small shared machine
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("broker.heartbeat.interval.ms", "500");
        // One node, so no replica to recover from: each log is written to disk (fsync) once a second. That bounds
        // what a crash of the host loses to about a second, and it spreads the writing out. Left to the kernel, the
        // broker's dirty pages (over 1 GB at the benchmark's rates) went to disk all at once every ~30 s
        // (vm.dirty_expire_centisecs), and the pipeline stalled for 1-2 s each time (docs/PERFORMANCE.md, session 15).
        p.put("log.flush.interval.ms", "1000");
        p.put("log.flush.scheduler.interval.ms", "1000");
        p.putAll(overrides);
        return p;
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> props = clientProperties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "opensn-embedded-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    private void awaitBrokerVisible() {
        try {
            admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("EmbeddedKafka at " + bootstrapServers() + " started but does not answer clients: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for EmbeddedKafka at " + bootstrapServers(), e);
        }
    }

    private void awaitLeaders(String name, int partitions) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                List<TopicPartitionInfo> infos = description.partitions();
                long withLeader = infos.stream().filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
                if (infos.size() == partitions && withLeader == partitions) {
                    return;
                }
                last = withLeader + " of " + partitions + " partitions have a leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic " + name + " on " + bootstrapServers()
                            + ": " + e.getCause().getMessage(), e.getCause());
                }
                last = "topic not yet in metadata";
            } catch (TimeoutException e) {
                last = "describe timed out";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
        }
        throw new IllegalStateException("topic " + name + " on " + bootstrapServers() + " was created but not ready within "
                + ADMIN_TIMEOUT.toSeconds() + " s: " + last);
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private static void shutdownQuietly(KRaftNode candidate) {
        try {
            candidate.shutdown();
        } catch (RuntimeException e) {
            LOG.debug("shutdown after failed start: {}", e.toString());
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private IllegalStateException startFailure(RuntimeException e, boolean bindFailure) {
        if (bindFailure) {
            String fix = portFixed && !everStarted
                    ? "choose another with EmbeddedKafka.builder().port(int) or leave the port unset to get a free one"
                    : "stop the process that took it (e.g. ss -ltnp | grep " + port + ") and call start() again";
            return new IllegalStateException("EmbeddedKafka cannot listen on 127.0.0.1:" + port + " (or its controller port "
                    + controllerPort + "): the port is in use; " + fix, e);
        }
        return new IllegalStateException("EmbeddedKafka failed to start at " + bootstrapServers() + " with data in " + dataDir
                + ": " + e.getMessage(), e);
    }
}
