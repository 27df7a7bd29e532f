package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.opensn.schemas.registry.SchemaRegistryClient;
import org.opensn.schemas.registry.SchemaRegistryClients;

/** Reads serde settings from a Kafka config map. */
final class SerdeSettings {

    private SerdeSettings() {
    }

    static boolean autoRegister(Map<String, ?> config) {
        Object value = config.get(SerdeConfig.AUTO_REGISTER_SCHEMAS);
        if (value == null || value.toString().isBlank()) {
            return SerdeConfig.AUTO_REGISTER_SCHEMAS_DEFAULT;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(SerdeConfig.AUTO_REGISTER_SCHEMAS, value, "must be true or false");
    }

    static SchemaRegistryClient client(Map<String, ?> config) {
        if (config == null) {
            throw new ConfigException("serde config is null: pass a map with " + SerdeConfig.SCHEMA_REGISTRY_URL);
        }
        try {
            return SchemaRegistryClients.create(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The class named by {@code key} (a Class or a class name), or null when unset. */
    static Class<?> type(Map<String, ?> config, String key) {
        Object value = config == null ? null : config.get(key);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        if (value instanceof Class<?> c) {
            return c;
        }
        String name = value.toString().trim();
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(name, true, loader != null ? loader : SerdeSettings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, name, "no such class on the classpath: name a generated Avro class");
        }
    }

    /** Shortens a message that may come from Avro so that logs never get a whole value. */
    static String brief(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
