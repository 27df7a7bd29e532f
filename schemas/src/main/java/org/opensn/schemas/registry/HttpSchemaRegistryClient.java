package org.opensn.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.opensn.schemas.registry.RegistryTransport.Answer;
import org.opensn.schemas.registry.RegistryTransport.Op;

/**
 * {@link SchemaRegistryClient} over Confluent's REST API. Accepts Apicurio's differences: a register
 * answer holding only {@code {"id":N}}, 409 bodies with {@code error_code} 409 instead of 40901,
 * and {@code GET /config/{subject}} answering 200 with the inherited level.
 */
final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private final RegistryTransport transport;
    /** subject -> (schema -> id); Schema caches its hash code, and equals starts with identity. */
    private final ConcurrentHashMap<String, OnceCache<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final OnceCache<Integer, Schema> schemasById = new OnceCache<>();

    HttpSchemaRegistryClient(RegistryTransport transport) {
        this.transport = transport;
    }

    @Override
    public String url() {
        return transport.describeUrls();
    }

    @Override
    public int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        return subjectCache(subject).get(schema, s -> {
            Op op = new Op("refused schema for subject " + subject, "registering a schema for subject " + subject);
            Answer answer = transport.send("POST", "/subjects/" + encode(subject) + "/versions", Map.of("schema", s.toString()), op);
            int id = requireId(answer, op);
            schemasById.put(id, s);
            return id;
        });
    }

    @Override
    public int lookUpId(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        return subjectCache(subject).get(schema, s -> {
            Op op = new Op("has no such schema registered under subject " + subject
                    + " (register it, or allow auto.register.schemas)", "looking up a schema under subject " + subject);
            Answer answer = transport.send("POST", "/subjects/" + encode(subject), Map.of("schema", s.toString()), op);
            int id = requireId(answer, op);
            schemasById.put(id, s);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.get(id, key -> {
            Op op = new Op("could not return schema id " + key, "fetching schema id " + key);
            Answer answer = transport.send("GET", "/schemas/ids/" + key, null, op);
            if (!answer.ok()) {
                throw answer.failure(op);
            }
            return parseSchema(answer, op, "schema id " + key);
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        requireSubject(subject);
        Op op = new Op("could not return the latest version of subject " + subject, "fetching the latest version of subject " + subject);
        Answer answer = transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, op);
        if (!answer.ok()) {
            throw answer.failure(op);
        }
        Schema schema = parseSchema(answer, op, "subject " + subject);
        int id = requireId(answer, op);
        JsonNode version = answer.body().get("version");
        if (version == null || !version.canConvertToInt()) {
            throw malformed(answer, op, "no version");
        }
        subjectCache(subject).put(schema, id);
        schemasById.put(id, schema);
        return new RegisteredSchema(subject, id, version.asInt(), schema);
    }

    @Override
    public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        Op op = new Op("could not check compatibility for subject " + subject, "checking compatibility for subject " + subject);
        Answer answer = transport.send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                Map.of("schema", schema.toString()), op);
        if (answer.status() == 404 && (answer.errorCode() == 40401 || answer.errorCode() == 40402 || answer.errorCode() == 404)) {
            return new CompatibilityCheck(true, List.of());
        }
        if (!answer.ok()) {
            throw answer.failure(op);
        }
        JsonNode compatible = answer.body().get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw malformed(answer, op, "no is_compatible");
        }
        List<String> messages = new ArrayList<>();
        JsonNode list = answer.body().get("messages");
        if (list != null && list.isArray()) {
            list.forEach(m -> messages.add(m.isTextual() ? m.asText() : m.toString()));
        }
        return new CompatibilityCheck(compatible.asBoolean(), messages);
    }

    @Override
    public Compatibility globalCompatibility() {
        Op op = new Op("could not return the global compatibility level", "reading the global compatibility level");
        Answer answer = transport.send("GET", "/config", null, op);
        if (!answer.ok()) {
            throw answer.failure(op);
        }
        return level(answer, op);
    }

    @Override
    public void setGlobalCompatibility(Compatibility level) {
        Objects.requireNonNull(level, "level");
        Op op = new Op("refused global compatibility level " + level, "setting the global compatibility level");
        Answer answer = transport.send("PUT", "/config", Map.of("compatibility", level.name()), op);
        if (!answer.ok()) {
            throw answer.failure(op);
        }
    }

    @Override
    public Compatibility compatibility(String subject) {
        requireSubject(subject);
        Op op = new Op("could not return the compatibility level of subject " + subject,
                "reading the compatibility level of subject " + subject);
        Answer answer = transport.send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null, op);
        if (answer.status() == 404) {
            // Confluent without a subject-level setting (40408), or a subject it does not know (40401).
            return globalCompatibility();
        }
        if (!answer.ok()) {
            throw answer.failure(op);
        }
        return level(answer, op);
    }

    @Override
    public void setCompatibility(String subject, Compatibility level) {
        requireSubject(subject);
        Objects.requireNonNull(level, "level");
        Op op = new Op("refused compatibility level " + level + " for subject " + subject,
                "setting the compatibility level of subject " + subject);
        Answer answer = transport.send("PUT", "/config/" + encode(subject), Map.of("compatibility", level.name()), op);
        if (!answer.ok()) {
            throw answer.failure(op);
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + url() + "]";
    }

    private OnceCache<Schema, Integer> subjectCache(String subject) {
        return idsBySubject.computeIfAbsent(subject, s -> new OnceCache<>());
    }

    private static int requireId(Answer answer, Op op) {
        if (!answer.ok()) {
            throw answer.failure(op);
        }
        JsonNode id = answer.body().get("id");
        if (id == null || !id.canConvertToInt()) {
            throw malformed(answer, op, "no schema id");
        }
        return id.asInt();
    }

    private static Schema parseSchema(Answer answer, Op op, String what) {
        JsonNode type = answer.body().get("schemaType");
        if (type != null && type.isTextual() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException("registry at " + answer.base() + " " + op.refused() + ": " + what + " is a "
                    + type.asText() + " schema, not Avro", answer.base().toString(), answer.status(), answer.status(), null);
        }
        JsonNode text = answer.body().get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed(answer, op, "no schema text");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("registry at " + answer.base() + " " + op.refused() + ": " + what
                    + " is not a valid Avro schema: " + e.getMessage(), answer.base().toString(), answer.status(), answer.status(), e);
        }
    }

    private static Compatibility level(Answer answer, Op op) {
        JsonNode node = answer.body().get("compatibilityLevel");
        if (node == null) {
            node = answer.body().get("compatibility");
        }
        if (node == null || !node.isTextual()) {
            throw malformed(answer, op, "no compatibilityLevel");
        }
        try {
            return Compatibility.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(answer, op, e.getMessage());
        }
    }

    private static SchemaRegistryException malformed(Answer answer, Op op, String problem) {
        return new SchemaRegistryException("registry at " + answer.base() + " " + op.refused() + ": unexpected answer ("
                + problem + ", HTTP " + answer.status() + ")", answer.base().toString(), answer.status(), answer.status(), null);
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is empty: expected e.g. <topic>-value");
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
