package org.opensn.collector.internals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does (ISO-8601, UTC, the fraction in
 * groups of three digits as needed), remembering the text up to the seconds of the last second it
 * formatted: the transparency log formats two instants per record, and {@code Instant.toString()}
 * goes through a {@code DateTimeFormatter} each time. Not thread-safe: one per log, used under its lock.
 */
final class IsoInstantFormat {

    private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long YEAR_10000 = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private long second = Long.MIN_VALUE;
    private String upToSeconds;

    String format(Instant t) {
        long s = t.getEpochSecond();
        if (s < YEAR_0 || s >= YEAR_10000) {
            return t.toString(); // signed or five-digit years: rare, left to the JDK
        }
        if (s != second) {
            String full = Instant.ofEpochSecond(s).toString(); // yyyy-MM-ddTHH:mm:ssZ
            upToSeconds = full.substring(0, full.length() - 1);
            second = s;
        }
        int nano = t.getNano();
        if (nano == 0) {
            return upToSeconds + 'Z';
        }
        StringBuilder b = new StringBuilder(upToSeconds.length() + 11).append(upToSeconds).append('.');
        if (nano % 1_000_000 == 0) {
            digits(b, nano / 1_000_000, 3);
        } else if (nano % 1_000 == 0) {
            digits(b, nano / 1_000, 6);
        } else {
            digits(b, nano, 9);
        }
        return b.append('Z').toString();
    }

    private static void digits(StringBuilder b, int value, int width) {
        int at = b.length();
        for (int i = 0; i < width; i++) {
            b.append('0');
        }
        for (int i = width - 1; i >= 0; i--) {
            b.setCharAt(at + i, (char) ('0' + value % 10));
            value /= 10;
        }
    }
}
