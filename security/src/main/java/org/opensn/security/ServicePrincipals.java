package org.opensn.security;

import java.util.List;

/**
 * The Kafka principals (SCRAM user names, without {@code User:}) of the non-endpoint roles, and the
 * names their ACLs are prefixed with.
 *
 * @param streams the streams app's user (default {@code opensn-streams})
 * @param streamsApplicationId the streams app's {@code application.id} (default {@code opensn-streams}):
 *     its consumer group, internal topics and transactional ids all start with it
 * @param analyst the analysts' user (default {@code opensn-analyst})
 * @param analystGroupPrefix the prefix of the analysts' consumer groups (default {@code opensn-analyst})
 * @param cache the reputation caches' user (default {@code opensn-cache}); caches assign partitions, no group
 */
public record ServicePrincipals(String streams, String streamsApplicationId, String analyst, String analystGroupPrefix, String cache) {

    public ServicePrincipals {
        for (String s : List.of(nonNull(streams), nonNull(streamsApplicationId), nonNull(analyst), nonNull(analystGroupPrefix), nonNull(cache))) {
            if (!s.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("principal or prefix '" + s + "' must be letters, digits, '.', '_' or '-'");
            }
        }
        if (LicenceKey.isEndpointPrincipal(streams) || LicenceKey.isEndpointPrincipal(analyst) || LicenceKey.isEndpointPrincipal(cache)) {
            throw new IllegalArgumentException("service principals may not look like endpoint principals (endpoint-<16 hex>)");
        }
        if (streams.equals(analyst) || streams.equals(cache) || analyst.equals(cache)) {
            throw new IllegalArgumentException("streams, analyst and cache need three different principals, were " + streams + ", "
                    + analyst + ", " + cache);
        }
    }

    /** The defaults listed above. */
    public static ServicePrincipals defaults() {
        return new ServicePrincipals("opensn-streams", "opensn-streams", "opensn-analyst", "opensn-analyst", "opensn-cache");
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
