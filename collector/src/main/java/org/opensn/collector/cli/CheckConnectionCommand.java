package org.opensn.collector.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.opensn.collector.CollectorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code check-connection}: a table of what works and what fails; exit 0, 1, 3 (auth refused) or 4 (unreachable). */
@Command(name = "check-connection", description = "Check the broker (reachable, authentication, raw topics writable) and the"
        + " schema registry with the configured credentials; print what works and what fails.")
final class CheckConnectionCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CollectorCli cli = CollectorCli.root(spec);
        CollectorConfig config = CommonOptions.load(spec, common, cli.env);
        List<ConnectionChecker.Check> checks = new ConnectionChecker(config).run();
        cli.out.printf("%-26s %-8s %s%n", "CHECK", "RESULT", "DETAIL");
        for (ConnectionChecker.Check c : checks) {
            cli.out.printf("%-26s %-8s %s%n", c.name(), c.status(), c.detail());
        }
        int code = ConnectionChecker.exitCode(checks);
        switch (code) {
            case ExitCodes.OK -> cli.out.println("all checks passed");
            case ExitCodes.AUTH_REFUSED -> cli.err.println("authentication or authorization refused: see the table above");
            case ExitCodes.UNREACHABLE -> cli.err.println("a service is unreachable: "
                    + checks.stream().filter(c -> c.status() == ConnectionChecker.Status.FAIL && c.exitCode() == ExitCodes.UNREACHABLE)
                            .map(ConnectionChecker.Check::detail).findFirst().orElse("see the table above"));
            default -> cli.err.println("some checks failed: see the table above");
        }
        return code;
    }
}
