package org.opensn.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link EmbeddedSchemaRegistry} implementation: Apicurio Registry in a {@link WatchedChild}. */
final class ApicurioRegistry implements EmbeddedSchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final int MINIMUM_JAVA = 21;
    private static final int START_ATTEMPTS_WITH_PICKED_PORTS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_LINES_IN_ERRORS = 40;

    private final EmbeddedSchemaRegistry.Builder settings;
    private final boolean portFixed;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private int port;
    private int managementPort;
    private Path logFile;
    private boolean temporaryLog;
    /** Volatile so the shutdown hook can kill it without waiting for a {@link #start()} in progress. */
    private volatile WatchedChild child;
    private boolean hookRegistered;
    private boolean closed;

    ApicurioRegistry(EmbeddedSchemaRegistry.Builder builder) {
        this.settings = copy(builder);
        this.portFixed = builder.port != 0;
        this.port = portFixed ? builder.port : FreePorts.pick();
        this.managementPort = FreePorts.pick();
        this.shutdownHook = new Thread(this::killAtJvmExit, "opensn-embedded-registry-shutdown");
    }

    @Override
    public synchronized EmbeddedSchemaRegistry start() {
        if (closed) {
            throw new IllegalStateException("EmbeddedSchemaRegistry at " + url() + " was closed; build a new one");
        }
        if (child != null && child.isAlive()) {
            return this;
        }
        JavaRuntime java = (settings.javaHome == null ? JavaRuntime.current() : JavaRuntime.at(settings.javaHome))
                .require(MINIMUM_JAVA, "Apicurio Registry " + APICURIO_VERSION);
        if (portFixed && !FreePorts.isFree(port)) {
            throw new IllegalStateException("EmbeddedSchemaRegistry cannot listen on 127.0.0.1:" + port
                    + ": the port is in use; choose another with EmbeddedSchemaRegistry.builder().port(int) or leave it unset for a free one");
        }
        Path tarball = ApicurioDistribution.locateTarball(settings.tarball, System.getProperties(), System.getenv());
        Path runJar = ApicurioDistribution.ensureUnpacked(tarball,
                ApicurioDistribution.installDir(settings.installDir, System.getProperties(), System.getenv()));
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookRegistered = true;
        }
        int attempts = portFixed ? 1 : START_ATTEMPTS_WITH_PICKED_PORTS;
        for (int attempt = 1; ; attempt++) {
            chooseLogFile();
            long started = System.nanoTime();
            child = WatchedChild.start(command(java, runJar), runJar.getParent(), logFile);
            try {
                awaitHealthy();
                setGlobalCompatibility("BACKWARD");
                LOG.info("EmbeddedSchemaRegistry (Apicurio {}) ready at {} after {} ms (log {})", APICURIO_VERSION, url(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis(), logFile);
                return this;
            } catch (RuntimeException e) {
                String tail = child.tail(LOG_LINES_IN_ERRORS);
                child.stop(STOP_GRACE);
                child = null;
                boolean portTaken = tail.contains("already bound") || tail.contains("Address already in use");
                if (portTaken && attempt < attempts) {
                    LOG.debug("port {} or {} was taken meanwhile, picking new ones", port, managementPort);
                    port = FreePorts.pick();
                    managementPort = FreePorts.pick();
                    continue;
                }
                if (portTaken) {
                    throw new IllegalStateException("EmbeddedSchemaRegistry cannot listen on 127.0.0.1:" + port + " (or management port "
                            + managementPort + "): the port is in use; choose another with port(int) or leave it unset. Log " + logFile, e);
                }
                throw new IllegalStateException(e.getMessage() + "\nLast lines of " + logFile + ":\n" + tail, e);
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return child != null && child.isAlive();
    }

    @Override
    public synchronized String url() {
        return baseUrl() + CCOMPAT_PATH;
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public synchronized Path logFile() {
        if (logFile == null) {
            chooseLogFile();
        }
        return logFile;
    }

    @Override
    public void close() {
        closeInternal();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException notRegisteredOrShuttingDown) {
            // nothing to remove
        }
    }

    @Override
    public String toString() {
        return "EmbeddedSchemaRegistry[" + url() + ", " + (isRunning() ? "running" : "stopped") + "]";
    }

    /** For tests: the pids of the watchdog shell's descendants (the registry JVM). */
    synchronized List<ProcessHandle> processes() {
        return child == null ? List.of() : child.descendants();
    }

    private void killAtJvmExit() {
        WatchedChild running = child;
        if (running != null) {
            running.stop(STOP_GRACE);
        }
    }

    private synchronized void closeInternal() {
        if (closed) {
            return;
        }
        closed = true;
        if (child != null) {
            child.stop(STOP_GRACE);
            child = null;
            LOG.info("EmbeddedSchemaRegistry at {} stopped", url());
        }
        if (temporaryLog && logFile != null) {
            TempDirectories.deleteRecursively(logFile.getParent());
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    List<String> command(JavaRuntime java, Path runJar) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("quarkus.management.host", "127.0.0.1");
        props.put("quarkus.management.port", Integer.toString(managementPort));
        props.put("quarkus.http.access-log.enabled", "false");
        props.put("quarkus.otel.sdk.disabled", "true");
        if (settings.kafkaSqlBootstrap != null) {
            props.put("apicurio.storage.kind", "kafkasql");
            props.put("apicurio.kafkasql.bootstrap.servers", settings.kafkaSqlBootstrap);
        } else {
            // in-memory H2: a few connections are plenty
            props.put("apicurio.datasource.jdbc.initial-size", "2");
            props.put("apicurio.datasource.jdbc.min-size", "2");
        }
        props.putAll(settings.systemProperties);
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.add("-Xmx" + settings.maxHeap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xss512k");
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(runJar.toString());
        return command;
    }

    private void chooseLogFile() {
        if (settings.logFile != null) {
            logFile = settings.logFile.toAbsolutePath();
            return;
        }
        Path target = Path.of("target").toAbsolutePath();
        if (Files.isDirectory(target)) {
            logFile = target.resolve("opensn-apicurio-" + port + ".log");
            temporaryLog = false;
            return;
        }
        try {
            logFile = Files.createTempDirectory("opensn-apicurio-").resolve("apicurio.log");
            temporaryLog = true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for the registry log; set logFile(...)", e);
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + settings.startupTimeout.toNanos();
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        URI subjects = URI.create(url() + "/subjects");
        String last = "no answer yet";
        while (true) {
            if (!child.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + child.exitValue() + " before it was ready at " + url());
            }
            try {
                HttpResponse<String> ready = get(health);
                if (ready.statusCode() == 200) {
                    HttpResponse<String> api = get(subjects);
                    if (api.statusCode() == 200) {
                        return;
                    }
                    last = "GET " + subjects + " answered " + api.statusCode();
                } else {
                    last = "GET " + health + " answered " + ready.statusCode() + " " + abbreviate(ready.body());
                }
            } catch (IOException e) {
                last = "GET " + health + " failed: " + e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry at " + url() + " was not healthy within "
                        + settings.startupTimeout.toSeconds() + " s (raise startupTimeout(...) on a loaded machine); last check: " + last);
            }
            sleep(POLL_INTERVAL);
        }
    }

    private void setGlobalCompatibility(String level) {
        URI config = URI.create(url() + "/config");
        HttpRequest request = HttpRequest.newBuilder(config)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT " + config + " {\"compatibility\":\"" + level + "\"} answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("PUT " + config + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring " + url(), e);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    private static EmbeddedSchemaRegistry.Builder copy(EmbeddedSchemaRegistry.Builder b) {
        EmbeddedSchemaRegistry.Builder c = new EmbeddedSchemaRegistry.Builder();
        c.port = b.port;
        c.kafkaSqlBootstrap = b.kafkaSqlBootstrap;
        c.javaHome = b.javaHome;
        c.tarball = b.tarball;
        c.installDir = b.installDir;
        c.logFile = b.logFile;
        c.startupTimeout = b.startupTimeout;
        c.maxHeap = b.maxHeap;
        c.systemProperties.putAll(b.systemProperties);
        return c;
    }
}
