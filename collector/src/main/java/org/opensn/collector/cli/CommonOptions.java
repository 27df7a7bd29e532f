package org.opensn.collector.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.opensn.collector.CollectorConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --config FILE} and {@code --state-dir DIR}, accepted before or after the subcommand. */
final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (bootstrap.servers, schema.registry.url, state.dir, spool.max.bytes, kafka.*, registry.*);"
                    + " OPENSN_* environment variables override it.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "State directory (mode, device id, spool, sent log); overrides state.dir.")
    Path stateDir;

    /** Loads the config: defaults, the file, the environment, then {@code --state-dir}; this level first, then the root's. */
    static CollectorConfig load(CommandSpec spec, CommonOptions own, Map<String, String> env) {
        Path configFile = own.config;
        Path stateDir = own.stateDir;
        CommandSpec root = spec.root();
        if (root.userObject() instanceof CollectorCli cli) {
            configFile = configFile != null ? configFile : cli.common.config;
            stateDir = stateDir != null ? stateDir : cli.common.stateDir;
        }
        Properties p = new Properties();
        if (configFile != null) {
            if (!Files.isReadable(configFile)) {
                throw new ParameterException(spec.commandLine(), "config file " + configFile + " does not exist or is not readable");
            }
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "config file " + configFile + " cannot be read: " + e.getMessage());
            }
        }
        CollectorConfig c;
        try {
            c = CollectorConfig.load(p, env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid configuration: " + e.getMessage());
        }
        return stateDir != null ? c.withStateDir(stateDir) : c;
    }
}
