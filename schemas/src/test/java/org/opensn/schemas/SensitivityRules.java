package org.opensn.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/** The privacy rules every contract schema must follow (test helper). */
final class SensitivityRules {

    static final Set<String> LEVELS = Set.of("technical", "pseudonymous", "identifying");

    private SensitivityRules() {
    }

    /**
     * Problems of one schema: a field without a {@code sensitivity} attribute or with an unknown
     * value, or, unless {@code raw}, a field that is not {@code technical}. Nested records are checked too.
     */
    static List<String> problems(Schema schema, boolean raw) {
        List<String> problems = new ArrayList<>();
        check(schema, raw, schema.getName(), problems, new HashSet<>());
        return problems;
    }

    private static void check(Schema schema, boolean raw, String path, List<String> problems, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    String where = path + "." + field.name();
                    Object level = field.getObjectProp("sensitivity");
                    if (level == null) {
                        problems.add(where + " has no sensitivity attribute (add \"sensitivity\": \"technical\"|\"pseudonymous\"|\"identifying\")");
                    } else if (!LEVELS.contains(level.toString())) {
                        problems.add(where + " has sensitivity '" + level + "', expected one of " + LEVELS);
                    } else if (!raw && !"technical".equals(level)) {
                        problems.add(where + " is " + level + ", but only the raw schemas may hold non-technical fields");
                    }
                    check(field.schema(), raw, where, problems, seen);
                }
            }
            case UNION -> schema.getTypes().forEach(t -> check(t, raw, path, problems, seen));
            case ARRAY -> check(schema.getElementType(), raw, path + "[]", problems, seen);
            case MAP -> check(schema.getValueType(), raw, path + "{}", problems, seen);
            default -> {
            }
        }
    }
}
