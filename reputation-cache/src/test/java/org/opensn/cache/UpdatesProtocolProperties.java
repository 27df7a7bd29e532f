package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.opensn.cache.http.CacheHttpServer;
import org.opensn.cache.http.HttpSettings;
import org.opensn.schemas.avro.Verdict;

/**
 * A downstream client that applies {@code /v1/updates} answers (full snapshot, then deltas, at
 * random points of a random history of upserts, withdrawals, compaction gaps and purges of old
 * withdrawals) always ends with a copy equal to the server's table, and its own checksum of that
 * copy equals the checksum the server sent.
 */
class UpdatesProtocolProperties {

    private static final String TOPIC = "p.verdicts";
    private static final int PARTITIONS = 3;
    /** One server for every try; each try swaps in a fresh table. */
    private static final TableView VIEW = new TableView(new VerdictTable(TOPIC, PARTITIONS, new long[PARTITIONS]));
    private static CacheHttpServer server;

    sealed interface Op permits Upsert, Withdraw, Gap, Sync, Purge {
    }

    record Upsert(int ref, Verdict verdict) implements Op {
    }

    record Withdraw(int ref) implements Op {
    }

    record Gap(int partition, int size) implements Op {
    }

    record Sync() implements Op {
    }

    record Purge(int keepLast) implements Op {
    }

    @BeforeContainer
    static void startServer() {
        server = CacheHttpServer.start(VIEW, HttpSettings.defaults().withPort(0).withConstantEndpoint(false),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @AfterContainer
    static void stopServer() {
        server.close();
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Integer> refs = Arbitraries.integers().between(0, 40);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, refs.flatMap(r -> Arbitraries.of(Verdict.MALICIOUS, Verdict.SUSPICIOUS, Verdict.CLEAN)
                        .map(v -> (Op) new Upsert(r, v)))),
                net.jqwik.api.Tuple.of(3, refs.map(r -> (Op) new Withdraw(r))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, PARTITIONS - 1)
                        .flatMap(p -> Arbitraries.integers().between(1, 5).map(n -> (Op) new Gap(p, n)))),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Sync())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 30).map(k -> (Op) new Purge(k))));
        return op.list().ofMaxSize(120);
    }

    @Property(tries = 150)
    void aClientFollowingUpdatesEndsEqualToTheServer(@ForAll("histories") List<Op> history) {
        VerdictTable table = new VerdictTable(TOPIC, PARTITIONS, new long[PARTITIONS]);
        VIEW.table = table;
        Map<String, String> model = new HashMap<>();
        long[] next = new long[PARTITIONS];
        long step = 0;
        Map<String, Long> versions = new HashMap<>();
        HttpClientSupport.LocalCopy client = new HttpClientSupport.LocalCopy();
        for (Op op : history) {
            step++;
            switch (op) {
                case Upsert u -> {
                    String ref = Verdicts.fileRef(u.ref());
                    long version = versions.merge(ref, 1L, Long::sum);
                    int p = Math.floorMod(ref.hashCode(), PARTITIONS);
                    table.apply(p, next[p]++, ref, Verdicts.cached(ref, u.verdict(), version), step);
                    model.put(ref, u.verdict() + "/" + version);
                }
                case Withdraw w -> {
                    String ref = Verdicts.fileRef(w.ref());
                    int p = Math.floorMod(ref.hashCode(), PARTITIONS);
                    table.apply(p, next[p]++, ref, null, step);
                    model.remove(ref);
                }
                case Gap g -> {
                    next[g.partition()] += g.size();
                    table.advance(g.partition(), next[g.partition()]);
                }
                case Sync s -> syncAndCheck(client, table, model);
                case Purge pu -> table.purgeTombstones(step - pu.keepLast());
            }
        }
        syncAndCheck(client, table, model);
        assertThat(client.fullAnswers).isGreaterThanOrEqualTo(1);
    }

    private static void syncAndCheck(HttpClientSupport.LocalCopy client, VerdictTable table, Map<String, String> model) {
        String before = client.token;
        client.sync(server.baseUrl());
        assertThat(client.entries).as("copy after sync from token '%s'", before).isEqualTo(model);
        assertThat(client.checksum()).isEqualTo(client.lastServerChecksum).isEqualTo(table.checksum());
    }
}
