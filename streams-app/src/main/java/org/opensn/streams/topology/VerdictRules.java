package org.opensn.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opensn.schemas.avro.Verdict;

/**
 * The statistics rules that turn an object's {@link ObjectStats} into a verdict.
 *
 * <ul>
 *   <li>{@code malicious-min-devices}: at least {@code minDevices} distinct devices reported the
 *       object as malware with a definitive (non-probabilistic) detection within the window W
 *       → MALICIOUS, confidence {@code 1 - 0.4 * minDevices / devices} (0.6 at the threshold,
 *       rising towards 0.99);</li>
 *   <li>{@code suspicious-probabilistic-only}: no definitive report in W, but at least
 *       {@code suspiciousMinDevices} devices reported it through heuristic, behaviour or
 *       machine-learning detections → SUSPICIOUS, confidence {@code 0.7 - 0.3 * threshold / devices}
 *       (0.4 at the threshold, at most 0.7);</li>
 *   <li>otherwise no rule verdict.</li>
 * </ul>
 *
 * @param minDevices           N for MALICIOUS
 * @param suspiciousMinDevices N for SUSPICIOUS
 * @param window               W
 * @param buckets              granularity of W in the object statistics
 */
public record VerdictRules(int minDevices, int suspiciousMinDevices, Duration window, int buckets) {

    public VerdictRules {
        if (minDevices < 1 || suspiciousMinDevices < 1) {
            throw new IllegalArgumentException("verdict rule thresholds must be >= 1 device, got " + minDevices + " and " + suspiciousMinDevices);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("verdict rule window must be positive, got " + window);
        }
        if (buckets < 1 || buckets > 1000) {
            throw new IllegalArgumentException("verdict window buckets must be within 1..1000, got " + buckets);
        }
    }

    /** The defaults: 5 devices within 24 hours, in 24 buckets. */
    public static VerdictRules defaults() {
        return new VerdictRules(5, 5, Duration.ofHours(24), 24);
    }

    /** The rule verdict for {@code stats}, or empty when no rule applies. */
    public Optional<RuleVerdict> evaluate(ObjectStats stats) {
        List<byte[]> definitive = new ArrayList<>();
        List<byte[]> probabilistic = new ArrayList<>();
        for (ObjectStats.Bucket b : stats.recent()) {
            definitive.add(b.definitive());
            probabilistic.add(b.probabilistic());
        }
        long definitiveDevices = Hll.unionEstimate(definitive);
        String threat = stats.threatNames().isEmpty() ? null : stats.threatNames().get(0);
        if (definitiveDevices >= minDevices) {
            double confidence = round2(Math.min(0.99, 1.0 - 0.4 * minDevices / definitiveDevices));
            return Optional.of(new RuleVerdict(Verdict.MALICIOUS, confidence,
                    "rule malicious-min-devices: " + definitiveDevices + " devices reported it as malware within " + window
                            + " (threshold " + minDevices + ")", threat));
        }
        long probabilisticDevices = Hll.unionEstimate(probabilistic);
        if (definitiveDevices == 0 && probabilisticDevices >= suspiciousMinDevices) {
            double confidence = round2(0.7 - 0.3 * suspiciousMinDevices / probabilisticDevices);
            return Optional.of(new RuleVerdict(Verdict.SUSPICIOUS, confidence,
                    "rule suspicious-probabilistic-only: " + probabilisticDevices + " devices, heuristic/behaviour/ML detections only, within "
                            + window + " (threshold " + suspiciousMinDevices + ")", threat));
        }
        return Optional.empty();
    }

    static double round2(double d) {
        return Math.round(d * 100.0) / 100.0;
    }

    /**
     * False when no rule can apply to {@code stats}, now or before: the object's all-time device sketch
     * is an exact list of fewer devices than the lower of the two thresholds, and the devices within
     * the window are a subset of those. The topology sends only the other objects to the verdict step,
     * whose opinion of these is "no rule verdict" already, so the step skips its state look-ups for
     * most objects. Cheap: reads the sketch's header.
     */
    boolean mayApply(ObjectStats stats) {
        int devices = Hll.exactCount(stats.deviceSketch());
        return devices < 0 || devices >= Math.min(minDevices, suspiciousMinDevices);
    }

    /** The verdict-step input for {@code stats}: the rule verdict, or none. */
    VerdictInput input(ObjectStats stats) {
        return VerdictInput.rule(evaluate(stats).orElse(null));
    }
}
