package org.opensn.benchmarks.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.schemas.Topics;

/** The one embedded broker and registry every phase of a run shares, plus the admin look-ups the phases need. */
final class Services implements AutoCloseable {

    private static final long ADMIN_TIMEOUT_S = 60;

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final Admin admin;

    private Services(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, Admin admin) {
        this.kafka = kafka;
        this.registry = registry;
        this.admin = admin;
    }

    /**
     * Starts a broker (temporary data dir, free port) and an Apicurio registry (in-memory storage, free port). A system
     * property {@code opensn.e2e.broker.NAME=VALUE} sets the broker's {@code NAME} (for experiments; the run's log names them).
     */
    static Services start(int partitions) {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder().partitions(partitions);
        String prefix = "opensn.e2e.broker.";
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                String setting = name.substring(prefix.length());
                String value = System.getProperty(name);
                builder.brokerProperty(setting, value);
                System.err.println("[e2e] broker setting from -D" + name + ": " + setting + "=" + value);
            }
        }
        EmbeddedKafka kafka = builder.build().start();
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().build().start();
            Map<String, Object> props = new HashMap<>(kafka.clientProperties());
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "e2e-benchmark-admin");
            return new Services(kafka, registry, Admin.create(props));
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    /** Creates the contract topics of {@code topics} with {@code partitions} partitions each. */
    void createContractTopics(Topics topics, int partitions) {
        createTopics(topics.newTopics(partitions, (short) 1));
    }

    void createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    /**
     * Creates the topics and waits until every partition has a leader that serves it: an idempotent producer
     * that writes at once into a partition without one can get its first batch refused and later ones
     * accepted, and then retries that batch with OutOfOrderSequenceException until it expires (KAFKA-14359).
     * The broker's metadata can name a leader before its replica manager holds the partition, so the wait
     * ends with the partitions' end offsets, which the replica manager answers.
     */
    private void createTopics(Collection<NewTopic> topics) {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        await(admin.createTopics(topics).all(), "create topics " + names);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_S);
        while (true) {
            boolean ready;
            try {
                Map<String, TopicDescription> d = await(admin.describeTopics(names).allTopicNames(), "describe topics " + names);
                ready = d.values().stream().allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    endOffsets(d.values().stream().flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                            .toList());
                }
            } catch (IllegalStateException e) {
                // just created: the broker's metadata may not list them yet; that is "not ready", not a failure
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + names + " have no leader after " + ADMIN_TIMEOUT_S + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for leaders of " + names, e);
            }
        }
    }

    /** Every partition of {@code topic}. */
    List<TopicPartition> partitions(String topic) {
        Map<String, TopicDescription> d = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic);
        List<TopicPartition> out = new ArrayList<>();
        d.get(topic).partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition())));
        return out;
    }

    /** Topic names that start with {@code prefix} and end with {@code suffix}. */
    Set<String> topicsLike(String prefix, String suffix) {
        Set<String> names = await(admin.listTopics().names(), "list topics");
        return names.stream().filter(n -> n.startsWith(prefix) && n.endsWith(suffix)).collect(Collectors.toSet());
    }

    /** The log-end offset of each partition. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = await(admin.listOffsets(request).all(), "list end offsets");
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Sum of the log-end offsets of every partition of {@code topic}. */
    long records(String topic) {
        return endOffsets(partitions(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The committed offsets of consumer group {@code group} (partitions without a commit are absent). */
    Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "list offsets of group " + group);
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("broker refused to " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker did not " + what + " within " + ADMIN_TIMEOUT_S + " s", e);
        }
    }

    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(10));
        } finally {
            try {
                registry.close();
            } finally {
                kafka.close();
            }
        }
    }
}
