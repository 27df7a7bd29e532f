package org.opensn.standalone;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.opensn.cache.CacheConfig;
import org.opensn.cache.ReputationCacheService;
import org.opensn.streams.StreamsApp;
import org.opensn.streams.StreamsAppConfig;

/** Runs one component alone until the JVM is told to stop (Ctrl-C, SIGTERM). */
final class ComponentRunner {

    private ComponentRunner() {
    }

    static void streams(Properties properties) throws InterruptedException {
        StreamsAppConfig config = configOrExit(() -> StreamsAppConfig.load(properties, System.getenv()));
        StreamsApp app = StreamsApp.start(config);
        System.out.println("streams app running; analyst API on http://" + config.httpHost() + ":" + app.httpPort() + "/api/v1/");
        runUntilStopped(app);
    }

    static void cache(Properties properties) throws InterruptedException {
        CacheConfig config = configOrExit(() -> CacheConfig.load(properties, System.getenv()));
        ReputationCacheService service = ReputationCacheService.start(config);
        System.out.println("reputation cache running on " + service.baseUrl() + "/v1/reputation/{ref}");
        runUntilStopped(service);
    }

    private static <T> T configOrExit(java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (IllegalArgumentException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }

    private static void runUntilStopped(AutoCloseable component) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "opensn-shutdown"));
        stopped.await();
    }
}
