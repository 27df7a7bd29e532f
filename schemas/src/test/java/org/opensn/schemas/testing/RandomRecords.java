package org.opensn.schemas.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Random generic data for any schema: strings with non-ASCII and empty values, extreme numbers,
 * every union branch and enum symbol. Logical types get their underlying (raw) values.
 */
public final class RandomRecords {

    private static final String ALPHABET = "aZ09 ._-/:\\@%äöüßé日本😀\u0000\t";

    private final Random random;

    public RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    public Object next(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    record.put(f.pos(), next(f.schema()));
                }
                yield record;
            }
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case UNION -> next(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
            case STRING -> string();
            case LONG -> switch (random.nextInt(4)) {
                case 0 -> 0L;
                case 1 -> Long.MAX_VALUE;
                case 2 -> Long.MIN_VALUE / 1000; // still a valid Instant for timestamp-millis
                default -> random.nextLong() / 1000;
            };
            case INT -> switch (random.nextInt(3)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                default -> random.nextInt();
            };
            case DOUBLE -> random.nextInt(5) == 0 ? Double.NaN : random.nextDouble() * 1e6 - 5e5;
            case FLOAT -> random.nextFloat();
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
            case BYTES -> java.nio.ByteBuffer.wrap(string().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(next(schema.getElementType()));
                }
                yield new GenericData.Array<>(schema, list);
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(string(), next(schema.getValueType()));
                }
                yield map;
            }
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
        };
    }

    private String string() {
        int length = random.nextInt(5) == 0 ? 0 : random.nextInt(60);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return sb.toString();
    }
}
