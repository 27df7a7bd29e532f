package org.opensn.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.testing.ContractSchemaFiles;

/**
 * The current schemas must read data written with every released version (BACKWARD, the
 * registry's default): consumers upgrade first. Each release is kept under
 * src/test/resources/released/vN; add a directory when releasing new schema versions.
 */
class SchemaEvolutionTest {

    private final Map<String, Schema> current = ContractSchemaFiles.parse(ContractSchemaFiles.sourceDir());

    @Test
    void currentSchemasAreBackwardCompatibleWithEveryReleasedVersion() throws Exception {
        List<Path> releases = releases();
        assertThat(releases).extracting(p -> p.getFileName().toString()).contains("v1");
        for (Path release : releases) {
            Map<String, Schema> released = ContractSchemaFiles.parse(release);
            assertThat(released).as("schemas of release %s", release.getFileName()).isNotEmpty();
            for (Schema old : released.values()) {
                Schema now = current.get(old.getFullName());
                assertThat(now).as("%s of release %s still exists", old.getFullName(), release.getFileName()).isNotNull();
                assertThat(problems(now, old)).as("%s: current reads data of release %s", old.getFullName(), release.getFileName())
                        .isEmpty();
            }
        }
    }

    @Test
    void theCheckCatchesARequiredFieldAddedWithoutDefault() {
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
        Schema changed = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"long"}]}""");
        Schema withDefault = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"long","default":0}]}""");
        assertThat(problems(changed, old)).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(problems(withDefault, old)).isEmpty();
    }

    @Test
    void theCheckCatchesARemovedEnumSymbolWithoutEnumDefault() {
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}}]}""");
        Schema changed = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A"]}}]}""");
        assertThat(problems(changed, old)).singleElement().asString().contains("MISSING_ENUM_SYMBOLS");
    }

    private static List<String> problems(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<String> problems = new ArrayList<>();
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            result.getResult().getIncompatibilities().forEach(i -> problems.add(i.getType() + " at " + i.getLocation() + ": " + i.getMessage()));
        }
        return problems;
    }

    private static List<Path> releases() throws IOException, URISyntaxException {
        Path root = Path.of(SchemaEvolutionTest.class.getResource("/released").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }
}
