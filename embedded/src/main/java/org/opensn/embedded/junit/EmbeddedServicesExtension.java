package org.opensn.embedded.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;

/**
 * JUnit 5 extension that injects the services shared by every test of the JVM
 * ({@link EmbeddedServices}) into test constructors, lifecycle methods and test methods:
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedServicesExtension.class)
 * class OrdersIT {
 *     @Test
 *     void roundTrip(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
 *         String topic = "orders-" + UUID.randomUUID();
 *         kafka.createTopic(topic, 3);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Injectable types: {@link EmbeddedKafka} and {@link EmbeddedSchemaRegistry}. A service starts on first injection and stays up until the JVM exits, so use unique topic
 * names, group ids and application ids in each test.
 */
public final class EmbeddedServicesExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedKafka.class || type == EmbeddedSchemaRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        try {
            if (type == EmbeddedKafka.class) {
                return EmbeddedServices.kafka();
            }
            if (type == EmbeddedSchemaRegistry.class) {
                return EmbeddedServices.registry();
            }
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot start the shared " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        throw new ParameterResolutionException("EmbeddedServicesExtension cannot inject " + type.getName());
    }
}
