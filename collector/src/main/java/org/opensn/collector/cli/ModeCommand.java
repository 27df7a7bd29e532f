package org.opensn.collector.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.Participation;
import org.opensn.schemas.avro.ParticipationMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mode get} and {@code mode set off|basic|extended}. */
@Command(name = "mode", description = "Read or switch participation (off, basic, extended); persisted in the state dir.",
        subcommands = {ModeCommand.Get.class, ModeCommand.Set.class})
final class ModeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(CollectorCli.root(spec).err);
        return ExitCodes.USAGE;
    }

    @Command(name = "get", description = "Print the participation mode in force.")
    static final class Get implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CollectorCli cli = CollectorCli.root(spec);
            CollectorConfig config = CommonOptions.load(spec, common, cli.env);
            Participation.State state = Participation.read(config.stateDir());
            state.problem().ifPresent(p -> cli.err.println("warning: " + p));
            cli.out.println(state.mode().name().toLowerCase(Locale.ROOT));
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", description = "Switch participation at once. Leaving extended discards every statistic not yet"
            + " acknowledged by the broker, the spool included.")
    static final class Set implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "MODE", description = "off, basic (reputation look-ups only) or extended (look-ups and statistics)")
        ParticipationMode mode;

        @Override
        public Integer call() {
            CollectorCli cli = CollectorCli.root(spec);
            CollectorConfig config = CommonOptions.load(spec, common, cli.env);
            ParticipationMode old = Participation.read(config.stateDir()).mode();
            long deleted = Participation.set(config.stateDir(), mode);
            String now = mode.name().toLowerCase(Locale.ROOT);
            cli.out.println("participation mode: " + now + (old == mode ? " (unchanged)" : " (was " + old.name().toLowerCase(Locale.ROOT) + ")"));
            if (deleted > 0) {
                cli.out.println("deleted " + deleted + " spooled statistics: none of them will be sent");
            }
            cli.out.println(switch (mode) {
                case OFF -> "no reputation look-ups, no statistics";
                case BASIC -> "reputation look-ups only; statistics are never recorded, queued or sent";
                case EXTENDED -> "reputation look-ups and statistics (see what is sent with 'opensn-collector sent --since 1h')";
            });
            return ExitCodes.OK;
        }
    }
}
