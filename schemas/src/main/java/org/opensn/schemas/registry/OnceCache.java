package org.opensn.schemas.registry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A cache that loads each key at most once at a time: concurrent callers of a missing key wait
 * for the one load instead of each calling the registry. Failed loads are not cached.
 */
final class OnceCache<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> entries = new ConcurrentHashMap<>();

    V get(K key, Function<K, V> loader) {
        CompletableFuture<V> existing = entries.get(key);
        if (existing == null) {
            CompletableFuture<V> mine = new CompletableFuture<>();
            existing = entries.putIfAbsent(key, mine);
            if (existing == null) {
                try {
                    V value = loader.apply(key);
                    mine.complete(value);
                    return value;
                } catch (RuntimeException | Error e) {
                    entries.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
        return join(existing);
    }

    void put(K key, V value) {
        entries.putIfAbsent(key, CompletableFuture.completedFuture(value));
    }

    int size() {
        return entries.size();
    }

    private static <V> V join(CompletableFuture<V> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting for a schema registry answer", null,
                    SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE, e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
