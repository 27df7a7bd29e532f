package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensn.embedded.junit.EmbeddedServicesExtension;

/** Talks to the shared registry with plain java.net.http, as a Confluent-protocol client would. */
@ExtendWith(EmbeddedServicesExtension.class)
class EmbeddedSchemaRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String V1 = """
            {"type":"record","name":"Thing","namespace":"org.opensn.test","fields":[
              {"name":"id","type":"string"}]}""";
    private static final String V2_COMPATIBLE = """
            {"type":"record","name":"Thing","namespace":"org.opensn.test","fields":[
              {"name":"id","type":"string"},{"name":"size","type":"long","default":0}]}""";
    private static final String V3_INCOMPATIBLE = """
            {"type":"record","name":"Thing","namespace":"org.opensn.test","fields":[
              {"name":"id","type":"string"},{"name":"owner","type":"string"}]}""";

    @Test
    void registersReadsBackAndEnforcesBackwardCompatibility(EmbeddedSchemaRegistry registry) throws Exception {
        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");
        String subject = "things-" + UUID.randomUUID() + "-value";

        HttpResponse<String> registered = post(registry.url() + "/subjects/" + subject + "/versions", V1);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        int id = JSON.readTree(registered.body()).get("id").asInt();

        HttpResponse<String> byId = get(registry.url() + "/schemas/ids/" + id);
        assertThat(byId.statusCode()).isEqualTo(200);
        JsonNode schema = JSON.readTree(JSON.readTree(byId.body()).get("schema").asText());
        assertThat(schema).isEqualTo(JSON.readTree(V1));

        HttpResponse<String> global = get(registry.url() + "/config");
        assertThat(JSON.readTree(global.body()).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        assertThat(post(registry.url() + "/subjects/" + subject + "/versions", V2_COMPATIBLE).statusCode())
                .as("adding a field with a default is BACKWARD compatible").isEqualTo(200);

        HttpResponse<String> refused = post(registry.url() + "/subjects/" + subject + "/versions", V3_INCOMPATIBLE);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);

        HttpResponse<String> versions = get(registry.url() + "/subjects/" + subject + "/versions");
        assertThat(JSON.readTree(versions.body())).hasSize(2);
    }

    @Test
    void logsToAFileUnderTarget(EmbeddedSchemaRegistry registry) {
        assertThat(registry.isRunning()).isTrue();
        assertThat(registry.logFile()).exists().hasFileName("opensn-apicurio-" + registry.port() + ".log");
    }

    static HttpResponse<String> post(String url, String avroSchema) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", avroSchema));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
