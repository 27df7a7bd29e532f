package org.opensn.collector.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.opensn.collector.CollectorConfig;
import org.opensn.security.EndpointLogin;
import org.opensn.security.ListenerProbe;

/**
 * What {@code check-connection} checks, in order: broker reachable, authentication accepted, raw topics writable,
 * registry reachable. Each check has a bounded time; against a stopped broker the whole run ends within ~10 s.
 */
final class ConnectionChecker {

    enum Status { OK, FAIL, SKIPPED }

    /** One row of the table; {@code exitCode} says what kind of failure it was. */
    record Check(String name, Status status, String detail, int exitCode) {
    }

    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final CollectorConfig config;

    ConnectionChecker(CollectorConfig config) {
        this.config = config;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checkBroker(checks, true);
        checks.add(checkRegistry());
        return checks;
    }

    /**
     * Whether the broker refuses this client's login, in bounded time: a failed check (exit code 3)
     * when the security settings do not match the listener or the credentials (the licence key) are
     * refused; empty otherwise, also when the broker is unreachable (publishing then spools).
     */
    java.util.Optional<Check> loginRefused() {
        List<Check> checks = new ArrayList<>();
        checkBroker(checks, false);
        return checks.stream().filter(c -> c.status() == Status.FAIL && c.exitCode() == ExitCodes.AUTH_REFUSED).findFirst();
    }

    /** 3 if anything refused credentials, else 4 if anything was unreachable, else 1 if anything failed, else 0. */
    static int exitCode(List<Check> checks) {
        Set<Integer> codes = new java.util.HashSet<>();
        for (Check c : checks) {
            if (c.status() == Status.FAIL) {
                codes.add(c.exitCode());
            }
        }
        for (int code : new int[] {ExitCodes.AUTH_REFUSED, ExitCodes.UNREACHABLE, ExitCodes.FAILED}) {
            if (codes.contains(code)) {
                return code;
            }
        }
        return ExitCodes.OK;
    }

