package org.opensn.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Where a client's copy of the verdict table stands: the verdicts topic and, per partition, the
 * offset up to which (exclusive) the copy holds every change. Offsets are Kafka's own, so a token
 * handed out by one cache instance is understood by any other instance reading the same topic.
 *
 * <p>On the wire it is opaque: {@link #encode()} gives URL-safe base64 of
 * {@code v1;<topic>;<offset of partition 0>,<offset of partition 1>,...}.
 *
 * @param topic   the verdicts topic
 * @param offsets the next offset to read, per partition (index = partition)
 */
public record UpdateToken(String topic, List<Long> offsets) {

    private static final String VERSION = "v1";

    public UpdateToken {
        Objects.requireNonNull(topic, "topic");
        offsets = List.copyOf(offsets);
        if (offsets.isEmpty()) {
            throw new IllegalArgumentException("update token for topic " + topic + " has no partition offsets");
        }
        for (Long o : offsets) {
            if (o < 0) {
                throw new IllegalArgumentException("update token for topic " + topic + " has a negative offset " + o);
            }
        }
    }

    static UpdateToken of(String topic, long[] offsets) {
        List<Long> list = new ArrayList<>(offsets.length);
        for (long o : offsets) {
            list.add(o);
        }
        return new UpdateToken(topic, list);
    }

    /** The offset for {@code partition}. */
    public long offset(int partition) {
        return offsets.get(partition);
    }

    /** Number of partitions the token covers. */
    public int partitions() {
        return offsets.size();
    }

    /** The opaque, URL-safe text form. */
    public String encode() {
        StringBuilder sb = new StringBuilder(VERSION).append(';').append(topic).append(';');
        for (int i = 0; i < offsets.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(offsets.get(i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a token made by {@link #encode()}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static UpdateToken decode(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("update token is empty: omit 'since' (or leave it empty) to get a full snapshot");
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("update token is not URL-safe base64: pass back exactly the nextToken of an earlier answer");
        }
        String[] parts = plain.split(";", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("update token has an unknown format: pass back exactly the nextToken of an earlier answer");
        }
        List<Long> offsets = new ArrayList<>();
        for (String o : parts[2].split(",", -1)) {
            try {
                offsets.add(Long.parseLong(o));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("update token holds a malformed offset '" + o + "'");
            }
        }
        return new UpdateToken(parts[1], offsets);
    }

    @Override
    public String toString() {
        return "UpdateToken[" + topic + " " + offsets + "]";
    }
}
