package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.security.ApiKeyAuthenticator;
import org.opensn.security.ApiKeyFile;
import org.opensn.security.ApiKeys;
import org.opensn.security.Permission;

class AdminCliTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void apiKeyCreatePrintsTheKeyOnceAndStoresOnlyItsHash() throws Exception {
        Path keys = dir.resolve("api-keys");
        Result r = run(Map.of(), "apikey", "create", "--role", "analyst", "--name", "alice", "--file", keys.toString());
        assertThat(r.code()).isZero();
        String key = r.out().strip();
        assertThat(key).startsWith("osn_");
        assertThat(r.err()).contains("shown only now");
        assertThat(Files.readString(keys)).doesNotContain(key).contains(ApiKeys.hash(key)).contains("ANALYST alice");
        assertThat(ApiKeyAuthenticator.fromFile(keys).authenticate("Bearer " + key, null, Permission.STATISTICS_READ).isAllowed()).isTrue();

        Result dup = run(Map.of(), "apikey", "create", "--role", "ENDPOINT", "--name", "alice", "--file", keys.toString());
        assertThat(dup.code()).isEqualTo(1);
        assertThat(dup.err()).contains("already has a key named alice");

        assertThat(run(Map.of(), "apikey", "list", "--file", keys.toString()).out()).contains("alice ANALYST sha256:").doesNotContain(key);
        assertThat(run(Map.of(), "apikey", "revoke", "--name", "alice", "--file", keys.toString()).code()).isZero();
        assertThat(ApiKeyFile.read(keys)).isEmpty();
        assertThat(run(Map.of(), "apikey", "revoke", "--name", "alice", "--file", keys.toString()).err()).contains("no API key named alice");
    }

    @Test
    void apiKeyFileComesFromTheConfigAndTheEnvironmentWins() throws Exception {
        Path config = dir.resolve("admin.properties");
        Files.writeString(config, "api.keys.file=" + dir.resolve("from-file") + "\n");
        assertThat(run(Map.of(), "--config", config.toString(), "apikey", "create", "--role", "OPS", "--name", "grafana").code()).isZero();
        assertThat(dir.resolve("from-file")).exists();
        Map<String, String> env = Map.of("OPENSN_API_KEYS_FILE", dir.resolve("from-env").toString());
        assertThat(run(env, "apikey", "create", "--config", config.toString(), "--role", "OPS", "--name", "grafana").code()).isZero();
        assertThat(dir.resolve("from-env")).exists();
    }

    @Test
    void usageErrorsExitTwoAndSayWhatToDo() {
        assertThat(run(Map.of()).code()).isEqualTo(2);
        Result badRole = run(Map.of(), "apikey", "create", "--role", "root", "--name", "x", "--file", dir.resolve("k").toString());
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("ENDPOINT").contains("ANALYST").contains("OPS");
        Result shortKey = run(Map.of(), "licence", "register", "--key", "TOO-SHORT");
        assertThat(shortKey.code()).isEqualTo(2);
        assertThat(shortKey.err()).contains("at least 16").doesNotContain("TOO-SHORT");
        Result noKey = run(Map.of(), "licence", "register");
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("--key-file").contains("OPENSN_LICENCE_KEY");
        Result revoke = run(Map.of(), "licence", "revoke", "--id", "not-hex");
        assertThat(revoke.code()).isEqualTo(2);
        assertThat(revoke.err()).contains("licence list");
        Result noPassword = run(Map.of(), "user", "set", "--name", "opensn-streams");
        assertThat(noPassword.code()).isEqualTo(2);
        assertThat(noPassword.err()).contains("OPENSN_USER_PASSWORD");
        Result endpointUser = run(Map.of("OPENSN_USER_PASSWORD", "x"), "user", "set", "--name", "endpoint-0123456789abcdef");
        assertThat(endpointUser.err()).contains("licence register");
        Result missingConfig = run(Map.of(), "--config", dir.resolve("nope").toString(), "acl", "show");
        assertThat(missingConfig.code()).isEqualTo(2);
        assertThat(missingConfig.err()).contains("does not exist");
    }

    @Test
    void aclShowPrintsEveryRoleWithConfiguredNames() throws Exception {
        Path config = dir.resolve("admin.properties");
        Properties p = new Properties();
        p.setProperty("topic.prefix", "acme.");
        p.setProperty("streams.application.id", "acme-streams");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, null);
        }
        Result r = run(Map.of(), "--config", config.toString(), "acl", "show");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("User:endpoint-<licence id>").contains("ALLOW WRITE TOPIC acme.detections.raw")
                .contains("ALLOW IDEMPOTENT_WRITE CLUSTER kafka-cluster").contains("ALLOW ALL TOPIC acme-streams-*")
                .contains("User:opensn-cache\n  ALLOW READ TOPIC acme.verdicts").doesNotContain("opensn.detections.raw");
    }

    @Test
    void configLoadsDefaultsFileThenEnvironment() {
        Properties file = new Properties();
        file.setProperty("bootstrap.servers", "file:9092");
        file.setProperty("kafka.security.protocol", "SASL_SSL");
        file.setProperty("kafka.sasl.mechanism", "PLAIN");
        AdminConfig c = AdminConfig.load(file, Map.of("OPENSN_BOOTSTRAP_SERVERS", "env:9092", "OPENSN_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
        assertThat(c.bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.adminClientProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(c.principals().streams()).isEqualTo("opensn-streams");
        assertThat(c.aclTopics().deadLetters()).isEqualTo("opensn.dead-letters.raw");
        assertThat(c.toString()).doesNotContain("SASL_SSL");
    }
}
