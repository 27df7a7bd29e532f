package org.opensn.schemas.registry;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/** Reads typed values from a Kafka-style config map, failing with the key and the fix. */
final class ConfigValues {

    private ConfigValues() {
    }

    static String string(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        String text = value instanceof Password p ? p.value() : value.toString();
        text = text.trim();
        return text.isEmpty() ? null : text;
    }

    static int integer(Map<String, ?> config, String key, int fallback, int min) {
        Object value = config.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        int parsed;
        if (value instanceof Number n) {
            parsed = n.intValue();
        } else {
            try {
                parsed = Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer >= " + min + ", got '" + value + "'", e);
            }
        }
        if (parsed < min) {
            throw new IllegalArgumentException(key + " must be an integer >= " + min + ", got " + parsed);
        }
        return parsed;
    }
}
