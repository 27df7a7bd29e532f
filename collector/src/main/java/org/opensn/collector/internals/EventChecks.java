package org.opensn.collector.internals;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Checks that an event can be sent: every field without a null branch is set. */
final class EventChecks {

    private EventChecks() {
    }

    /** The problem with {@code record}, or null if none. */
    static String problem(SpecificRecord record) {
        if (record == null) {
            return "the event is null";
        }
        for (Schema.Field f : record.getSchema().getFields()) {
            if (record.get(f.pos()) == null && !nullable(f.schema())) {
                return "required field '" + f.name() + "' is not set";
            }
        }
        return null;
    }

    private static boolean nullable(Schema s) {
        if (s.getType() == Schema.Type.NULL) {
            return true;
        }
        return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }
}
