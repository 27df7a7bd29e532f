package org.opensn.streams.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.opensn.streams.topology.Names;

/**
 * Makes every instance answer every request: a key query goes to the instance that owns the key
 * ({@link KafkaStreams#queryMetadataForKey}); a top-N query goes to every instance and the parts
 * are merged (keys are partitioned, so the parts are disjoint). While the group is rebalancing
 * the answer is 503 with Retry-After instead of a partial or stale one.
 */
final class QueryRouter {

    static final String INTERNAL = "/internal/v1";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalStores local;
    private final RemoteInstances remote;

    QueryRouter(KafkaStreams streams, HostInfo self, LocalStores local, RemoteInstances remote) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.remote = remote;
    }

    Model.ThreatsPart topThreats(Instant from, Instant to, int limit) {
        List<Model.ThreatFigure> all = new ArrayList<>();
        int suppressed = 0;
        for (HostInfo host : hostsOf(Names.THREAT_HOURLY_STORE)) {
            Model.ThreatsPart part = host.equals(self)
                    ? local.topThreats(from, to, limit)
                    : remote.get(host, INTERNAL + "/threats/top?" + range(from, to) + "&limit=" + limit, Model.ThreatsPart.class);
            all.addAll(part.threats());
            suppressed += part.suppressed();
        }
        return new Model.ThreatsPart(LocalStores.topThreats(all, limit), suppressed);
    }

    Model.SourcesPart topSources(Instant from, Instant to, int limit) {
        List<Model.SourceFigure> all = new ArrayList<>();
        int suppressed = 0;
        for (HostInfo host : hostsOf(Names.SOURCE_DOMAIN_HOURLY_STORE)) {
            Model.SourcesPart part = host.equals(self)
                    ? local.topSources(from, to, limit)
                    : remote.get(host, INTERNAL + "/sources/top?" + range(from, to) + "&limit=" + limit, Model.SourcesPart.class);
            all.addAll(part.sources());
            suppressed += part.suppressed();
        }
        return new Model.SourcesPart(LocalStores.topSources(all, limit), suppressed);
    }

    Model.Series series(String name, Instant from, Instant to, long stepMillis, String step) {
        HostInfo owner = ownerOf(Names.THREAT_HOURLY_STORE, name);
        if (owner.equals(self)) {
            return local.series(name, from, to, stepMillis, step);
        }
        return remote.get(owner, INTERNAL + "/threats/" + encode(name) + "/series?" + range(from, to) + "&step=" + encode(step),
                Model.Series.class);
    }

    /** The object's view, or null when unknown. */
    Model.ObjectView object(String ref) {
        HostInfo owner = ownerOf(Names.OBJECT_STATS_STORE, ref);
        if (owner.equals(self)) {
            return local.object(ref);
        }
        return remote.get(owner, INTERNAL + "/objects/" + encode(ref), Model.ObjectView.class);
    }

    /** For internal requests: fails with 503 unless this instance is the active owner of {@code key} now. */
    void requireOwner(String store, String key) {
        if (!ownerOf(store, key).equals(self)) {
            throw QueryException.unavailable("this instance no longer owns '" + store + "' for the key (rebalance in progress); retry shortly");
        }
    }

    private HostInfo ownerOf(String store, String key) {
        requireRunning();
        KeyQueryMetadata meta = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.activeHost() == null) {
            throw QueryException.unavailable("no instance owns store " + store + " for the key yet (rebalance in progress); retry shortly");
        }
        return meta.activeHost();
    }

    private Set<HostInfo> hostsOf(String store) {
        requireRunning();
        Collection<StreamsMetadata> all = streams.streamsMetadataForStore(store);
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata m : all) {
            if (!m.topicPartitions().isEmpty()) {
                hosts.add(m.hostInfo());
            }
        }
        if (hosts.isEmpty()) {
            throw QueryException.unavailable("no instance holds store " + store + " yet (rebalance in progress); retry shortly");
        }
        return hosts;
    }

    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw QueryException.unavailable("the app is " + state + ", stores are not queryable; retry shortly");
        }
    }

    private static String range(Instant from, Instant to) {
        return "from=" + encode(from.toString()) + "&to=" + encode(to.toString());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
