package org.opensn.collector.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.opensn.collector.EventKeys;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * Parses one JSON Lines event whose field names are the Avro field names of {@code DetectionEvent} or
 * {@code ThreatSourceEvent}. The kind is told by the fields: a detection has {@code objectSha256}, a threat source
 * has {@code sourceType}. Left-out fields are filled for this endpoint: {@code eventId} (random), {@code eventTime}
 * (now), {@code participationMode} (EXTENDED) and whatever {@code defaults} holds (device id, product, OS, host,
 * user). Timestamps are epoch milliseconds or ISO-8601 instants; enums are their symbols, any case.
 */
final class JsonEvents {

    /** A parsed line: exactly one of the two is set. */
    record Parsed(DetectionEvent detection, ThreatSourceEvent threatSource) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> defaults;
    private final Clock clock;

    /** @param defaults values for left-out fields, by Avro field name */
    JsonEvents(Map<String, Object> defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException with the reason the line is bad */
    Parsed parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: each line must be one event {\"field\": value, ...}");
        }
        boolean detection = node.has("objectSha256");
        boolean source = node.has("sourceType");
        if (detection == source) {
            throw new IllegalArgumentException(detection ? "has both objectSha256 (detection) and sourceType (threat source): choose one kind"
                    : "cannot tell the kind: a detection has objectSha256, a threat source has sourceType");
        }
        if (detection) {
            DetectionEvent e = new DetectionEvent();
            fill(e, node, "detection");
            EventKeys.of(e);
            return new Parsed(e, null);
        }
        ThreatSourceEvent e = new ThreatSourceEvent();
        fill(e, node, "threat source");
        EventKeys.of(e);
        return new Parsed(null, e);
    }

    private void fill(SpecificRecordBase record, JsonNode node, String kind) {
        Schema schema = record.getSchema();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            Schema.Field field = schema.getField(f.getKey());
            if (field == null) {
                throw new IllegalArgumentException("unknown field '" + f.getKey() + "' for a " + kind + " (field names are the Avro names, e.g. "
                        + schema.getFields().stream().limit(4).map(Schema.Field::name).toList() + " ...)");
            }
            record.put(field.pos(), convert(field, f.getValue()));
        }
        for (Schema.Field field : schema.getFields()) {
            if (node.has(field.name())) {
                continue;
            }
            Object fallback = switch (field.name()) {
                case "eventId" -> UUID.randomUUID().toString();
                case "eventTime" -> clock.instant();
                case "participationMode" -> ParticipationMode.EXTENDED;
                default -> defaults.get(field.name());
            };
            if (fallback == null && !nullable(field.schema())) {
                throw new IllegalArgumentException("required field '" + field.name() + "' is missing");
            }
            record.put(field.pos(), fallback);
        }
    }

    private static Object convert(Schema.Field field, JsonNode v) {
        Schema s = field.schema();
        if (v.isNull()) {
            if (!nullable(s)) {
                throw new IllegalArgumentException("field '" + field.name() + "' must not be null");
            }
            return null;
        }
        if (s.getType() == Schema.Type.UNION) {
            s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        }
        String name = field.name();
        switch (s.getType()) {
            case STRING -> {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("field '" + name + "' must be a string, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                return v.asText();
            }
            case LONG -> {
                if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    if (v.isIntegralNumber()) {
                        return Instant.ofEpochMilli(v.longValue());
                    }
                    if (v.isTextual()) {
                        try {
                            return Instant.parse(v.asText());
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("field '" + name + "' is not an ISO-8601 instant (e.g. 2026-01-31T12:00:00Z): '" + v.asText() + "'");
                        }
                    }
                    throw new IllegalArgumentException("field '" + name + "' must be epoch milliseconds or an ISO-8601 instant");
                }
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw new IllegalArgumentException("field '" + name + "' must be a whole number");
                }
                return v.longValue();
            }
            case INT -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw new IllegalArgumentException("field '" + name + "' must be a whole number (int)");
                }
                return v.intValue();
            }
            case ENUM -> {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("field '" + name + "' must be one of " + s.getEnumSymbols());
                }
                String symbol = v.asText().toUpperCase(Locale.ROOT);
                if (!s.getEnumSymbols().contains(symbol)) {
                    throw new IllegalArgumentException("field '" + name + "' is '" + v.asText() + "', expected one of " + s.getEnumSymbols());
                }
                return enumConstant(s, symbol);
            }
            default -> throw new IllegalArgumentException("field '" + name + "' has an unsupported type " + s.getType());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Schema enumSchema, String symbol) {
        try {
            Class<? extends Enum> type = (Class<? extends Enum>) Class.forName(enumSchema.getFullName());
            return Enum.valueOf(type, symbol);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("generated enum " + enumSchema.getFullName() + " is missing from the classpath", e);
        }
    }

    private static boolean nullable(Schema s) {
        return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }
}
