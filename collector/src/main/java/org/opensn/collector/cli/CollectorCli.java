package org.opensn.collector.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code opensn-collector}: participation mode, connection check, publishing, transparency log and a fleet
 * simulator. {@link #main} only wires; {@link #run(PrintStream, PrintStream, String...)} is what tests call.
 */
@Command(name = "opensn-collector", mixinStandardHelpOptions = true, version = "opensn-collector 0.1.0",
        description = "OpenSN endpoint collector: consent-gated statistics for the open security network.",
        subcommands = {ModeCommand.class, CheckConnectionCommand.class, PublishCommand.class, SentCommand.class,
            SimulateCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 usage, 3 authentication refused, 4 service unreachable."})
public final class CollectorCli implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;

    CollectorCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        err.println("choose a command, e.g. 'opensn-collector mode get'");
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "opensn-collector-log4j2.xml");
        }
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage, 3 authentication refused, 4 unreachable). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** As {@link #run(PrintStream, PrintStream, String...)} with an explicit environment (tests). */
    static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        CollectorCli cli = new CollectorCli(out, err, env);
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("opensn-collector " + String.join(" ", commandLine.getCommandSpec().qualifiedName().replace("opensn-collector", "").trim())
                    + " failed: " + ex.getMessage());
            return ExitCodes.FAILED;
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

    /** The root command of {@code spec}, for the streams and environment. */
    static CollectorCli root(CommandSpec spec) {
        return (CollectorCli) spec.root().userObject();
    }
}
