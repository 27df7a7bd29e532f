package org.opensn.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.schemas.avro.ReputationVerdict;

/** The client over real TLS: a keytool-made certificate for 127.0.0.1, trusted through the truststore settings. */
class HttpsRegistryTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static Path keystore;
    static Path truststore;

    private HttpsServer server;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        keystore = dir.resolve("registry.p12");
        truststore = dir.resolve("trust.p12");
        Path cert = dir.resolve("registry.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void registersOverTlsWithTheConfiguredTruststore() throws Exception {
        String url = start(false);
        try (SchemaRegistryClient client = client(url, false)) {
            assertThat(client.register("s-value", ReputationVerdict.getClassSchema())).isEqualTo(21);
        }
    }

    @Test
    void anUntrustedCertificateFailsAtOnceWithoutRetriesNamingTheSetting() throws Exception {
        String url = start(false);
        try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, url), sleeps::add)) {
            assertThatThrownBy(() -> client.register("s-value", ReputationVerdict.getClassSchema()))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("TLS with registry at " + url + " failed while registering a schema for subject s-value")
                    .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void mutualTlsPresentsTheKeystoreCertificate() throws Exception {
        String url = start(true);
        try (SchemaRegistryClient client = client(url, true)) {
            assertThat(client.register("s-value", ReputationVerdict.getClassSchema())).isEqualTo(21);
        }
        try (SchemaRegistryClient withoutClientCert = client(url, false)) {
            assertThatThrownBy(() -> withoutClientCert.register("s-value", ReputationVerdict.getClassSchema()))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("registry at " + url);
        }
    }

    private SchemaRegistryClient client(String url, boolean withClientCertificate) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL, url);
        config.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString());
        config.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD);
        config.put(SchemaRegistryClientConfig.MAX_RETRIES, 1);
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 10);
        if (withClientCertificate) {
            config.put(SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION, keystore.toString());
            config.put(SchemaRegistryClientConfig.SSL_KEYSTORE_PASSWORD, PASSWORD);
        }
        return SchemaRegistryClients.create(config, sleeps::add);
    }

    private String start(boolean needClientAuth) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(truststore));
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                var ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"id\":21}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
