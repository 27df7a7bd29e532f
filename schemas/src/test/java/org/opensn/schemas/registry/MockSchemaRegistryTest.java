package org.opensn.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.ReputationVerdict;

class MockSchemaRegistryTest {

    private final String scope = "mock-test-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void clientsOfOneScopeShareDataAndOtherScopesDoNot() {
        SchemaRegistryClient a = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));
        SchemaRegistryClient b = MockSchemaRegistry.client(scope);
        SchemaRegistryClient other = MockSchemaRegistry.client(scope + "-other");
        try {
            int id = a.register("s-value", ReputationVerdict.getClassSchema());
            assertThat(b.schemaById(id)).isEqualTo(ReputationVerdict.getClassSchema());
            assertThat(a.url()).isEqualTo("mock://" + scope);
            assertThatThrownBy(() -> other.latest("s-value")).isInstanceOf(SchemaRegistryException.class).hasMessageContaining("40401");
        } finally {
            MockSchemaRegistry.dropScope(scope + "-other");
        }
    }

    @Test
    void droppingAScopeForgetsEverything() {
        SchemaRegistryClient client = MockSchemaRegistry.client(scope);
        int id = client.register("s-value", ReputationVerdict.getClassSchema());
        MockSchemaRegistry.dropScope(scope);
        SchemaRegistryClient fresh = MockSchemaRegistry.client(scope);
        assertThatThrownBy(() -> fresh.schemaById(id)).isInstanceOf(SchemaRegistryException.class)
                .hasMessage("registry at mock://" + scope + " could not return schema id " + id + ": error 40403 schema not found: Schema "
                        + id + " not found");
    }

    @Test
    void oneIdPerDistinctSchemaAcrossSubjectsAndVersionsCount() {
        SchemaRegistryClient client = MockSchemaRegistry.client(scope);
        int first = client.register("a-value", ReputationVerdict.getClassSchema());
        assertThat(client.register("b-value", ReputationVerdict.getClassSchema())).isEqualTo(first);
        assertThat(client.register("a-value", ReputationVerdict.getClassSchema())).isEqualTo(first);
        int other = client.register("c-value", AnalystVerdict.getClassSchema());
        assertThat(other).isNotEqualTo(first);
        assertThat(client.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", first, 1, ReputationVerdict.getClassSchema()));
        assertThat(client.lookUpId("b-value", ReputationVerdict.getClassSchema())).isEqualTo(first);
        assertThatThrownBy(() -> client.lookUpId("b-value", AnalystVerdict.getClassSchema())).hasMessageContaining("40403");
    }

    @Test
    void backwardIsTheDefaultAndIsEnforced() {
        SchemaRegistryClient client = MockSchemaRegistry.client(scope);
        assertThat(client.globalCompatibility()).isEqualTo(Compatibility.BACKWARD);
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        Schema addsOptional = SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
        Schema addsRequired = SchemaBuilder.record("R").fields().requiredString("a").requiredString("c").endRecord();
        client.register("r-value", v1);
        assertThat(client.checkCompatibility("r-value", addsOptional).compatible()).isTrue();
        CompatibilityCheck bad = client.checkCompatibility("r-value", addsRequired);
        assertThat(bad.compatible()).isFalse();
        assertThat(bad.messages()).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThatThrownBy(() -> client.register("r-value", addsRequired))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(40901);
                })
                .hasMessageContaining("refused schema for subject r-value: error 40901 incompatible");
        assertThat(client.register("r-value", addsOptional)).isPositive();
        assertThat(client.latest("r-value").version()).isEqualTo(2);
    }

    @Test
    void subjectLevelOverridesGlobalAndTransitiveChecksEveryVersion() {
        SchemaRegistryClient client = MockSchemaRegistry.client(scope);
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
        Schema v3 = SchemaBuilder.record("R").fields().optionalString("b").endRecord(); // drops a: fine for BACKWARD
        Schema v4 = SchemaBuilder.record("R").fields().optionalString("b").requiredString("a").endRecord(); // reads v3? no: a has no default

        client.setCompatibility("r-value", Compatibility.NONE);
        assertThat(client.compatibility("r-value")).isEqualTo(Compatibility.NONE);
        assertThat(client.compatibility("other-value")).isEqualTo(Compatibility.BACKWARD);
        client.register("r-value", v1);
        client.register("r-value", v2);
        client.register("r-value", v3);
        client.register("r-value", v4);

        client.setCompatibility("t-value", Compatibility.BACKWARD_TRANSITIVE);
        client.register("t-value", v1);
        client.register("t-value", v2);
        client.register("t-value", v3);
        // v4 reads v1 and v2 data but not v3 data (no 'a'): transitive refuses
        assertThatThrownBy(() -> client.register("t-value", v4)).hasMessageContaining("40901");
    }
}
