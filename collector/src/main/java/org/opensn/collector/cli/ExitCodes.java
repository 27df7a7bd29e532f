package org.opensn.collector.cli;

/** Exit codes of {@code opensn-collector} (CONTRACT.md). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int AUTH_REFUSED = 3;
    public static final int UNREACHABLE = 4;

    private ExitCodes() {
    }
}
