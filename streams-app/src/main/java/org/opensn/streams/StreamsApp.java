package org.opensn.streams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.opensn.streams.query.AnalystApi;
import org.opensn.streams.topology.AnonymizeAhead;
import org.opensn.streams.topology.PipelineTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenSN streams app: the pipeline topology plus the analyst HTTP API in one process.
 * {@code main} only wires: config from the file named by the first argument (or
 * {@code OPENSN_CONFIG}) and the environment ({@link StreamsAppConfig}), topology from
 * {@link PipelineTopology}, API from {@link AnalystApi}.
 *
 * <pre>{@code
 * OPENSN_DEVICE_HASH_SECRET=... java -cp ... org.opensn.streams.StreamsApp streams.properties
 * }</pre>
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final AnalystApi api;
    private final AnonymizeAhead ahead;

    private StreamsApp(KafkaStreams streams, AnalystApi api, AnonymizeAhead ahead) {
        this.streams = streams;
        this.api = api;
        this.ahead = ahead;
    }

    /** Builds the topology, starts Kafka Streams and the analyst API; returns at once (stores become queryable when RUNNING). */
    public static StreamsApp start(StreamsAppConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(StreamsAppConfig)} with the API's notion of "now" taken from {@code clock}. */
    public static StreamsApp start(StreamsAppConfig config, Clock clock) {
        checkPartitions(config);
        PipelineTopology pipeline = new PipelineTopology(config.pipeline());
        Topology topology = pipeline.build();
        AnonymizeAhead ahead = pipeline.anonymizeAhead();
        Properties properties = config.streamsProperties();
        ahead.install(properties);
        KafkaStreams streams = new KafkaStreams(topology, properties);
        // A failing record would fail again in a replaced thread (EOS re-reads it): stop this client,
        // /health turns DOWN and the supervisor restarts it; the other instances take over its tasks.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed ({}); shutting this instance down", e.getClass().getSimpleName(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        AnalystApi api = AnalystApi.builder(streams)
                .self(config.advertisedHost(), config.httpPort())
                .k(config.k())
                .clock(clock)
                .queryTimeout(config.queryTimeout())
                .verdictWriter(config.bootstrapServers(), config.kafka(), config.serdeConfig(),
                        config.pipeline().topics().analystVerdicts().name())
                .apiKeys(config.apiKeysFile() == null ? null : org.opensn.security.ApiKeyAuthenticator.fromFile(config.apiKeysFile()))
                .meters(ahead::bindTo)
                .build();
        try {
            api.start(config.httpHost());
            streams.start();
        } catch (RuntimeException e) {
            api.close();
            streams.close(Duration.ofSeconds(10));
            throw e;
        }
        LOG.info("streams app started: {}", config);
        return new StreamsApp(streams, api, ahead);
    }

    /**
     * Object statistics live in the raw topics' partitions (see {@link PipelineTopology}), and the
     * object and analyst repartition topics have {@code internal.partitions}: a raw topic with more
     * partitions than that would make look-ups of an object ask the wrong instance. Refuses to start
     * then, naming the fix. A raw topic that does not exist yet is left to Kafka Streams to report.
     */
    static void checkPartitions(StreamsAppConfig config) {
        int internal = config.pipeline().internalPartitions();
        List<String> raw = List.of(config.pipeline().topics().detectionsRaw().name(), config.pipeline().topics().threatSourcesRaw().name());
        Properties props = config.streamsProperties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-partition-check");
        props.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(k.toString()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000"); // a broker still starting delays start-up by at most this
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        Admin admin = Admin.create(props);
        try {
            Map<String, org.apache.kafka.common.KafkaFuture<TopicDescription>> described = admin.describeTopics(raw).topicNameValues();
            for (String topic : raw) {
                TopicDescription d;
                try {
                    d = described.get(topic).get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        LOG.warn("topic {} does not exist yet: create the contract topics (opensn-admin topics create)", topic);
                        continue;
                    }
                    LOG.warn("cannot check the partitions of {} ({}); going on", topic, e.getCause().toString());
                    continue;
                } catch (TimeoutException e) {
                    LOG.warn("cannot check the partitions of {} within 20 s; going on", topic);
                    continue;
                }
                int partitions = d.partitions().size();
                if (partitions > internal) {
                    throw new IllegalStateException(topic + " has " + partitions + " partitions but internal.partitions is " + internal
                            + ": object statistics are kept in the raw topics' partitions, so set internal.partitions (OPENSN_INTERNAL_PARTITIONS) to "
                            + partitions + " (a new value needs a new application.id or a reset of this one's internal topics)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the raw topics' partitions", e);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** The Kafka Streams instance (for state and metadata). */
    public KafkaStreams streams() {
        return streams;
    }

    /** The workers that anonymize raw records ahead of the stream threads, and what they did ({@link AnonymizeAhead#counts()}). */
    public AnonymizeAhead anonymizeAhead() {
        return ahead;
    }

    /** The analyst API's port. */
    public int httpPort() {
        return api.port();
    }

    /** Stops the API, then Kafka Streams (leaving the group so the others take over at once). */
    @Override
    public void close() {
        api.close();
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties properties = new Properties();
        String file = args.length > 0 ? args[0] : System.getenv("OPENSN_CONFIG");
        if (file != null) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                properties.load(in);
            }
        }
        StreamsAppConfig config = StreamsAppConfig.load(properties, System.getenv());
        StreamsApp app = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "opensn-streams-shutdown"));
        stopped.await();
    }
}
