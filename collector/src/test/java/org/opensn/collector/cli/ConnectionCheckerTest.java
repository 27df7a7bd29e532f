package org.opensn.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensn.collector.cli.ConnectionChecker.Check;
import org.opensn.collector.cli.ConnectionChecker.Status;

class ConnectionCheckerTest {

    private static Check ok(String n) {
        return new Check(n, Status.OK, "", ExitCodes.OK);
    }

    private static Check fail(String n, int code) {
        return new Check(n, Status.FAIL, "", code);
    }

    @Test
    void authenticationRefusedWinsOverUnreachableWhichWinsOverOtherFailures() {
        assertThat(ConnectionChecker.exitCode(List.of(ok("a"), ok("b")))).isEqualTo(0);
        assertThat(ConnectionChecker.exitCode(List.of(ok("a"), fail("topics", ExitCodes.FAILED)))).isEqualTo(1);
        assertThat(ConnectionChecker.exitCode(List.of(fail("topics", ExitCodes.FAILED), fail("registry", ExitCodes.UNREACHABLE)))).isEqualTo(4);
        assertThat(ConnectionChecker.exitCode(List.of(fail("registry", ExitCodes.UNREACHABLE), fail("auth", ExitCodes.AUTH_REFUSED)))).isEqualTo(3);
        assertThat(ConnectionChecker.exitCode(List.of(new Check("x", Status.SKIPPED, "", ExitCodes.OK)))).isEqualTo(0);
    }
}
