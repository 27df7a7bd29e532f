package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensn.embedded.EmbeddedSchemaRegistryIT.get;
import static org.opensn.embedded.EmbeddedSchemaRegistryIT.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With KafkaSQL storage the schemas live in the broker and survive a registry restart (the standalone run relies on it). */
class KafkaSqlRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type":"record","name":"Kept","namespace":"org.opensn.test","fields":[{"name":"id","type":"string"}]}""";

    @Test
    void schemasSurviveARegistryRestart() throws Exception {
        String subject = "kept-" + UUID.randomUUID() + "-value";
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            int id;
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                    .kafkaSqlBootstrap(kafka.bootstrapServers()).build().start()) {
                HttpResponse<String> registered = post(registry.url() + "/subjects/" + subject + "/versions", SCHEMA);
                assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
                id = JSON.readTree(registered.body()).get("id").asInt();
            }
            try (EmbeddedSchemaRegistry again = EmbeddedSchemaRegistry.builder()
                    .kafkaSqlBootstrap(kafka.bootstrapServers()).build().start()) {
                HttpResponse<String> byId = get(again.url() + "/schemas/ids/" + id);
                assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
                assertThat(JSON.readTree(JSON.readTree(byId.body()).get("schema").asText())).isEqualTo(JSON.readTree(SCHEMA));
                assertThat(JSON.readTree(get(again.url() + "/subjects").body()).toString()).contains(subject);
            }
        }
    }
}
