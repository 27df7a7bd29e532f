package org.opensn.security;

/** What an HTTP caller may do. Health checks ({@code GET /health}) need none: probes must work without a key. */
public enum Permission {
    /** Reputation look-ups on the cache API ({@code /v1/reputation/**}, {@code /v1/updates}). */
    REPUTATION_READ,
    /** Statistics on the analyst API ({@code GET /api/v1/**}). */
    STATISTICS_READ,
    /** Analyst verdict overrides ({@code POST/DELETE /api/v1/verdicts}). */
    VERDICT_OVERRIDE,
    /** Operational data ({@code GET /metrics}). */
    METRICS
}
