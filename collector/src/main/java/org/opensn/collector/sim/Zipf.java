package org.opensn.collector.sim;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent (inverse CDF, binary search). */
final class Zipf {

    private final double[] cumulative;

    Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("a Zipf distribution needs at least 1 item, got " + n);
        }
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("Zipf exponent must be positive, got " + exponent);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    int size() {
        return cumulative.length;
    }

    int sample(RandomGenerator random) {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cumulative, u);
        int rank = i >= 0 ? i : -i - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
