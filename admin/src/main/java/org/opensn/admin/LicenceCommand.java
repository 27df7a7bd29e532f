package org.opensn.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opensn.security.ClusterAccess;
import org.opensn.security.LicenceKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code licence register|revoke|list}. */
@Command(name = "licence", aliases = "license", description = "Endpoint licences: SCRAM credentials and ACLs of endpoint-<licence id>.",
        subcommands = {LicenceCommand.Register.class, LicenceCommand.Revoke.class, LicenceCommand.ListLicences.class})
final class LicenceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose register, revoke or list");
    }

    /** Where the key comes from: --key, --key-file, or OPENSN_LICENCE_KEY. */
    static final class KeySource {
        @Option(names = "--key", paramLabel = "KEY", description = "The licence key (visible in the process list: prefer --key-file or OPENSN_LICENCE_KEY).")
        String key;

        @Option(names = "--key-file", paramLabel = "FILE", description = "A file whose first line is the licence key.")
        Path keyFile;

        LicenceKey resolve(CommandSpec spec) {
            String raw = key;
            if (raw == null && keyFile != null) {
                try {
                    List<String> lines = Files.readAllLines(keyFile, StandardCharsets.UTF_8);
                    raw = lines.isEmpty() ? "" : lines.get(0);
                } catch (IOException e) {
                    throw new ParameterException(spec.commandLine(), "licence key file " + keyFile + " cannot be read: " + e.getMessage());
                }
            }
            if (raw == null) {
                raw = AdminCli.root(spec).env.get("OPENSN_LICENCE_KEY");
            }
            if (raw == null) {
                throw new ParameterException(spec.commandLine(), "no licence key: give --key KEY, --key-file FILE or OPENSN_LICENCE_KEY");
            }
            try {
                return LicenceKey.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "register", description = {"Creates (or renews) SCRAM-SHA-512 credentials for endpoint-<licence id>, with the password"
            + " derived from the key, and gives it exactly the endpoint ACLs (write the two raw topics).",
        "The endpoint needs only its licence key: it derives the same principal and password."})
    static final class Register implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        KeySource source = new KeySource();

        @Override
        public Integer call() {
            LicenceKey key = source.resolve(spec);
            AdminCli root = AdminCli.root(spec);
            AdminConfig config = root.config(spec);
            ClusterAccess.Registration r = Cluster.with(config, c -> c.access().registerLicence(key, config.aclTopics()));
            root.out.println((r.wasRegistered() ? "renewed " : "registered ") + "licence " + key.id() + " as principal " + r.principal()
                    + " (ACLs: " + r.acls() + ")");
            root.out.println("the endpoint logs in with its licence key alone (licence.key / OPENSN_LICENCE_KEY); the key is not stored anywhere");
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Deletes the SCRAM credentials and every ACL of an endpoint principal.")
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "LICENCE_ID", description = "The licence id (16 hex) or principal endpoint-<id>, as 'licence list' shows.")
        String id;

        @Option(names = "--key", paramLabel = "KEY", description = "The licence key instead of its id.")
        String key;

        @Override
        public Integer call() {
            String principal;
            if ((id == null) == (key == null)) {
                throw new ParameterException(spec.commandLine(), "give exactly one of --id LICENCE_ID or --key KEY");
            }
            if (key != null) {
                try {
                    principal = LicenceKey.parse(key).principal();
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            } else {
                principal = id.startsWith(LicenceKey.PRINCIPAL_PREFIX) ? id : LicenceKey.PRINCIPAL_PREFIX + id;
                if (!LicenceKey.isEndpointPrincipal(principal)) {
                    throw new ParameterException(spec.commandLine(), "'" + id + "' is not a licence id (16 lower-case hex digits, as 'opensn-admin licence list' shows)");
                }
            }
            AdminCli root = AdminCli.root(spec);
            boolean had = Cluster.with(root.config(spec), c -> c.access().revokeLicence(principal));
            if (had) {
                root.out.println("revoked " + principal + ": credentials and ACLs deleted; open connections end at their next re-authentication");
                return ExitCodes.OK;
            }
            root.err.println(principal + " was not registered (its ACLs, if any, were removed)");
            return ExitCodes.FAILED;
        }
    }

    @Command(name = "list", description = "Lists registered endpoint principals (never keys).")
    static final class ListLicences implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            List<String> principals = Cluster.with(root.config(spec), c -> c.access().endpointPrincipals());
            principals.forEach(root.out::println);
            root.err.println(principals.size() + " licence(s) registered");
            return ExitCodes.OK;
        }
    }
}
