/**
 * The reputation cache: a library that keeps a local, persisted copy of the network's current
 * verdicts fresh from the compacted verdicts topic ({@link org.opensn.cache.VerdictSubscriber}),
 * and the endpoint-facing service over it ({@link org.opensn.cache.ReputationCacheService},
 * main class {@link org.opensn.cache.ReputationCacheApp}, settings {@link org.opensn.cache.CacheConfig}).
 *
 * <p>Downstream copies keep in step through {@link org.opensn.cache.VerdictView#changesSince}:
 * an opaque {@link org.opensn.cache.UpdateToken} of Kafka offsets, a full snapshot or the changes
 * since the token, and a {@link org.opensn.cache.TableChecksum} of the resulting table.
 */
package org.opensn.cache;
