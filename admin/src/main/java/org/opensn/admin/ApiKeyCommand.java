package org.opensn.admin;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.opensn.security.ApiKeyEntry;
import org.opensn.security.ApiKeyFile;
import org.opensn.security.ApiKeys;
import org.opensn.security.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code apikey create|list|revoke}: the HTTP API key file (hashes only). */
@Command(name = "apikey", description = "HTTP API keys (analyst API, reputation cache API).",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Revoke.class})
final class ApiKeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose create, list or revoke");
    }

    static Path file(CommandSpec spec, Path given) {
        return given != null ? given : AdminCli.root(spec).config(spec).apiKeysFile();
    }

    @Command(name = "create", description = "Makes a new random key, prints it once on standard output and appends only its SHA-256 to the key file.")
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "ENDPOINT (reputation look-ups), ANALYST (statistics, verdict overrides), OPS (metrics)")
        Role role;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who holds the key (unique in the file).")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "Key file; default api.keys.file.")
        Path file;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            Path f = file(spec, file);
            String key = ApiKeys.generate(new SecureRandom());
            ApiKeyEntry entry;
            try {
                entry = new ApiKeyEntry(ApiKeys.hash(key), role, name);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            ApiKeyFile.append(f, entry);
            root.out.println(key);
            root.err.println("API key for " + name + " (role " + role + ") added to " + f + " as a hash; the key above is shown only now");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "Lists names and roles in the key file (hashes abbreviated).")
    static final class ListKeys implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--file", paramLabel = "FILE", description = "Key file; default api.keys.file.")
        Path file;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            for (ApiKeyEntry e : ApiKeyFile.read(file(spec, file))) {
                root.out.println(e.name() + " " + e.role() + " sha256:" + e.hash().substring(0, 12) + "...");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Removes a key from the key file; running services re-read it within seconds.")
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "Key file; default api.keys.file.")
        Path file;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            Path f = file(spec, file);
            if (ApiKeyFile.remove(f, name)) {
                root.out.println("revoked API key " + name + " in " + f);
                return ExitCodes.OK;
            }
            root.err.println("no API key named " + name + " in " + f + " ('opensn-admin apikey list' shows the names)");
            return ExitCodes.FAILED;
        }
    }
}
