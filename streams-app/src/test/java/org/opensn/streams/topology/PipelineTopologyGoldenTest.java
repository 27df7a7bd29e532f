package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails when a processor, store, repartition or changelog name changes. When the change is
 * intended (a store gets a new version), regenerate and commit the golden file:
 * {@code mvn -B -q -pl streams-app test -Dtest=PipelineTopologyGoldenTest -Dgolden.update=true}.
 */
class PipelineTopologyGoldenTest {

    private static final String GOLDEN = "topology.golden.txt";

    @Test
    void topologyDescriptionMatchesTheGoldenFile() throws Exception {
        String actual = new PipelineTopology(PipelineFixture.config()).build().describe().toString();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources", GOLDEN), actual, StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN + " is missing: run with -Dgolden.update=true once and commit it").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!Boolean.getBoolean("golden.update")) {
            assertThat(actual).as("topology names changed; if intended, regenerate " + GOLDEN + " (see class comment)")
                    .isEqualTo(expected);
        }
    }

    @Test
    void everyStoreAndInternalTopicHasAVersionedExplicitName() {
        String description = new PipelineTopology(PipelineFixture.config()).build().describe().toString();
        assertThat(description).doesNotContainPattern("KSTREAM-|KTABLE-|KSTREAM_|KTABLE_");
        assertThat(description).contains(Names.THREAT_HOURLY_STORE, Names.SOURCE_DOMAIN_HOURLY_STORE, Names.OBJECT_STATS_STORE,
                Names.VERDICT_STATE_STORE, Names.ANALYST_OVERRIDE_STORE, Names.THREAT_PARTIAL_STORE, Names.THREAT_COUNTS_STORE,
                Names.THREAT_REPARTITION + "-repartition",
                Names.OBJECT_REPARTITION + "-repartition", Names.ANALYST_REPARTITION + "-repartition",
                Names.SOURCE_DOMAIN_REPARTITION + "-repartition");
    }
}
