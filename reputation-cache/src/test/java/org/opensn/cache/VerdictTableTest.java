package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opensn.cache.Verdicts.cached;
import static org.opensn.cache.Verdicts.fileRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.Verdict;

class VerdictTableTest {

    private static final String TOPIC = "t.verdicts";

    private final VerdictTable table = new VerdictTable(TOPIC, 2, new long[2]);

    @Test
    void looksUpTheLatestVerdictAndForgetsWithdrawnOnes() {
        String a = fileRef(1);
        table.apply(0, 0, a, cached(a, Verdict.SUSPICIOUS, 1), 0);
        table.apply(0, 1, a, cached(a, Verdict.MALICIOUS, 2), 0);
        assertThat(table.lookup(a).verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(table.size()).isEqualTo(1);

        table.apply(0, 2, a, null, 0);
        assertThat(table.lookup(a)).isNull();
        assertThat(table.size()).isZero();
        assertThat(table.checksum()).isEqualTo(new TableChecksum().hex());
    }

    @Test
    void ignoresRecordsAlreadyApplied() {
        String a = fileRef(1);
        assertThat(table.apply(1, 5, a, cached(a, Verdict.CLEAN, 1), 0)).isNotNull();
        assertThat(table.apply(1, 5, a, cached(a, Verdict.MALICIOUS, 2), 0)).isNull();
        assertThat(table.lookup(a).verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(table.positions()).containsExactly(0, 6);
    }

    @Test
    void checksumEqualsTheChecksumOfTheEntriesHeld() {
        Map<String, CachedVerdict> model = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String ref = fileRef(i % 37);
            CachedVerdict v = i % 7 == 0 ? null : cached(ref, Verdict.values()[i % 3], i);
            table.apply(i % 2, i, ref, v, 0);
            if (v == null) {
                model.remove(ref);
            } else {
                model.put(ref, v);
            }
        }
        TableChecksum expected = new TableChecksum();
        model.values().forEach(expected::toggle);
        assertThat(table.checksum()).isEqualTo(expected.hex());
        assertThat(table.size()).isEqualTo(model.size());
    }

    @Test
    void anOpenChangeSetShowsTheTableAsItWasWhenOpened() {
        String a = fileRef(1);
        String b = fileRef(2);
        table.apply(0, 0, a, cached(a, Verdict.SUSPICIOUS, 1), 0);
        table.apply(1, 0, b, cached(b, Verdict.CLEAN, 1), 0);
        try (ChangeSet snapshot = table.changesSince(null)) {
            // changes after the change set was opened
            table.apply(0, 1, a, cached(a, Verdict.MALICIOUS, 2), 0);
            table.apply(1, 1, b, null, 0);
            String c = fileRef(3);
            table.apply(0, 2, c, cached(c, Verdict.MALICIOUS, 1), 0);

            List<Change> seen = new ArrayList<>();
            snapshot.forEach(seen::add);
            assertThat(seen).extracting(ch -> ch.ref() + "=" + ch.value().verdict())
                    .containsExactlyInAnyOrder(a + "=SUSPICIOUS", b + "=CLEAN");
            assertThat(snapshot.nextToken().offsets()).containsExactly(1L, 1L);
        }
        try (ChangeSet delta = table.changesSince(UpdateToken.of(TOPIC, new long[] {1, 1}))) {
            assertThat(delta.full()).isFalse();
            List<String> seen = new ArrayList<>();
            delta.forEach(ch -> seen.add(ch.ref() + "=" + (ch.withdrawn() ? "withdrawn" : ch.value().verdict())));
            assertThat(seen).containsExactlyInAnyOrder(a + "=MALICIOUS", b + "=withdrawn", fileRef(3) + "=MALICIOUS");
        }
    }

    @Test
    void aTokenOlderThanThePurgedWithdrawalsGetsTheFullTable() {
        String a = fileRef(1);
        String b = fileRef(2);
        table.apply(0, 0, a, cached(a, Verdict.MALICIOUS, 1), 1_000);
        table.apply(0, 1, b, cached(b, Verdict.MALICIOUS, 1), 1_000);
        table.apply(0, 2, a, null, 2_000);
        UpdateToken old = UpdateToken.of(TOPIC, new long[] {1, 0});
        try (ChangeSet delta = table.changesSince(old)) {
            assertThat(delta.full()).isFalse();
        }
        assertThat(table.purgeTombstones(3_000)).isEqualTo(1);
        try (ChangeSet answer = table.changesSince(old)) {
            assertThat(answer.full()).isTrue();
            assertThat(answer.reason()).contains("older than the history");
            List<String> refs = new ArrayList<>();
            answer.forEach(ch -> refs.add(ch.ref()));
            assertThat(refs).containsExactly(b);
        }
    }

    @Test
    void aTokenForAnotherTopicOrPartitionCountGetsTheFullTable() {
        try (ChangeSet answer = table.changesSince(UpdateToken.of("other", new long[] {0, 0}))) {
            assertThat(answer.full()).isTrue();
            assertThat(answer.reason()).contains("other");
        }
        try (ChangeSet answer = table.changesSince(UpdateToken.of(TOPIC, new long[] {0, 0, 0}))) {
            assertThat(answer.full()).isTrue();
            assertThat(answer.reason()).contains("3 partitions");
        }
    }

    @Test
    void aTokenAheadOfTheTableIsRefused() {
        assertThatThrownBy(() -> table.changesSince(UpdateToken.of(TOPIC, new long[] {5, 0})))
                .isInstanceOf(VerdictView.TokenAheadException.class)
                .hasMessageContaining("partition 0");
    }

    @Test
    void withdrawalsBelowTheHorizonAreNotKept() {
        VerdictTable fresh = new VerdictTable(TOPIC, 1, new long[] {10});
        String a = fileRef(1);
        fresh.apply(0, 3, a, cached(a, Verdict.MALICIOUS, 1), 0);
        fresh.apply(0, 4, a, null, 0);
        try (ChangeSet answer = fresh.changesSince(UpdateToken.of(TOPIC, new long[] {4}))) {
            assertThat(answer.full()).isTrue();
            assertThat(answer.iterator().hasNext()).isFalse();
        }
    }
}
