package org.opensn.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.opensn.cache.CacheConfig;
import org.opensn.cache.ReputationCacheService;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.streams.StreamsApp;
import org.opensn.streams.StreamsAppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./opensn up}: the whole network in one process — broker and registry (data kept under
 * {@code --data-dir}, so a restart finds every retained record and schema), the streams app with
 * the analyst API, a reputation cache, and a simulated fleet in {@code extended} mode whose
 * endpoints also look reputations up in the cache. Prints the URLs, then one live status line.
 * Ctrl-C stops everything.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole OpenSN network locally: broker, registry, streams app, reputation cache and a simulated fleet.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--devices", paramLabel = "N", defaultValue = "200", description = "Simulated endpoints (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "100", description = "Events per second from the whole fleet (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where broker, registry, streams and cache keep their data (default $OPENSN_HOME or .opensn).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each contract topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--api-port", defaultValue = "8080", description = "Analyst API port (default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--cache-port", defaultValue = "8090", description = "Reputation cache port (default ${DEFAULT-VALUE}).")
    int cachePort;

    @Option(names = "--secure", description = {"Run the broker with SASL_SSL (SCRAM-SHA-512, a generated certificate) and ACLs:"
            + " each component logs in as its own principal with only its role's rights, the fleet with a registered demo"
            + " licence key, and both HTTP APIs require API keys. Data in <data-dir>/secure; secrets in"
            + " <data-dir>/secure/credentials.properties. Default: plaintext, no keys."})
    boolean secure;

    private boolean servicesOnly;
    private PrintStream out = System.out;

    /** Where the URLs and the status line go (default standard output). */
    UpCommand output(PrintStream out) {
        this.out = out;
        return this;
    }

    /** Only the broker and the registry (for {@code ./opensn kafka}). */
    UpCommand servicesOnly() {
        this.servicesOnly = true;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        if (devices < 1 || !(rate > 0)) {
            System.err.println("--devices and --rate must be positive");
            return 2;
        }
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("stopping...");
            closeAll(running);
            stopped.countDown();
        }, "opensn-up-shutdown"));
        Started started = start(running);
        if (started.status() != null) {
            started.status().start(out);
        } else {
            out.println("Ctrl-C stops them.");
        }
        stopped.await();
        return 0;
    }

    /**
     * What a started local network answers at; {@code apiUrl}, {@code cacheUrl} and {@code status}
     * are null when only the broker and registry run.
     */
    record Started(Path dataDir, String bootstrapServers, String registryUrl, String apiUrl, String cacheUrl, StatusLine status) {
    }

    /**
     * Starts everything this command was configured for, adding each started part to
     * {@code running} in start order (so {@link #closeAll} stops what did start, also after a failure).
     */
    Started start(List<AutoCloseable> running) throws Exception {
        Path data = (dataDir != null ? dataDir : defaultDataDir()).toAbsolutePath();
        Files.createDirectories(data);
        Topics topics = Topics.defaults();
        SecureNetwork network = null;
        if (secure) {
            data = data.resolve("secure"); // a SASL broker needs its own data: users are fixed when it is formatted
            network = SecureNetwork.in(data);
        }
        out.println("OpenSN: data in " + data + ", logs in " + data.resolve("logs"));
        out.print("starting Kafka broker and schema registry (the registry takes 10-30 s)... ");
        out.flush();
        LocalServices services = network == null ? LocalServices.start(data, kafkaPort, registryPort, topics, partitions)
                : LocalServices.start(data, kafkaPort, registryPort, topics, partitions, network.kafkaSecurity());
        running.add(services);
        if (network != null) {
            network.provision(services.kafka(), topics);
        }
        out.println("ok");
        out.println("  Kafka broker       " + services.bootstrapServers() + (network == null ? ""
                : "   (SASL_SSL + SCRAM-SHA-512 + ACLs; admin login and truststore: " + network.credentialsFile() + ", "
                        + services.kafka().dataDir().resolve("tls") + ")"));
        out.println("  schema registry    " + services.registryUrl());
        Path clientProperties = writeClientProperties(data, services);
        if (network != null) {
            network.appendEndpointLogin(clientProperties, services.kafka());
        }
        out.println("  client settings    " + clientProperties + "   (./opensn collector ... --config " + clientProperties + ")");
        if (servicesOnly) {
            return new Started(data, services.bootstrapServers(), services.registryUrl(), null, null, null);
        }

        Properties streamsProps = streamsProperties(services, data);
        Properties cacheProps = cacheProperties(services, data);
        Properties collectorProps = collectorProperties(services, data);
        if (network != null) {
            secureProperties(streamsProps, network.login(services.kafka(), SecureNetwork.PRINCIPALS.streams()), network);
            secureProperties(cacheProps, network.login(services.kafka(), SecureNetwork.PRINCIPALS.cache()), network);
            SecureNetwork.trust(services.kafka()).forEach((k, v) -> collectorProps.setProperty("kafka." + k, String.valueOf(v)));
            collectorProps.setProperty(CollectorConfig.LICENCE_KEY, network.licenceKey());
        }
        StreamsApp streams = StreamsApp.start(StreamsAppConfig.load(streamsProps, System.getenv()));
        running.add(streams);
        ReputationCacheService cache = ReputationCacheService.start(CacheConfig.load(cacheProps, System.getenv()));
        running.add(cache);
        String apiUrl = "http://127.0.0.1:" + streams.httpPort();
        out.println("  analyst API        " + apiUrl + "/api/v1/threats/top?window=1h   (OpenAPI: " + apiUrl + "/api/v1/openapi.json)");
        out.println("  reputation cache   " + cache.baseUrl() + "/v1/reputation/{ref}");
        if (network != null) {
            out.println("  API keys           analyst " + network.apiKey(org.opensn.security.Role.ANALYST) + ", endpoint "
                    + network.apiKey(org.opensn.security.Role.ENDPOINT) + ", ops " + network.apiKey(org.opensn.security.Role.OPS));
            out.println("                     e.g. curl -H 'Authorization: Bearer <analyst key>' " + apiUrl + "/api/v1/threats/top?window=1h");
            out.println("  demo licence       " + network.licence() + " registered as " + network.licence().principal()
                    + " (the fleet logs in with the licence key alone)");
        }

        EndpointCollector collector = EndpointCollector.builder().config(CollectorConfig.load(collectorProps, System.getenv())).build();
        collector.setMode(ParticipationMode.EXTENDED);
        SimulatedFleet fleet = SimulatedFleet.start(FleetSimulator.builder().devices(devices).build(), collector, rate, cache.baseUrl(),
                network == null ? null : network.apiKey(org.opensn.security.Role.ENDPOINT));
        running.add(collector);
        running.add(fleet); // closed first: stops the fleet before the collector it reports through
        out.printf("  simulated fleet    %d endpoints in extended mode, %.0f events/s, looking reputations up in the cache%n", devices, rate);
        out.println("Ctrl-C stops everything.");

        StatusLine status = new StatusLine(services.kafka().clientProperties(), StreamsAppConfig.load(streamsProps, System.getenv()).applicationId(),
                topics, collector, cache.subscriber(), fleet);
        running.add(status);
        return new Started(data, services.bootstrapServers(), services.registryUrl(), apiUrl, cache.baseUrl(), status);
    }

    private static Path defaultDataDir() {
        String home = System.getenv("OPENSN_HOME");
        return Path.of(home != null && !home.isBlank() ? home : ".opensn");
    }

    private Properties streamsProperties(LocalServices services, Path data) throws IOException {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.servers", services.bootstrapServers());
        p.setProperty("schema.registry.url", services.registryUrl());
        p.setProperty("http.port", Integer.toString(apiPort));
        p.setProperty("state.dir", data.resolve("streams").toString());
        p.setProperty("internal.partitions", Integer.toString(partitions));
        p.setProperty("device-hash.secret-file", deviceHashSecret(data).toString());
        return p;
    }

    private Properties cacheProperties(LocalServices services, Path data) {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.servers", services.bootstrapServers());
        p.setProperty("schema.registry.url", services.registryUrl());
        p.setProperty("cache.http.port", Integer.toString(cachePort));
        p.setProperty("cache.state.dir", data.resolve("cache").toString());
        return p;
    }

    /** Replaces the plain Kafka settings with a principal's login and points the HTTP API at the key file. */
    private static void secureProperties(Properties p, java.util.Map<String, Object> login, SecureNetwork network) {
        login.forEach((k, v) -> p.setProperty("kafka." + k, String.valueOf(v)));
        p.setProperty("api.keys.file", network.apiKeysFile().toString());
    }

    private static Properties collectorProperties(LocalServices services, Path data) {
        Properties p = new Properties();
        p.setProperty(CollectorConfig.BOOTSTRAP_SERVERS, services.bootstrapServers());
        p.setProperty(CollectorConfig.SCHEMA_REGISTRY_URL, services.registryUrl());
        p.setProperty(CollectorConfig.STATE_DIR, data.resolve("fleet").toString());
        return p;
    }

    /**
     * Settings a client of this local network needs (broker and registry addresses, in the keys of
     * the collector and of the streams app and cache), so that e.g. {@code ./opensn collector
     * check-connection --config .opensn/client.properties} reaches it.
     */
    private static Path writeClientProperties(Path data, LocalServices services) throws IOException {
        Path file = data.resolve("client.properties");
        String text = "# Written by ./opensn up: how to reach this local network.\n"
                + "bootstrap.servers=" + services.bootstrapServers() + "\n"
                + "kafka.bootstrap.servers=" + services.bootstrapServers() + "\n"
                + "schema.registry.url=" + services.registryUrl() + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** A random device-hash secret made on first run and kept (owner-only) in the data dir. */
    private static Path deviceHashSecret(Path data) throws IOException {
        Path file = data.resolve("device-hash.secret");
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path tmp = data.resolve("device-hash.secret.tmp");
            Files.writeString(tmp, HexFormat.of().formatHex(secret), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the data dir's own permissions apply
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    /** Closes in reverse start order; one failure does not stop the others. */
    static void closeAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("error while stopping " + running.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        running.clear();
    }

    static Duration forever() {
        return Duration.ofDays(3650);
    }
}
