package org.opensn.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The data of one {@code mock://} scope: ids, subjects with their versions, compatibility levels.
 * Behaves like Confluent's registry: one id per distinct schema across subjects, compatibility
 * checked on register (global default BACKWARD, as the contract asks), 409/40901 when incompatible.
 */
final class InMemoryRegistry {

    private final String url;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private Compatibility globalLevel = Compatibility.BACKWARD;
    private int nextId = 1;

    InMemoryRegistry(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idsBySchema.get(schema);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        List<String> problems = problems(subject, schema);
        if (!problems.isEmpty()) {
            if (versions.isEmpty()) {
                versionsBySubject.remove(subject);
            }
            throw refusal("refused schema for subject " + subject, 409, 40901,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\", details: " + problems);
        }
        int id = existing != null ? existing : nextId++;
        idsBySchema.put(schema, id);
        schemasById.put(id, schema);
        versions.add(id);
        return id;
    }

    synchronized int lookUpId(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        String refused = "has no such schema registered under subject " + subject + " (register it, or allow auto.register.schemas)";
        if (versions == null) {
            throw refusal(refused, 404, 40401, "Subject '" + subject + "' not found.");
        }
        Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw refusal(refused, 404, 40403, "Schema not found");
        }
        return id;
    }

    synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw refusal("could not return schema id " + id, 404, 40403, "Schema " + id + " not found");
        }
        return schema;
    }

    synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw refusal("could not return the latest version of subject " + subject, 404, 40401, "Subject '" + subject + "' not found.");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id));
    }

    synchronized CompatibilityCheck checkCompatibility(String subject, Schema schema) {
        List<String> problems = problems(subject, schema);
        return new CompatibilityCheck(problems.isEmpty(), problems);
    }

    synchronized Compatibility globalCompatibility() {
        return globalLevel;
    }

    synchronized void setGlobalCompatibility(Compatibility level) {
        globalLevel = level;
    }

    synchronized Compatibility compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    synchronized void setCompatibility(String subject, Compatibility level) {
        subjectLevels.put(subject, level);
    }

    private List<String> problems(String subject, Schema candidate) {
        Compatibility level = subjectLevels.getOrDefault(subject, globalLevel);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (level == Compatibility.NONE || versions.isEmpty()) {
            return List.of();
        }
        List<Integer> against = level.isTransitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        List<String> problems = new ArrayList<>();
        for (int id : against) {
            Schema earlier = schemasById.get(id);
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier), "new schema cannot read data written with id " + id, problems);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier, candidate), "schema id " + id + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility i : result.getResult().getIncompatibilities()) {
            problems.add(what + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")");
        }
    }

    private SchemaRegistryException refusal(String refused, int status, int code, String message) {
        return new SchemaRegistryException("registry at " + url + " " + refused + ": error " + code + " " + ErrorCodes.describe(code)
                + ": " + message, url, status, code, null);
    }
}
