package org.opensn.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.opensn.admin.AdminCli;
import org.opensn.collector.cli.CollectorCli;
import picocli.CommandLine;

/**
 * Entry point of {@code opensn.jar}, called by the {@code ./opensn} script.
 *
 * <pre>
 * ./opensn up [--devices N] [--rate R]      the whole network locally ({@link UpCommand})
 * ./opensn kafka                            only the local broker and registry
 * ./opensn streams --config F               the streams app alone against a cluster
 * ./opensn cache --config F                 a reputation cache alone against a cluster
 * ./opensn collector ARGS                   the endpoint CLI (opensn-collector)
 * ./opensn admin ARGS                       the administration CLI (opensn-admin)
 * </pre>
 */
public final class OpenSnLauncher {

    private OpenSnLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: opensn up|kafka|streams|cache|collector|admin ... (./opensn help)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "up" -> System.exit(new CommandLine(new UpCommand()).execute(rest));
            case "kafka" -> System.exit(new CommandLine(new UpCommand().servicesOnly()).execute(rest));
            case "streams" -> ComponentRunner.streams(loadConfig("streams", rest));
            case "cache" -> ComponentRunner.cache(loadConfig("cache", rest));
            case "collector" -> CollectorCli.main(rest);
            case "admin" -> AdminCli.main(rest);
            default -> {
                System.err.println("opensn: unknown command '" + args[0] + "' (try ./opensn help)");
                System.exit(2);
            }
        }
    }

    /** {@code --config FILE} (optional) into properties; anything else is a usage error. */
    static Properties loadConfig(String command, String[] args) {
        Properties properties = new Properties();
        if (args.length == 0) {
            return properties;
        }
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: opensn " + command + " [--config FILE]   (settings also from OPENSN_* environment variables)");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            System.err.println("opensn " + command + ": cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
            System.exit(2);
        }
        return properties;
    }
}
