package org.opensn.streams.topology;

import org.opensn.schemas.avro.AnalystVerdict;

/**
 * One input of the verdict step: either the rules' current opinion of an object (possibly none)
 * or an analyst's override (null = override removed).
 */
record VerdictInput(boolean fromAnalyst, RuleVerdict rule, AnalystVerdict analyst) {

    static VerdictInput rule(RuleVerdict rule) {
        return new VerdictInput(false, rule, null);
    }

    static VerdictInput analyst(AnalystVerdict analyst) {
        return new VerdictInput(true, null, analyst);
    }
}
