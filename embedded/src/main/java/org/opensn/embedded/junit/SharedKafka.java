package org.opensn.embedded.junit;

import java.nio.file.Path;
import java.util.Map;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.KafkaSecurity;

/** The per-JVM broker as handed to tests: everything but {@code stop()} and {@code close()}. */
final class SharedKafka implements EmbeddedKafka {

    private final EmbeddedKafka delegate;

    SharedKafka(EmbeddedKafka delegate) {
        this.delegate = delegate;
    }

    @Override
    public EmbeddedKafka start() {
        delegate.start();
        return this;
    }

    @Override
    public void stop() {
        throw refused("stop");
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public String bootstrapServers() {
        return delegate.bootstrapServers();
    }

    @Override
    public int port() {
        return delegate.port();
    }

    @Override
    public Path dataDir() {
        return delegate.dataDir();
    }

    @Override
    public Map<String, Object> clientProperties() {
        return delegate.clientProperties();
    }

    @Override
    public Map<String, Object> clientProperties(String user, String password) {
        return delegate.clientProperties(user, password);
    }

    @Override
    public KafkaSecurity security() {
        return delegate.security();
    }

    @Override
    public void createUser(String name, String password) {
        delegate.createUser(name, password);
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        delegate.createTopic(name, partitions, configs);
    }

    /** Refused: see {@link #stop()}. The broker is closed at JVM exit. */
    @Override
    public void close() {
        throw refused("close");
    }

    @Override
    public String toString() {
        return "shared " + delegate;
    }

    private static UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException("cannot " + what + " the EmbeddedKafka shared by all tests of this JVM ("
                + "it is closed at JVM exit); a test that stops or restarts a broker builds its own with "
                + "EmbeddedKafka.builder().build().start() and closes it itself");
    }
}
