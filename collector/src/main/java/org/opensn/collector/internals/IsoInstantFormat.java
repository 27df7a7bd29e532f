package org.opensn.collector.internals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an {@link Instant} as ASCII bytes exactly as {@link Instant#toString()} writes it (ISO-8601, UTC, the
 * fraction in groups of three digits as needed), remembering the date of the last day it wrote: the transparency
 * log writes two instants per record, and {@code Instant.toString()} goes through a {@code DateTimeFormatter} and a
 * {@code String} each time. Not thread-safe: one per log, used under its lock.
 */
final class IsoInstantFormat {

    /** The most bytes {@link #write} writes (a signed ten-digit year with nanoseconds: 37). */
    static final int MAX_LENGTH = 40;

    private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long YEAR_10000 = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final int DAY = 86_400;

    private long day = Long.MIN_VALUE;
    /** {@code yyyy-MM-ddT} of {@link #day}. */
    private final byte[] date = new byte[11];

    /** Writes {@code t} into {@code b} from {@code at} ({@link #MAX_LENGTH} bytes of room) and returns the end. */
    int write(Instant t, byte[] b, int at) {
        long s = t.getEpochSecond();
        if (s < YEAR_0 || s >= YEAR_10000) {
            byte[] text = t.toString().getBytes(StandardCharsets.US_ASCII); // signed or five-digit years: rare, left to the JDK
            System.arraycopy(text, 0, b, at, text.length);
            return at + text.length;
        }
        long d = Math.floorDiv(s, DAY);
        if (d != day) {
            LocalDate ld = LocalDate.ofEpochDay(d);
            digits(date, 0, ld.getYear(), 4);
            date[4] = '-';
            digits(date, 5, ld.getMonthValue(), 2);
            date[7] = '-';
            digits(date, 8, ld.getDayOfMonth(), 2);
            date[10] = 'T';
            day = d;
        }
        System.arraycopy(date, 0, b, at, date.length);
        at += date.length;
        int secondOfDay = (int) (s - d * DAY);
        digits(b, at, secondOfDay / 3600, 2);
        b[at + 2] = ':';
        digits(b, at + 3, secondOfDay / 60 % 60, 2);
        b[at + 5] = ':';
        digits(b, at + 6, secondOfDay % 60, 2);
        at += 8;
        int nano = t.getNano();
        if (nano != 0) {
            b[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(b, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(b, at, nano / 1_000, 6);
            } else {
                at = digits(b, at, nano, 9);
            }
        }
        b[at++] = 'Z';
        return at;
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code b[at]}; returns the end. */
    private static int digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
