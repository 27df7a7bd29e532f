package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantFormatTest {

    @Test
    void writesWhatInstantToStringWrites() {
        IsoInstantFormat f = new IsoInstantFormat();
        SplittableRandom r = new SplittableRandom(17);
        long lo = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
        long hi = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long s = switch (i % 4) {
                case 0 -> r.nextLong(lo, hi);                             // anywhere, signed and five-digit years included
                case 1 -> 1_764_000_000L + r.nextLong(100);               // around now, seconds repeating (the cache)
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
            assertThat(f.format(t)).as("%s (%d s, %d ns)", t, s, nano).isEqualTo(t.toString());
        }
    }
}
