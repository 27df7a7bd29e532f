package org.opensn.embedded.junit;

import java.nio.file.Path;
import org.opensn.embedded.EmbeddedSchemaRegistry;

/** The per-JVM registry as handed to tests: everything but {@code close()}. */
final class SharedRegistry implements EmbeddedSchemaRegistry {

    private final EmbeddedSchemaRegistry delegate;

    SharedRegistry(EmbeddedSchemaRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public EmbeddedSchemaRegistry start() {
        delegate.start();
        return this;
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public int port() {
        return delegate.port();
    }

    @Override
    public Path logFile() {
        return delegate.logFile();
    }

    /** Refused: the registry is shared by all tests of this JVM and stopped at JVM exit. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("cannot close the EmbeddedSchemaRegistry shared by all tests of this JVM ("
                + "it is stopped at JVM exit); a test that needs its own builds one with EmbeddedSchemaRegistry.builder()");
    }

    @Override
    public String toString() {
        return "shared " + delegate;
    }
}
