package org.opensn.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerformanceReportTest {

    @Test
    void verdictsOfARunOnABusyHostAreMarkedAsNoReading() {
        assertThat(PerformanceReport.verdict(true, 1.2)).isEqualTo("met");
        assertThat(PerformanceReport.verdict(false, 2.0)).isEqualTo("**not met**");
        assertThat(PerformanceReport.verdict(true, 2.5))
                .isEqualTo("met (no reading: the host took 2.5 % of the CPU during the run; rerun on a quiet machine)");
        assertThat(PerformanceReport.verdict(false, 17.0)).startsWith("**not met** (no reading: the host took 17.0 %");
        assertThat(PerformanceReport.verdict(true, Double.NaN)).as("steal unknown (no /proc/stat)").isEqualTo("met");
    }
}
