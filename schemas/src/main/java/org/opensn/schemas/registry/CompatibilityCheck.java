package org.opensn.schemas.registry;

import java.util.List;

/**
 * The registry's answer to "may this schema be registered under that subject?".
 *
 * @param compatible true when the registry would accept the schema
 * @param messages   the registry's reasons when it would not (may be empty: not every registry explains)
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {
    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }
}
