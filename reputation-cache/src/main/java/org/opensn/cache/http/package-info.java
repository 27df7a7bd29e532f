/**
 * The endpoint-facing HTTP API of the reputation cache (CONTRACT.md), on Javalin:
 * {@link org.opensn.cache.http.CacheHttpServer} over any {@link org.opensn.cache.VerdictView}.
 */
package org.opensn.cache.http;
