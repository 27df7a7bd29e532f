package org.opensn.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlonePairTest {

    private static ThroughputResult turns(int events, double seconds) {
        return new ThroughputResult("test", events, 0, 0, seconds, Double.NaN, 0, events, 0);
    }

    @Test
    void allRoundsTogetherWeighEveryTurnByItsTime() {
        // round 1: exactly-once 10 s against 8 s (20 % slower), round 2: 8 s against 10 s (20 % faster)
        List<AlonePair> rounds = List.of(
                new AlonePair(true, turns(1_000_000, 10), 15.0, turns(1_000_000, 8), 12.0),
                new AlonePair(false, turns(1_000_000, 8), 13.0, turns(1_000_000, 10), 14.0));

        assertThat(rounds.get(0).cost()).isCloseTo(0.2, within(1e-9));
        assertThat(rounds.get(1).cost()).isCloseTo(-0.25, within(1e-9));
        assertThat(AlonePair.pooledRate(rounds, true)).isCloseTo(2_000_000 / 18.0, within(1e-6));
        assertThat(AlonePair.pooledCost(rounds)).as("18 s each: no cost").isCloseTo(0, within(1e-9));
        assertThat(AlonePair.pooledCpuUs(rounds, true)).isCloseTo(14.0, within(1e-9));
        assertThat(AlonePair.pooledCpuCost(rounds)).isCloseTo(28.0 / 26.0 - 1, within(1e-9));
    }
}
