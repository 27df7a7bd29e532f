package org.opensn.collector;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Test helper: {@link RawTopics} for tests in other packages. */
public final class RawTopicsAccess {

    private RawTopicsAccess() {
    }

    /** The event ids on {@code topic}, from the beginning to the end offsets. */
    public static <T extends SpecificRecord> List<String> eventIds(String bootstrap, String registryUrl, String topic, Class<T> type) {
        return RawTopics.read(bootstrap, registryUrl, topic, type).stream().map(RawTopics.Read::eventId).toList();
    }

    /** The decoded events on {@code topic}, from the beginning to the end offsets. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> List<T> events(String bootstrap, String registryUrl, String topic, Class<T> type) {
        return RawTopics.read(bootstrap, registryUrl, topic, type).stream().map(r -> (T) r.event()).toList();
    }
}