    private void checkBroker(List<Check> checks, boolean withTopics) {
        String where = "broker at " + config.bootstrapServers();
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "opensn-collector-check");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis() - 1000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3_000L);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        props.keySet().retainAll(AdminClientConfig.configNames());
        String protocol = String.valueOf(props.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
        // a client whose security settings do not match the listener would only time out: ask the listener first
        ListenerProbe.Kind listener;
        try {
            listener = ListenerProbe.probeBootstrap(config.bootstrapServers(), PROBE_TIMEOUT);
        } catch (RuntimeException e) {
            listener = ListenerProbe.Kind.NOT_KAFKA;
        }
        String mismatch = ListenerProbe.mismatch(config.bootstrapServers(), protocol, listener);
        if (mismatch != null) {
            checks.add(new Check("broker reachable", Status.OK, where + " answered (it expects " + listener.description() + ")", ExitCodes.OK));
            checks.add(new Check("authentication accepted", Status.FAIL, mismatch, ExitCodes.AUTH_REFUSED));
            checks.add(skipped("raw topics writable", "security settings do not match"));
            return;
        }
        if (!withTopics && listener == ListenerProbe.Kind.UNREACHABLE) {
            checks.add(unreachable(where, null, protocol));
            return;
        }
        try (Admin admin = Admin.create(props)) {
            try {
                String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) BROKER_TIMEOUT.toMillis()))
                        .clusterId().get(BROKER_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                checks.add(new Check("broker reachable", Status.OK, where + " answered (cluster " + clusterId + ")", ExitCodes.OK));
                checks.add(new Check("authentication accepted", Status.OK, protocol.startsWith("SASL")
                        ? "credentials accepted (" + protocol + ")" : "no authentication configured (" + protocol + ")", ExitCodes.OK));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof org.apache.kafka.common.errors.SslAuthenticationException) {
                    checks.add(new Check("broker reachable", Status.OK, where + " answered", ExitCodes.OK));
                    checks.add(new Check("authentication accepted", Status.FAIL, "TLS handshake failed (" + cause.getMessage()
                            + "): this client does not trust the broker's certificate; set kafka.ssl.truststore.location (and"
                            + " .password, .type) to the network's CA", ExitCodes.AUTH_REFUSED));
                } else if (cause instanceof AuthenticationException) {
                    checks.add(new Check("broker reachable", Status.OK, where + " answered", ExitCodes.OK));
                    String principal = EndpointLogin.principalOf(String.valueOf(props.get("sasl.jaas.config")));
                    checks.add(new Check("authentication accepted", Status.FAIL, "refused: " + EndpointLogin.refusedMessage(principal)
                            + " (broker: " + cause.getMessage() + ")", ExitCodes.AUTH_REFUSED));
                } else if (cause instanceof AuthorizationException) {
                    checks.add(new Check("broker reachable", Status.OK, where + " answered", ExitCodes.OK));
                    checks.add(new Check("authentication accepted", Status.FAIL, "authorization refused: " + cause.getMessage()
                            + " (ask the operator for the ACLs of this principal)", ExitCodes.AUTH_REFUSED));
                } else {
                    checks.add(unreachable(where, cause, protocol));
                    checks.add(skipped("authentication accepted", "broker not reachable"));
                    checks.add(skipped("raw topics writable", "broker not reachable"));
                    return;
                }
                checks.add(skipped("raw topics writable", "not logged in"));
                return;
            } catch (TimeoutException e) {
                checks.add(unreachable(where, e, protocol));
                checks.add(skipped("authentication accepted", "broker not reachable"));
                checks.add(skipped("raw topics writable", "broker not reachable"));
                return;
            }
            if (withTopics) {
                checks.add(checkTopics(admin));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("broker reachable", Status.FAIL, "interrupted", ExitCodes.FAILED));
        } catch (RuntimeException e) {
            checks.add(new Check("broker reachable", Status.FAIL, "cannot create a client for " + where + ": " + e.getMessage()
                    + " (check bootstrap.servers and the kafka.* settings)", ExitCodes.FAILED));
        }
    }

    private Check unreachable(String where, Throwable cause, String protocol) {
        String hint = protocol.startsWith("SASL") || protocol.equals("SSL") ? "" : " (if the broker expects SASL or TLS, a plaintext client only times out: set kafka.security.protocol)";
        return new Check("broker reachable", Status.FAIL, where + " did not answer within " + BROKER_TIMEOUT.toSeconds() + " s"
                + " (" + (cause == null ? "timeout" : cause.getClass().getSimpleName()) + "): start the broker or correct bootstrap.servers" + hint,
                ExitCodes.UNREACHABLE);
    }

    private Check checkTopics(Admin admin) throws InterruptedException {
        List<String> topics = List.of(config.topics().detectionsRaw().name(), config.topics().threatSourcesRaw().name());
        List<String> problems = new ArrayList<>();
        int code = ExitCodes.OK;
        for (String topic : topics) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().includeAuthorizedOperations(true)
                        .timeoutMs((int) BROKER_TIMEOUT.toMillis())).allTopicNames().get(BROKER_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS).get(topic);
                Set<AclOperation> ops = d.authorizedOperations();
                if (ops != null && !ops.isEmpty() && !ops.contains(AclOperation.WRITE) && !ops.contains(AclOperation.ALL)) {
                    problems.add(topic + ": WRITE not authorized for this principal (ask the operator for a WRITE ACL)");
                    code = ExitCodes.AUTH_REFUSED;
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UnknownTopicOrPartitionException) {
                    problems.add(topic + " does not exist (create it, or start the streams app, which creates the contract topics)");
                    code = code == ExitCodes.OK ? ExitCodes.FAILED : code;
                } else if (cause instanceof AuthorizationException || cause instanceof AuthenticationException) {
                    problems.add(topic + ": " + cause.getMessage() + " (ask the operator for DESCRIBE and WRITE ACLs)");
                    code = ExitCodes.AUTH_REFUSED;
                } else {
                    problems.add(topic + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
                    code = code == ExitCodes.OK ? ExitCodes.UNREACHABLE : code;
                }
            } catch (TimeoutException e) {
                problems.add(topic + ": no answer within " + BROKER_TIMEOUT.toSeconds() + " s");
                code = code == ExitCodes.OK ? ExitCodes.UNREACHABLE : code;
            }
        }
        if (problems.isEmpty()) {
            return new Check("raw topics writable", Status.OK, String.join(", ", topics), ExitCodes.OK);
        }
        return new Check("raw topics writable", Status.FAIL, String.join("; ", problems), code);
    }

    private Check checkRegistry() {
        String[] urls = config.schemaRegistryUrl().split(",");
        String lastProblem = null;
        int lastCode = ExitCodes.UNREACHABLE;
        HttpClient http = HttpClient.newBuilder().connectTimeout(REGISTRY_TIMEOUT).build();
        for (String raw : urls) {
            String base = raw.trim();
            if (base.startsWith("mock://")) {
                return new Check("registry reachable", Status.OK, base + " (in-memory registry)", ExitCodes.OK);
            }
            String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/subjects";
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(REGISTRY_TIMEOUT).GET()
                        .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
                String userInfo = config.registry().get("basic.auth.user.info");
                if (userInfo != null && !userInfo.isBlank()) {
                    req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
                }
                HttpResponse<Void> resp = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
                int s = resp.statusCode();
                if (s == 200) {
                    return new Check("registry reachable", Status.OK, "registry at " + base + " answered", ExitCodes.OK);
                }
                if (s == 401 || s == 403) {
                    lastProblem = "registry at " + base + " refused the credentials (HTTP " + s + "): check registry.basic.auth.user.info";
                    lastCode = ExitCodes.AUTH_REFUSED;
                } else {
                    lastProblem = "registry at " + base + " answered HTTP " + s + " to GET /subjects: is schema.registry.url the"
                            + " Confluent-compatible base URL (Apicurio: .../apis/ccompat/v7)?";
                    lastCode = ExitCodes.FAILED;
                }
            } catch (IOException e) {
                lastProblem = "registry at " + base + " did not answer within " + REGISTRY_TIMEOUT.toSeconds() + " s ("
                        + e.getClass().getSimpleName() + "): start it or correct schema.registry.url";
                lastCode = ExitCodes.UNREACHABLE;
            } catch (IllegalArgumentException e) {
                lastProblem = "schema.registry.url '" + base + "' is not a URL: " + e.getMessage();
                lastCode = ExitCodes.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastProblem = "interrupted";
                lastCode = ExitCodes.FAILED;
                break;
            }
        }
        return new Check("registry reachable", Status.FAIL, lastProblem, lastCode);
    }

    private static Check skipped(String name, String why) {
        return new Check(name, Status.SKIPPED, "not checked (" + why + ")", ExitCodes.OK);
    }
}
