package org.opensn.embedded.junit;

import org.opensn.embedded.EmbeddedKafka;

/**
 * The services shared by all tests of one JVM: one {@link EmbeddedKafka}, started on first use and
 * closed at JVM exit. The same instances that {@link EmbeddedServicesExtension} injects.
 *
 * <p>The shared instances refuse {@code stop()} and {@code close()} (other tests use them): a test
 * that needs to stop or restart a broker builds its own with {@link EmbeddedKafka#builder()}.
 */
public final class EmbeddedServices {

    private static SharedKafka kafka;

    private EmbeddedServices() {
    }

    /** The shared broker, started on the first call. Thread-safe. */
    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = new SharedKafka(EmbeddedKafka.builder().build().start());
        }
        return kafka;
    }
}
