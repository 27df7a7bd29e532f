package org.opensn.schemas.registry;

import static org.opensn.schemas.registry.SchemaRegistryClientConfig.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the SSLContext for https registry URLs from keystore/truststore settings. */
final class SslContexts {

    private SslContexts() {
    }

    static SSLContext fromConfig(Map<String, ?> config) {
        String trustLocation = ConfigValues.string(config, SSL_TRUSTSTORE_LOCATION);
        String keyLocation = ConfigValues.string(config, SSL_KEYSTORE_LOCATION);
        try {
            if (trustLocation == null && keyLocation == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = null;
            if (trustLocation != null) {
                KeyStore trust = load(trustLocation, ConfigValues.string(config, SSL_TRUSTSTORE_TYPE),
                        ConfigValues.string(config, SSL_TRUSTSTORE_PASSWORD), SSL_TRUSTSTORE_LOCATION);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (keyLocation != null) {
                String storePassword = ConfigValues.string(config, SSL_KEYSTORE_PASSWORD);
                KeyStore keys = load(keyLocation, ConfigValues.string(config, SSL_KEYSTORE_TYPE), storePassword, SSL_KEYSTORE_LOCATION);
                String keyPassword = ConfigValues.string(config, SSL_KEY_PASSWORD);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, chars(keyPassword != null ? keyPassword : storePassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the schema registry: " + e.getMessage()
                    + " (check the " + SSL_TRUSTSTORE_LOCATION + " / " + SSL_KEYSTORE_LOCATION + " settings)", e);
        }
    }

    private static KeyStore load(String location, String type, String password, String key) throws GeneralSecurityException {
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(key + " points to " + path.toAbsolutePath() + ", which does not exist or is not readable");
        }
        KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, chars(password));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + key + " " + path.toAbsolutePath() + ": " + e.getMessage()
                    + " (wrong password or type?)", e);
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
