package org.opensn.admin;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.opensn.security.AclChange;
import org.opensn.security.KafkaRoleAcls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code acl apply|show}. */
@Command(name = "acl", description = "Role ACLs.", subcommands = {AclCommand.Apply.class, AclCommand.Show.class})
final class AclCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose apply or show");
    }

    @Command(name = "apply", description = {"Makes the cluster hold exactly the role ACLs: streams app, analyst, cache and every"
            + " registered endpoint. Idempotent; ACLs of these principals that the roles do not list are removed."})
    static final class Apply implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            AdminConfig config = root.config(spec);
            return Cluster.with(config, c -> {
                List<String> endpoints = c.access().endpointPrincipals();
                Map<String, List<AclBinding>> all = KafkaRoleAcls.all(config.principals(), config.aclTopics(), endpoints);
                AclChange total = new AclChange(0, 0, 0);
                for (Map.Entry<String, List<AclBinding>> e : all.entrySet()) {
                    AclChange change = c.access().applyAcls(Map.of(e.getKey(), e.getValue()));
                    if (!e.getKey().startsWith("endpoint-")) {
                        root.out.println("User:" + e.getKey() + ": " + change);
                    }
                    total = new AclChange(total.created() + change.created(), total.deleted() + change.deleted(),
                            total.unchanged() + change.unchanged());
                }
                root.out.println(endpoints.size() + " endpoint principal(s); in total " + total);
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "show", description = "Prints the ACLs every role would get (no cluster needed).")
    static final class Show implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            AdminConfig config = root.config(spec);
            KafkaRoleAcls.all(config.principals(), config.aclTopics(), List.of("endpoint-0000000000000000")).forEach((user, acls) -> {
                root.out.println("User:" + (user.startsWith("endpoint-") ? "endpoint-<licence id>" : user));
                for (AclBinding b : acls) {
                    root.out.println("  ALLOW " + b.entry().operation() + " " + b.pattern().resourceType() + " " + b.pattern().name()
                            + (b.pattern().patternType() == org.apache.kafka.common.resource.PatternType.PREFIXED ? "*" : ""));
                }
            });
            return ExitCodes.OK;
        }
    }
}
