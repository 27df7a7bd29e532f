package org.opensn.collector.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}, {@code 1h30m}, ISO-8601 {@code PT1H}, or an instant for {@code --since}. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        }
        Matcher m = PART.matcher(t);
        Duration d = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                throw bad(text);
            }
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) {
            throw bad(text);
        }
        return d;
    }

    /** {@code --since}: a duration back from {@code now}, or an ISO-8601 instant. */
    static Instant since(String text, Instant now) {
        if (text.length() > 10 && Character.isDigit(text.charAt(0)) && text.contains("T")) {
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant (e.g. 2026-01-31T12:00:00Z)");
            }
        }
        return now.minus(parse(text));
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 90s, 15m, 1h, 2d, 1h30m or PT1H");
    }
}
