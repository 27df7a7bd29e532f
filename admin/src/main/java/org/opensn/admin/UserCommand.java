package org.opensn.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opensn.security.LicenceKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code user set}: SCRAM credentials of a service principal (streams app, analyst, cache). */
@Command(name = "user", description = "Service users (streams app, analyst, cache).", subcommands = UserCommand.Set.class)
final class UserCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose set");
    }

    @Command(name = "set", description = "Creates or changes the SCRAM-SHA-512 password of a service user. The password comes from"
            + " --password-file or OPENSN_USER_PASSWORD, never from the command line.")
    static final class Set implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "USER", description = "e.g. opensn-streams, opensn-analyst, opensn-cache")
        String name;

        @Option(names = "--password-file", paramLabel = "FILE", description = "A file whose first line is the password.")
        Path passwordFile;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            if (LicenceKey.isEndpointPrincipal(name)) {
                throw new ParameterException(spec.commandLine(), name + " is an endpoint principal: use 'opensn-admin licence register --key ...'");
            }
            String password;
            if (passwordFile != null) {
                try {
                    password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
                } catch (IOException e) {
                    throw new ParameterException(spec.commandLine(), "password file " + passwordFile + " cannot be read: " + e.getMessage());
                }
            } else {
                password = root.env.get("OPENSN_USER_PASSWORD");
            }
            if (password == null || password.isBlank()) {
                throw new ParameterException(spec.commandLine(), "no password: give --password-file FILE or set OPENSN_USER_PASSWORD");
            }
            String p = password;
            Cluster.with(root.config(spec), c -> {
                c.access().setUser(name, p);
                return null;
            });
            root.out.println("set SCRAM-SHA-512 credentials of " + name);
            return ExitCodes.OK;
        }
    }
}
