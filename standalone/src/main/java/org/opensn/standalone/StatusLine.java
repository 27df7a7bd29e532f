package org.opensn.standalone;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.opensn.cache.VerdictView;
import org.opensn.collector.EndpointCollector;
import org.opensn.schemas.Topics;

/**
 * The one live line {@code ./opensn up} keeps rewriting: events/s sent by the fleet, records the
 * streams app has not yet consumed (lag), verdicts held by the cache, and the cache hit ratio of
 * the fleet's look-ups.
 */
final class StatusLine implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Admin admin;
    private final String applicationId;
    private final Set<String> rawTopics;
    private final EndpointCollector collector;
    private final VerdictView verdicts;
    private final SimulatedFleet fleet;
    private Thread thread;

    StatusLine(String bootstrapServers, String applicationId, Topics topics, EndpointCollector collector, VerdictView verdicts, SimulatedFleet fleet) {
        this(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), applicationId, topics, collector, verdicts, fleet);
    }

    /** With the admin client settings of a secured broker ({@code EmbeddedKafka#clientProperties()}). */
    StatusLine(java.util.Map<String, Object> adminClient, String applicationId, Topics topics, EndpointCollector collector, VerdictView verdicts,
            SimulatedFleet fleet) {
        Properties p = new Properties();
        p.putAll(adminClient);
        this.admin = Admin.create(p);
        this.applicationId = applicationId;
        this.rawTopics = Set.of(topics.detectionsRaw().name(), topics.threatSourcesRaw().name());
        this.collector = collector;
        this.verdicts = verdicts;
        this.fleet = fleet;
    }

    void start(PrintStream out) {
        thread = Thread.ofPlatform().name("opensn-status").daemon().start(() -> {
            long lastSent = collector.stats().sent();
            long lastNanos = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
                long sent = collector.stats().sent();
                long now = System.nanoTime();
                double rate = (sent - lastSent) / ((now - lastNanos) / 1e9);
                lastSent = sent;
                lastNanos = now;
                double hit = fleet.hitRatio();
                out.printf("\r%s  %,7.0f events/s  sent %,d  lag %s  verdicts %,d  cache hit ratio %s (%,d look-ups)   ",
                        LocalTime.now().format(TIME), rate, sent, lag(), verdicts.size(),
                        Double.isNaN(hit) ? "-" : String.format("%.1f%%", hit * 100), fleet.lookups());
                out.flush();
            }
        });
    }

    /** Records in the raw topics the streams app has not committed yet; "?" while unknown. */
    private String lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(rawTopics).allTopicNames().get(2, TimeUnit.SECONDS).values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            long lag = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                lag += ends.getOrDefault(tp, 0L) - (c == null ? 0 : c.offset());
            }
            return String.format("%,d", Math.max(0, lag));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "?";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
