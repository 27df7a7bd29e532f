package org.opensn.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.avro.ReputationVerdict;

/** The HTTP client against the real Apicurio registry's Confluent-compatible API. */
@ExtendWith(EmbeddedServicesExtension.class)
class SchemaRegistryClientIT {

    private static final Schema V1 = SchemaBuilder.record("Thing").namespace("org.opensn.it").fields()
            .requiredString("a").endRecord();
    private static final Schema V2_OPTIONAL = SchemaBuilder.record("Thing").namespace("org.opensn.it").fields()
            .requiredString("a").optionalLong("b").endRecord();
    private static final Schema V2_REQUIRED = SchemaBuilder.record("Thing").namespace("org.opensn.it").fields()
            .requiredString("a").requiredLong("c").endRecord();

    @Test
    void registersFetchesAndLooksUp(EmbeddedSchemaRegistry registry) {
        String subject = "it-client-" + UUID.randomUUID() + "-value";
        try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registry.url()))) {
            int id = client.register(subject, ReputationVerdict.getClassSchema());
            assertThat(client.register(subject, ReputationVerdict.getClassSchema())).isEqualTo(id);
            RegisteredSchema latest = client.latest(subject);
            assertThat(latest.id()).isEqualTo(id);
            assertThat(latest.version()).isEqualTo(1);
            assertThat(SchemaNormalization.toParsingForm(latest.schema()))
                    .isEqualTo(SchemaNormalization.toParsingForm(ReputationVerdict.getClassSchema()));
            try (SchemaRegistryClient fresh = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registry.url()))) {
                assertThat(SchemaNormalization.toParsingForm(fresh.schemaById(id)))
                        .isEqualTo(SchemaNormalization.toParsingForm(ReputationVerdict.getClassSchema()));
                assertThat(fresh.lookUpId(subject, ReputationVerdict.getClassSchema())).isEqualTo(id);
            }
        }
    }

    @Test
    void enforcesBackwardCompatibilityAndExplainsRefusals(EmbeddedSchemaRegistry registry) {
        String subject = "it-compat-" + UUID.randomUUID() + "-value";
        try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registry.url()))) {
            assertThat(client.globalCompatibility()).isEqualTo(Compatibility.BACKWARD);
            client.register(subject, V1);
            assertThat(client.compatibility(subject)).isEqualTo(Compatibility.BACKWARD);
            assertThat(client.checkCompatibility(subject, V2_OPTIONAL).compatible()).isTrue();
            assertThat(client.checkCompatibility(subject, V2_REQUIRED).compatible()).isFalse();

            assertThatThrownBy(() -> client.register(subject, V2_REQUIRED))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue())
                    .hasMessageStartingWith("registry at " + registry.url() + " refused schema for subject " + subject + ": error 409 incompatible: ")
                    .hasMessageContaining("/fields/1"); // the registry's reason: the new field without default

            int v2 = client.register(subject, V2_OPTIONAL);
            assertThat(client.latest(subject).id()).isEqualTo(v2);
            assertThat(client.latest(subject).version()).isEqualTo(2);
        }
    }

    @Test
    void subjectLevelCompatibilityOverridesTheGlobalOne(EmbeddedSchemaRegistry registry) {
        String subject = "it-config-" + UUID.randomUUID() + "-value";
        try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registry.url()))) {
            client.register(subject, V1);
            client.setCompatibility(subject, Compatibility.NONE);
            assertThat(client.compatibility(subject)).isEqualTo(Compatibility.NONE);
            assertThat(client.globalCompatibility()).isEqualTo(Compatibility.BACKWARD);
            assertThat(client.register(subject, V2_REQUIRED)).isPositive();
        }
    }

    @Test
    void unknownIdAndSubjectAreClearErrors(EmbeddedSchemaRegistry registry) {
        try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registry.url()))) {
            assertThatThrownBy(() -> client.schemaById(2_000_000_001))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                    .hasMessageContaining("registry at " + registry.url() + " could not return schema id 2000000001: error 404");
            String subject = "it-missing-" + UUID.randomUUID() + "-value";
            assertThatThrownBy(() -> client.latest(subject))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                    .hasMessageContaining(subject);
            assertThatThrownBy(() -> client.lookUpId(subject, V1)).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("has no such schema registered under subject " + subject);
        }
    }
}
