package org.opensn.cache;

import java.time.Instant;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/** Test data. */
final class Verdicts {

    private Verdicts() {
    }

    static CachedVerdict cached(String ref, Verdict verdict, long version) {
        return new CachedVerdict(ref, verdict, 0.5 + (version % 5) / 10.0, version, Instant.ofEpochMilli(1_700_000_000_000L + version),
                VerdictSource.RULE, verdict == Verdict.MALICIOUS ? "EICAR-Test" : null);
    }

    static ReputationVerdict avro(String ref, Verdict verdict, long version) {
        return ReputationVerdict.newBuilder()
                .setObjectRef(ref)
                .setVerdict(verdict)
                .setConfidence(0.9)
                .setVersion(version)
                .setSource(VerdictSource.RULE)
                .setReason("test rule")
                .setThreatName(verdict == Verdict.MALICIOUS ? "EICAR-Test" : null)
                .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L + version))
                .build();
    }

    static String fileRef(int i) {
        return "file:" + String.format("%064x", i);
    }
}
