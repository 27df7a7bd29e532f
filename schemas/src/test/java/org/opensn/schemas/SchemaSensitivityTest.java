package org.opensn.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.testing.ContractSamples;
import org.opensn.schemas.testing.ContractSchemaFiles;

class SchemaSensitivityTest {

    private final Map<String, Schema> sources = ContractSchemaFiles.parse(ContractSchemaFiles.sourceDir());

    @Test
    void everyFieldOfEverySourceSchemaIsClassifiedAndOnlyRawSchemasHoldPersonalData() {
        assertThat(sources).containsKeys(ContractSchemaFiles.RAW.toArray(String[]::new));
        for (Schema schema : sources.values()) {
            boolean raw = ContractSchemaFiles.RAW.contains(schema.getFullName());
            assertThat(SensitivityRules.problems(schema, raw)).as(schema.getFullName()).isEmpty();
        }
    }

    @Test
    void theGeneratedClassesCarryTheSameClassification() {
        // the classes are what serdes register: the attribute must survive code generation
        for (Schema schema : ContractSamples.schemas()) {
            boolean raw = ContractSchemaFiles.RAW.contains(schema.getFullName());
            assertThat(SensitivityRules.problems(schema, raw)).as(schema.getFullName()).isEmpty();
            assertThat(sources).containsKey(schema.getFullName());
        }
        assertThat(sources).hasSameSizeAs(ContractSamples.schemas());
    }

    @Test
    void theRawSchemasReallyHoldTheIdentifyingFieldsTheContractNames() {
        Schema detection = sources.get("org.opensn.schemas.avro.DetectionEvent");
        assertThat(detection.getField("hostName").getProp("sensitivity")).isEqualTo("identifying");
        assertThat(detection.getField("userName").getProp("sensitivity")).isEqualTo("identifying");
        assertThat(detection.getField("deviceInstallId").getProp("sensitivity")).isEqualTo("pseudonymous");
        Schema source = sources.get("org.opensn.schemas.avro.ThreatSourceEvent");
        assertThat(source.getField("url").getProp("sensitivity")).isEqualTo("identifying");
        assertThat(source.getField("remoteAddress").getProp("sensitivity")).isEqualTo("identifying");
    }

    @Test
    void aFieldWithoutClassificationIsReported() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"X","fields":[
                  {"name":"a","type":"string","sensitivity":"technical"},
                  {"name":"b","type":"string"}]}""");
        assertThat(SensitivityRules.problems(schema, true)).singleElement().asString().contains("X.b has no sensitivity");
    }

    @Test
    void anUnknownClassificationIsReported() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"X","fields":[{"name":"a","type":"string","sensitivity":"secret"}]}""");
        assertThat(SensitivityRules.problems(schema, true)).singleElement().asString().contains("X.a has sensitivity 'secret'");
    }

    @Test
    void aPersonalFieldOutsideTheRawSchemasIsReportedEvenWhenNested() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Anon","fields":[
                  {"name":"id","type":"string","sensitivity":"technical"},
                  {"name":"inner","type":["null",{"type":"record","name":"Inner","fields":[
                     {"name":"user","type":"string","sensitivity":"identifying"}]}],"default":null,"sensitivity":"technical"}]}""");
        assertThat(SensitivityRules.problems(schema, false)).singleElement().asString()
                .contains("Anon.inner.user is identifying, but only the raw schemas");
        assertThat(SensitivityRules.problems(schema, true)).isEmpty();
    }
}
