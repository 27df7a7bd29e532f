package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opensn.schemas.Topics;
import org.opensn.security.LicenceKey;

/**
 * The access matrix on a real SASL_SSL + SCRAM-SHA-512 + StandardAuthorizer broker provisioned by
 * {@code opensn-admin} itself: every forbidden operation is refused with a precise Kafka error,
 * every allowed path of every role works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {

    private static final String KEY = "OPSN-MATRIX-0001-AAAA-BBBB";
    private static final String OTHER_KEY = "OPSN-MATRIX-0002-CCCC-DDDD";
    private static final String REVOKED_KEY = "OPSN-MATRIX-0003-EEEE-FFFF";
    private static final String UNREGISTERED_KEY = "OPSN-MATRIX-0004-GGGG-HHHH";

    private SecureCluster cluster;
    private Topics t;
    private Map<String, Object> endpoint;
    private Map<String, Object> streams;
    private Map<String, Object> analyst;
    private Map<String, Object> cache;

    @BeforeAll
    void provision() throws Exception {
        cluster = new SecureCluster();
        t = cluster.topics;
        cluster.provision();
        cluster.adminOk("licence", "register", "--key", KEY);
        cluster.adminOk("licence", "register", "--key", OTHER_KEY);
        cluster.adminOk("licence", "register", "--key", REVOKED_KEY);
        LicenceKey k = LicenceKey.parse(KEY);
        endpoint = cluster.login(k.principal(), k.scramPassword());
        streams = cluster.service(cluster.principals.streams());
        analyst = cluster.service(cluster.principals.analyst());
        cache = cluster.service(cluster.principals.cache());

        // the revoked key worked before it was revoked
        LicenceKey revoked = LicenceKey.parse(REVOKED_KEY);
        Clients.produce(cluster.login(revoked.principal(), revoked.scramPassword()), t.detectionsRaw().name(), "file:x", "before revocation");
        cluster.adminOk("licence", "revoke", "--key", REVOKED_KEY);

        // something to read on every topic (written by the admin, a super user)
        Map<String, Object> admin = cluster.kafka.clientProperties();
        for (String topic : t.allNames()) {
            Clients.produce(admin, topic, "file:seed", "seed");
        }
    }

    @AfterAll
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Forbidden(String what, Clients.ThrowingRunnable op, Class<? extends Throwable> error, String mentions) {
    }

    @TestFactory
    List<DynamicTest> everyForbiddenOperationIsRefusedWithAClearError() {
        String app = cluster.principals.streamsApplicationId();
        LicenceKey other = LicenceKey.parse(OTHER_KEY);
        LicenceKey revoked = LicenceKey.parse(REVOKED_KEY);
        LicenceKey unregistered = LicenceKey.parse(UNREGISTERED_KEY);
        LicenceKey mine = LicenceKey.parse(KEY);
        List<Forbidden> cases = List.of(
                // an endpoint writes raw and nothing else
                new Forbidden("endpoint reads raw detections", () -> Clients.consume(endpoint, t.detectionsRaw().name(), null, 1),
                        TopicAuthorizationException.class, t.detectionsRaw().name()),
                new Forbidden("endpoint reads verdicts", () -> Clients.consume(endpoint, t.verdicts().name(), null, 1),
                        TopicAuthorizationException.class, t.verdicts().name()),
                new Forbidden("endpoint reads anonymized detections", () -> Clients.consume(endpoint, t.detectionsAnon().name(), null, 1),
                        TopicAuthorizationException.class, t.detectionsAnon().name()),
                new Forbidden("endpoint reads statistics", () -> Clients.consume(endpoint, t.threatStats().name(), null, 1),
                        TopicAuthorizationException.class, t.threatStats().name()),
                new Forbidden("endpoint writes verdicts", () -> Clients.produce(endpoint, t.verdicts().name(), "file:x", "CLEAN"),
                        TopicAuthorizationException.class, t.verdicts().name()),
                new Forbidden("endpoint writes analyst verdicts", () -> Clients.produce(endpoint, t.analystVerdicts().name(), "file:x", "CLEAN"),
                        TopicAuthorizationException.class, t.analystVerdicts().name()),
                new Forbidden("endpoint writes dead letters", () -> Clients.produce(endpoint, t.deadLettersRaw(), "file:x", "x"),
                        TopicAuthorizationException.class, t.deadLettersRaw()),
                new Forbidden("endpoint writes a topic of its own choosing",
                        () -> Clients.produce(endpoint, cluster.prefix + "exfiltration", "k", "v"), TopicAuthorizationException.class,
                        cluster.prefix + "exfiltration"),
                new Forbidden("endpoint creates a topic", () -> Clients.admin(endpoint,
                        a -> a.createTopics(List.of(new NewTopic(cluster.prefix + "new", 1, (short) 1))).all()),
                        TopicAuthorizationException.class, "Authorization failed"),
                new Forbidden("endpoint deletes raw records", () -> Clients.admin(endpoint, a -> a.deleteRecords(
                        Map.of(new TopicPartition(t.detectionsRaw().name(), 0), RecordsToDelete.beforeOffset(1))).all()),
                        TopicAuthorizationException.class, "Topic authorization failed"),
                new Forbidden("endpoint describes the streams app's consumer group",
                        () -> Clients.admin(endpoint, a -> a.describeConsumerGroups(List.of(app)).all()), GroupAuthorizationException.class, app),
                new Forbidden("endpoint joins a consumer group", () -> Clients.consume(endpoint, t.detectionsRaw().name(), "endpoint-group", 1),
                        GroupAuthorizationException.class, "endpoint-group"),
                new Forbidden("endpoint starts a transaction", () -> transactionalWrite(endpoint, "endpoint-tx", t.detectionsRaw().name()),
                        TransactionalIdAuthorizationException.class, "Transactional Id authorization failed"),
                new Forbidden("endpoint registers another endpoint", () -> Clients.admin(endpoint, a -> a.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion("endpoint-00000000000000ff", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                "pw"))).all()), ClusterAuthorizationException.class, "needs ALTER permission"),
                new Forbidden("endpoint lists ACLs", () -> Clients.admin(endpoint, a -> a.describeAcls(AclBindingFilter.ANY).values()),
                        ClusterAuthorizationException.class, "needs DESCRIBE permission"),
                new Forbidden("endpoint logs in as another endpoint with its own password",
                        () -> Clients.produce(cluster.login(other.principal(), mine.scramPassword()), t.detectionsRaw().name(), "k", "v"),
                        SaslAuthenticationException.class, "invalid credentials"),
                // analysts never see raw data or dead letters, and do not decide verdicts directly
                new Forbidden("analyst reads raw detections", () -> Clients.consume(analyst, t.detectionsRaw().name(), null, 1),
                        TopicAuthorizationException.class, t.detectionsRaw().name()),
                new Forbidden("analyst reads raw threat sources", () -> Clients.consume(analyst, t.threatSourcesRaw().name(), null, 1),
                        TopicAuthorizationException.class, t.threatSourcesRaw().name()),
                new Forbidden("analyst reads dead letters", () -> Clients.consume(analyst, t.deadLettersRaw(), null, 1),
                        TopicAuthorizationException.class, t.deadLettersRaw()),
                new Forbidden("analyst writes verdicts", () -> Clients.produce(analyst, t.verdicts().name(), "file:x", "CLEAN"),
                        TopicAuthorizationException.class, t.verdicts().name()),
                new Forbidden("analyst writes raw detections", () -> Clients.produce(analyst, t.detectionsRaw().name(), "file:x", "x"),
                        TopicAuthorizationException.class, t.detectionsRaw().name()),
                new Forbidden("analyst uses the streams app's group", () -> Clients.consume(analyst, t.threatStats().name(), app, 1),
                        GroupAuthorizationException.class, app),
                // caches only read verdicts
                new Forbidden("cache writes verdicts (plain producer)", () -> plainProduce(cache, t.verdicts().name()),
                        TopicAuthorizationException.class, t.verdicts().name()),
                new Forbidden("cache writes analyst verdicts (idempotent producer: no write right anywhere)",
                        () -> Clients.produce(cache, t.analystVerdicts().name(), "file:x", "CLEAN"),
                        // refused either at InitProducerId (no IDEMPOTENT_WRITE) or at Produce, whichever the client sends first
                        org.apache.kafka.common.errors.AuthorizationException.class, "uthoriz"),
                new Forbidden("cache reads raw detections", () -> Clients.consume(cache, t.detectionsRaw().name(), null, 1),
                        TopicAuthorizationException.class, t.detectionsRaw().name()),
                new Forbidden("cache reads statistics", () -> Clients.consume(cache, t.threatStats().name(), null, 1),
                        TopicAuthorizationException.class, t.threatStats().name()),
                // the streams app reads raw but does not write it, and uses only its own transactional ids
                new Forbidden("streams app writes raw detections", () -> Clients.produce(streams, t.detectionsRaw().name(), "file:x", "x"),
                        TopicAuthorizationException.class, t.detectionsRaw().name()),
                new Forbidden("streams app uses a foreign transactional id", () -> transactionalWrite(streams, "other-app-tx", t.verdicts().name()),
                        TransactionalIdAuthorizationException.class, "Transactional Id authorization failed"),
                // authentication
                new Forbidden("registered endpoint with a wrong password",
                        () -> Clients.produce(cluster.login(mine.principal(), "wrong-password"), t.detectionsRaw().name(), "k", "v"),
                        SaslAuthenticationException.class, "invalid credentials"),
                new Forbidden("revoked licence key",
                        () -> Clients.produce(cluster.login(revoked.principal(), revoked.scramPassword()), t.detectionsRaw().name(), "k", "v"),
                        SaslAuthenticationException.class, "invalid credentials"),
                new Forbidden("unregistered licence key",
                        () -> Clients.produce(cluster.login(unregistered.principal(), unregistered.scramPassword()), t.detectionsRaw().name(), "k", "v"),
                        SaslAuthenticationException.class, "invalid credentials"),
                new Forbidden("client that does not trust the broker's certificate", () -> Clients.produce(withoutTruststore(endpoint),
                        t.detectionsRaw().name(), "k", "v"), SslAuthenticationException.class, "SSL handshake failed"));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        List<DynamicTest> tests = new ArrayList<>();
        for (Forbidden f : cases) {
            tests.add(DynamicTest.dynamicTest(f.what(), () -> {
                Throwable refused = Clients.refusal(f.op());
                assertThat(refused).as(f.what() + " must be refused").isInstanceOf(f.error());
                assertThat(refused.getMessage()).as(f.what() + ": the error names what was refused").contains(f.mentions());
            }));
        }
        return tests;
    }

    @Test
    void revokingALicenceEndsTheEndpointsOpenConnectionAtItsNextReauthentication() throws Exception {
        String key = "OPSN-MATRIX-0005-JJJJ-KKKK";
        cluster.adminOk("licence", "register", "--key", key);
        LicenceKey k = LicenceKey.parse(key);
        Map<String, Object> p = Clients.collectorProducer(cluster.login(k.principal(), k.scramPassword()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(t.detectionsRaw().name(), "file:k", "before")).get(60, TimeUnit.SECONDS);
            cluster.adminOk("licence", "revoke", "--key", key);
            Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofSeconds(1)).until(() ->
                    Clients.refusal(() -> producer.send(new ProducerRecord<>(t.detectionsRaw().name(), "file:k", "after"))
                            .get(60, TimeUnit.SECONDS)) instanceof SaslAuthenticationException);
        }
    }

    @Test
    void endpointProducesBothRawTopicsIdempotently() throws Exception {
        Clients.produce(endpoint, t.detectionsRaw().name(), "file:" + "a".repeat(64), "detection");
        Clients.produce(endpoint, t.threatSourcesRaw().name(), "domain:evil.example", "source");
        List<ConsumerRecord<String, String>> got = Clients.consume(streams, t.threatSourcesRaw().name(), null, 2);
        assertThat(got).extracting(ConsumerRecord::value).contains("source");
    }

    @Test
    void endpointCanUseTheSaslSettingsDerivedFromItsKeyAlone() throws Exception {
        Map<String, Object> login = new java.util.HashMap<>(endpoint);
        login.putAll(LicenceKey.parse("opsn matrix 0001 aaaa bbbb").saslClientSettings());
        Clients.produce(login, t.detectionsRaw().name(), "file:typed", "typed differently, same licence");
    }

    @Test
    void streamsPrincipalReadsRawAndWritesEverythingItOwnsInTransactions() throws Exception {
        String app = cluster.principals.streamsApplicationId();
        List<ConsumerRecord<String, String>> raw = Clients.consume(streams, t.detectionsRaw().name(), app, 1);
        assertThat(raw).isNotEmpty();
        String changelog = app + "-manual-changelog";
        Clients.admin(streams, a -> a.createTopics(List.of(new NewTopic(changelog, 1, (short) 1))).all());
        Map<String, Object> p = Clients.collectorProducer(streams);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, app + "-" + UUID.randomUUID() + "-1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String topic : List.of(t.detectionsAnon().name(), t.threatSourcesAnon().name(), t.threatStats().name(), t.verdicts().name(),
                    t.deadLettersRaw(), changelog)) {
                producer.send(new ProducerRecord<>(topic, "file:tx", "in a transaction"));
            }
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(t.detectionsRaw().name(), 0), new OffsetAndMetadata(1)),
                    new org.apache.kafka.clients.consumer.ConsumerGroupMetadata(app));
            producer.commitTransaction();
        }
        assertThat(Clients.consume(cluster.kafka.clientProperties(), changelog, null, 1)).extracting(ConsumerRecord::value)
                .containsExactly("in a transaction");
    }

    @Test
    void aRealKafkaStreamsAppRunsExactlyOnceAsTheStreamsPrincipal() throws Exception {
        String app = cluster.principals.streamsApplicationId();
        Properties p = new Properties();
        streams.forEach(p::put);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, cluster.dir.resolve("streams-state").toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        StreamsBuilder b = new StreamsBuilder();
        // re-key (repartition topic) and count (changelog topic): both internal topics need the prefixed ACLs
        b.stream(t.threatSourcesRaw().name(), Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((k, v) -> v, Grouped.with("by-value", Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .mapValues(String::valueOf)
                .to(t.threatStats().name(), Produced.with(Serdes.String(), Serdes.String()));
        try (KafkaStreams kafkaStreams = new KafkaStreams(b.build(), p)) {
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            kafkaStreams.setUncaughtExceptionHandler(e -> {
                errors.add(e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            kafkaStreams.start();
            Clients.produce(endpoint, t.threatSourcesRaw().name(), "domain:a.example", "streamed-source");
            Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(errors).isEmpty();
                assertThat(readCommitted(t.threatStats().name())).contains("streamed-source");
            });
        }
        Set<String> internal = Clients.admin(cluster.kafka.clientProperties(), a -> a.listTopics().names());
        assertThat(internal).contains(app + "-counts-changelog", app + "-by-value-repartition");
    }

    @Test
    void analystReadsStatisticsAndWritesAnalystVerdicts() throws Exception {
        String group = cluster.principals.analystGroupPrefix() + "-dashboard";
        assertThat(Clients.consume(analyst, t.threatStats().name(), group, 1)).isNotEmpty();
        assertThat(Clients.consume(analyst, t.detectionsAnon().name(), null, 1)).isNotEmpty();
        assertThat(Clients.consume(analyst, t.verdicts().name(), null, 1)).isNotEmpty();
        Clients.produce(analyst, t.analystVerdicts().name(), "file:x", "MALICIOUS by an analyst");
    }

    @Test
    void cacheReadsVerdicts() {
        assertThat(Clients.consume(cache, t.verdicts().name(), null, 1)).extracting(ConsumerRecord::key).contains("file:seed");
    }

    @Test
    void aclApplyIsIdempotentAndRemovesAclsTheRolesDoNotList() throws Exception {
        SecureCluster.Run again = cluster.adminOk("acl", "apply");
        assertThat(again.out()).contains("0 created, 0 removed");
        // an extra grant made by hand to the cache principal is taken away again
        Map<String, Object> admin = cluster.kafka.clientProperties();
        var extra = new org.apache.kafka.common.acl.AclBinding(
                new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC,
                        t.detectionsRaw().name(), org.apache.kafka.common.resource.PatternType.LITERAL),
                new org.apache.kafka.common.acl.AccessControlEntry("User:" + cluster.principals.cache(), "*",
                        org.apache.kafka.common.acl.AclOperation.READ, org.apache.kafka.common.acl.AclPermissionType.ALLOW));
        Clients.admin(admin, a -> a.createAcls(List.of(extra)).all());
        assertThat(cluster.adminOk("acl", "apply").out()).contains("User:" + cluster.principals.cache() + ": 0 created, 1 removed");
        assertThat(Clients.refusal(() -> Clients.consume(cache, t.detectionsRaw().name(), null, 1))).isInstanceOf(TopicAuthorizationException.class);
    }

    private List<String> readCommitted(String topic) {
        Map<String, Object> c = cluster.kafka.clientProperties();
        c.put("isolation.level", "read_committed");
        return Clients.consumeFor(c, topic, java.time.Duration.ofSeconds(3)).stream().map(ConsumerRecord::key).toList();
    }

    private static void transactionalWrite(Map<String, Object> login, String transactionalId, String topic) {
        Map<String, Object> p = Clients.collectorProducer(login);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "v"));
            producer.commitTransaction();
        }
    }

    private static void plainProduce(Map<String, Object> login, String topic) throws Exception {
        Map<String, Object> p = Clients.collectorProducer(login);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(120, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> withoutTruststore(Map<String, Object> login) {
        Map<String, Object> c = new java.util.HashMap<>(login);
        c.remove("ssl.truststore.location");
        c.remove("ssl.truststore.password");
        c.remove("ssl.truststore.type");
        return c;
    }
}
