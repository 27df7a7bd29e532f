package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/**
 * The verdict step on its own, with stores that already hold state when it starts, as after a restore from the
 * changelogs: what it keeps in memory (the refs with an override, the states it read) comes from the stores.
 */
class VerdictProcessorTest {

    private static final String REF = "file:" + TestEvents.sha(0xbad);
    private static final long NOW = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();
    private static final RuleVerdict MALICIOUS = new RuleVerdict(Verdict.MALICIOUS, 0.9, "rule: 9 devices", "Trojan.Win32.Test");

    private final MockProcessorContext<String, ReputationVerdict> context = new MockProcessorContext<>();
    private KeyValueStore<String, VerdictState> states;
    private KeyValueStore<String, AnalystVerdict> overrides;

    @BeforeEach
    void stores() {
        states = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.VERDICT_STATE_STORE), Serdes.String(), new VerdictState.Serde())
                .withLoggingDisabled().build();
        overrides = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.ANALYST_OVERRIDE_STORE), Serdes.String(),
                new PlainAvroSerde<>(AnalystVerdict.class)).withLoggingDisabled().build();
        states.init(context.getStateStoreContext(), states);
        overrides.init(context.getStateStoreContext(), overrides);
        context.addStateStore(states);
        context.addStateStore(overrides);
        context.setCurrentSystemTimeMs(NOW);
    }

    private VerdictProcessor started() {
        VerdictProcessor processor = new VerdictProcessor(Duration.ofMinutes(1));
        processor.init(context);
        return processor;
    }

    private static Record<String, VerdictInput> input(VerdictInput input) {
        return new Record<>(REF, input, NOW);
    }

    private ReputationVerdict onlyForwarded() {
        List<CapturedForward<? extends String, ? extends ReputationVerdict>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        context.resetForwards();
        return forwarded.get(0).record().value();
    }

    @Test
    void anOverrideAndAStateRestoredBeforeTheStepStartsAreHonoured() {
        overrides.put(REF, AnalystVerdict.newBuilder().setObjectRef(REF).setVerdict(Verdict.CLEAN).setConfidence(1.0)
                .setReason("FP-1234").setCreatedAt(Instant.ofEpochMilli(NOW)).setExpiresAt(null).build());
        Decision rule = new Decision(Verdict.MALICIOUS, 0.9, VerdictSource.RULE, "rule: 9 devices", "Trojan.Win32.Test");
        states.put(REF, new VerdictState(MALICIOUS, rule, 3, NOW - 1_000));
        VerdictProcessor processor = started();

        processor.process(input(VerdictInput.rule(MALICIOUS)));
        ReputationVerdict clean = onlyForwarded();
        assertThat(clean.getVerdict()).as("the restored override wins over the rules").isEqualTo(Verdict.CLEAN);
        assertThat(clean.getSource()).isEqualTo(VerdictSource.ANALYST);
        assertThat(clean.getVersion()).as("after the restored version 3").isEqualTo(4);
        assertThat(states.get(REF).version()).isEqualTo(4);

        processor.process(input(VerdictInput.analyst(null)));
        ReputationVerdict back = onlyForwarded();
        assertThat(back.getVerdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(back.getSource()).isEqualTo(VerdictSource.RULE);
        assertThat(back.getVersion()).isEqualTo(5);
        assertThat(overrides.get(REF)).as("the override is gone from the store too").isNull();
        assertThat(states.get(REF).version()).isEqualTo(5);
    }

    @Test
    void startingAgainReadsTheStoresAgain() {
        VerdictProcessor processor = started();
        processor.process(input(VerdictInput.rule(MALICIOUS)));
        assertThat(onlyForwarded().getVersion()).isEqualTo(1);

        // Kafka Streams discards uncommitted state by wiping the stores, restoring them and initializing the
        // processors again: what the step held in memory must not outlive that
        states.delete(REF);
        processor.init(context);
        processor.process(input(VerdictInput.rule(MALICIOUS)));
        assertThat(onlyForwarded().getVersion()).as("the state as the store has it now, not as it was cached").isEqualTo(1);
    }
}
