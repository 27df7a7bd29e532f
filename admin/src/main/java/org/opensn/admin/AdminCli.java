package org.opensn.admin;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code opensn-admin}: licences, role ACLs, service users, contract topics and API keys.
 * {@link #main} only wires; {@link #run(PrintStream, PrintStream, String...)} is what tests call.
 */
@Command(name = "opensn-admin", mixinStandardHelpOptions = true, version = "opensn-admin 0.1.0",
        description = "Administers a secured OpenSN cluster: licences, role ACLs, service users, contract topics and HTTP API keys.",
        subcommands = {LicenceCommand.class, AclCommand.class, TopicsCommand.class, UserCommand.class, ApiKeyCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "The admin's own Kafka login comes from kafka.* keys (or OPENSN_KAFKA_*), e.g.",
            "  kafka.security.protocol=SASL_SSL", "  kafka.sasl.mechanism=SCRAM-SHA-512",
            "  kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"...\";",
            "  kafka.ssl.truststore.location=/path/to/truststore.p12",
            "", "Exit codes: 0 ok, 1 failed, 2 usage, 3 authentication or authorization refused, 4 cluster unreachable."})
public final class AdminCli implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Properties file (bootstrap.servers, kafka.*, topic.*, principal.*, api.keys.file); OPENSN_* environment variables override it.")
    Path config;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;

    AdminCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        err.println("choose a command, e.g. 'opensn-admin licence list'");
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "opensn-admin-log4j2.xml");
        }
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage, 3 refused, 4 unreachable). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** As {@link #run(PrintStream, PrintStream, String...)} with an explicit environment (tests). */
    static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        AdminCli cli = new AdminCli(out, err, env);
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Failure f = Failure.of(ex, cli.loadedConfig);
            err.println(commandLine.getCommandSpec().qualifiedName() + " failed: " + f.message());
            return f.exitCode();
        });
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
                ex.getCommandLine().usage(cmd.getErr());
            }
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    AdminConfig loadedConfig;

    /** Loads the configuration: defaults, the {@code --config} file, the environment. */
    AdminConfig config(CommandSpec commandSpec) {
        Properties p = new Properties();
        if (config != null) {
            if (!Files.isReadable(config)) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "config file " + config + " does not exist or is not readable");
            }
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "config file " + config + " cannot be read: " + e.getMessage());
            }
        }
        try {
            loadedConfig = AdminConfig.load(p, env);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "invalid configuration: " + e.getMessage());
        }
        return loadedConfig;
    }

    /** The root command object of {@code spec}. */
    static AdminCli root(CommandSpec spec) {
        return (AdminCli) spec.root().userObject();
    }
}
