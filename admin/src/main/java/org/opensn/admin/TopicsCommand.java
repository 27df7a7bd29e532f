package org.opensn.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code topics apply}. */
@Command(name = "topics", description = "Contract topics.", subcommands = TopicsCommand.Apply.class)
final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose apply");
    }

    @Command(name = "apply", description = "Creates the contract topics that do not exist yet (retention and cleanup per CONTRACT.md); existing ones are left as they are.")
    static final class Apply implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AdminCli root = AdminCli.root(spec);
            AdminConfig config = root.config(spec);
            return Cluster.with(config, c -> {
                try {
                    Set<String> existing = c.admin().listTopics().names().get(config.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    List<NewTopic> missing = new ArrayList<>();
                    for (NewTopic t : config.topics().newTopics(config.partitions(), config.replicationFactor())) {
                        if (existing.contains(t.name())) {
                            root.out.println("exists   " + t.name());
                        } else {
                            missing.add(t);
                        }
                    }
                    if (!missing.isEmpty()) {
                        c.admin().createTopics(missing).all().get(config.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    missing.forEach(t -> root.out.println("created  " + t.name()));
                    return ExitCodes.OK;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new org.apache.kafka.common.errors.TimeoutException("no answer within " + config.timeout().toSeconds() + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            });
        }
    }
}
