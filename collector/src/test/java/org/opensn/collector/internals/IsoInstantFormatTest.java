package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantFormatTest {

    @Test
    void writesWhatInstantToStringWrites() {
        IsoInstantFormat f = new IsoInstantFormat();
        byte[] b = new byte[IsoInstantFormat.MAX_LENGTH + 2];
        SplittableRandom r = new SplittableRandom(17);
        long lo = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
        long hi = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long s = switch (i % 4) {
                case 0 -> r.nextLong(lo, hi);                             // anywhere, signed and five-digit years included
                case 1 -> 1_764_000_000L + r.nextLong(200_000);           // around now, days repeating (the cache)
                case 2 -> 253_402_300_799L - r.nextLong(3) + r.nextLong(3); // around 9999-12-31T23:59:59
                default -> -62_167_219_200L - r.nextLong(3) + r.nextLong(3); // around 0000-01-01T00:00:00
            };
            int nano = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(s, nano);
            int at = r.nextInt(3);
            int end = f.write(t, b, at);
            assertThat(new String(b, at, end - at, StandardCharsets.US_ASCII)).as("%s (%d s, %d ns)", t, s, nano).isEqualTo(t.toString());
        }
        for (Instant t : new Instant[] {Instant.MIN, Instant.MAX}) { // the longest texts fit in MAX_LENGTH
            int end = f.write(t, b, 2);
            assertThat(new String(b, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
        }
    }
}
