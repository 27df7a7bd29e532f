package org.opensn.admin;

/** Exit codes, the same as {@code opensn-collector}'s (CONTRACT.md). */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int AUTH_REFUSED = 3;
    static final int UNREACHABLE = 4;

    private ExitCodes() {
    }
}
