package org.opensn.embedded;

import java.util.stream.Collectors;

/**
 * A parent JVM for {@link RegistryDiesWithParentIT}: starts a registry, prints
 * {@code READY <pids of the registry processes> <port>} and waits to be killed.
 */
public final class RegistryParentMain {

    private RegistryParentMain() {
    }

    public static void main(String[] args) throws Exception {
        ApicurioRegistry registry = (ApicurioRegistry) EmbeddedSchemaRegistry.builder().build().start();
        String pids = registry.processes().stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(","));
        System.out.println("READY " + pids + " " + registry.port());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
