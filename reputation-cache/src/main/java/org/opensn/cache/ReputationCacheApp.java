package org.opensn.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code opensn-reputation-cache [--config FILE]}: runs {@link ReputationCacheService} until the
 * JVM is told to stop. Settings: see {@link CacheConfig}. Exit code 2 for a usage or configuration error.
 *
 * <pre>
 * java -jar reputation-cache/target/opensn-reputation-cache-0.1.0-SNAPSHOT-app.jar --config cache.properties
 * </pre>
 */
public final class ReputationCacheApp {

    private ReputationCacheApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "opensn-reputation-cache-log4j2.xml");
        }
        Logger log = LoggerFactory.getLogger(ReputationCacheApp.class);
        Properties props = new Properties();
        if (args.length == 2 && args[0].equals("--config")) {
            try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
                props.load(in);
            } catch (IOException e) {
                System.err.println("cannot read config file " + args[1] + ": " + e.getMessage());
                System.exit(2);
            }
        } else if (args.length != 0) {
            System.err.println("usage: opensn-reputation-cache [--config FILE]");
            System.exit(2);
        }
        CacheConfig config;
        try {
            config = CacheConfig.load(props, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ReputationCacheService service = ReputationCacheService.start(config);
        log.info("reputation cache listening on {} ({})", service.baseUrl(), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "opensn-reputation-cache-shutdown"));
        stopped.await();
    }
}
