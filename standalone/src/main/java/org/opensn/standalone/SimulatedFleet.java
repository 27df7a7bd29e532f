package org.opensn.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.sim.EventSink;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * The simulated fleet of a local run: endpoints reporting through one {@link EndpointCollector}
 * (so the participation mode applies), and looking the files they saw up in the reputation cache,
 * as real endpoints do, at about one look-up per ten reports.
 */
final class SimulatedFleet implements AutoCloseable {

    private static final int RECENT = 1024;

    private final AtomicReferenceArray<String> recentHashes = new AtomicReferenceArray<>(RECENT);
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong lookupErrors = new AtomicLong();
    private final Thread reporter;
    private final Thread lookup;

    private SimulatedFleet(FleetSimulator simulator, EndpointCollector collector, double rate, String cacheBaseUrl, String apiKey) {
        EventSink sink = new EventSink() {
            @Override
            public void detection(DetectionEvent event) {
                recentHashes.set((int) (seen.getAndIncrement() % RECENT), event.getObjectSha256());
                collector.reportDetection(event);
            }

            @Override
            public void threatSource(ThreatSourceEvent event) {
                collector.reportThreatSource(event);
            }
        };
        reporter = Thread.ofPlatform().name("opensn-fleet").daemon().unstarted(() -> {
            try {
                simulator.run(sink, rate, UpCommand.forever(), p -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long pauseMillis = Math.max(1, Math.round(10_000 / rate));
        lookup = Thread.ofPlatform().name("opensn-fleet-lookups").daemon().unstarted(() -> lookups(cacheBaseUrl, apiKey, pauseMillis));
    }

    static SimulatedFleet start(FleetSimulator simulator, EndpointCollector collector, double rate, String cacheBaseUrl) {
        return start(simulator, collector, rate, cacheBaseUrl, null);
    }

    /** As above; {@code apiKey} (an ENDPOINT key, or null) is sent as {@code X-API-Key} with every look-up. */
    static SimulatedFleet start(FleetSimulator simulator, EndpointCollector collector, double rate, String cacheBaseUrl, String apiKey) {
        SimulatedFleet fleet = new SimulatedFleet(simulator, collector, rate, cacheBaseUrl, apiKey);
        fleet.reporter.start();
        fleet.lookup.start();
        return fleet;
    }

    private void lookups(String baseUrl, String apiKey, long pauseMillis) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(pauseMillis);
                long n = Math.min(seen.get(), RECENT);
                if (n == 0) {
                    continue;
                }
                String hash = recentHashes.get(ThreadLocalRandom.current().nextInt((int) n));
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/reputation/file:" + hash))
                        .timeout(Duration.ofSeconds(5)).GET();
                if (apiKey != null) {
                    builder.header("X-API-Key", apiKey);
                }
                HttpRequest request = builder.build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    lookups.incrementAndGet();
                    if (!response.body().contains("\"UNKNOWN\"")) {
                        hits.incrementAndGet();
                    }
                } else {
                    lookupErrors.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                lookupErrors.incrementAndGet();
            }
        }
    }

    /** Look-ups answered with a verdict other than UNKNOWN, over all answered look-ups (NaN before the first). */
    double hitRatio() {
        long n = lookups.get();
        return n == 0 ? Double.NaN : hits.get() / (double) n;
    }

    long lookups() {
        return lookups.get();
    }

    @Override
    public void close() throws InterruptedException {
        reporter.interrupt();
        lookup.interrupt();
        reporter.join(10_000);
        lookup.join(10_000);
    }
}
