package org.opensn.benchmarks.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import java.util.UUID;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.ThreatType;

/**
 * Detections kept column by column, in a few dozen arrays instead of ~6 objects each, and made
 * again on {@link #get}: a new {@link DetectionEvent} equal to the one {@link #add}ed.
 *
 * <p>The benchmark holds a million detections for its whole run, in the JVM that also runs the broker
 * and the apps it measures. As objects they were ~300 MB in ~6 million objects, the larger part of the
 * old generation, which every G1 concurrent mark walks: a mark took ~0.8 s of a core, and in some runs one
 * came every ~10 s of the latency phase. Here the fields an endpoint repeats (its device's, its threat's,
 * the file's hash and the enums) are references to the simulator's own shared values; what is new in each
 * detection is packed: the event id as the UUID's two longs, the time as epoch milliseconds (the schema's
 * precision), the size as a long and the path's UTF-8 bytes in one array. Making a detection again costs
 * ~100 ns ({@link EventColumnsBenchmark}) and a handful of short-lived objects, in the thread that publishes it:
 * ~1 % of a core at the fed-live rates.
 */
final class EventColumns extends AbstractList<DetectionEvent> implements RandomAccess {

    private final long[] idHigh;
    private final long[] idLow;
    private final long[] timeMillis;
    private final long[] objectSize;
    private final String[] productVersion;
    private final OsFamily[] osFamily;
    private final String[] osVersion;
    private final ParticipationMode[] participationMode;
    private final String[] deviceInstallId;
    private final String[] hostName;
    private final String[] userName;
    private final String[] localIp;
    private final String[] threatName;
    private final ThreatType[] threatType;
    private final DetectionTechnology[] detectionTechnology;
    private final ActionTaken[] actionTaken;
    private final String[] objectSha256;
    /** Event i's path is {@code paths[pathEnds[i-1], pathEnds[i])} (from 0 for the first); a negative end means no path. */
    private final int[] pathEnds;
    private byte[] paths;
    private int pathBytes;
    private int size;

    EventColumns(int capacity) {
        idHigh = new long[capacity];
        idLow = new long[capacity];
        timeMillis = new long[capacity];
        objectSize = new long[capacity];
        productVersion = new String[capacity];
        osFamily = new OsFamily[capacity];
        osVersion = new String[capacity];
        participationMode = new ParticipationMode[capacity];
        deviceInstallId = new String[capacity];
        hostName = new String[capacity];
        userName = new String[capacity];
        localIp = new String[capacity];
        threatName = new String[capacity];
        threatType = new ThreatType[capacity];
        detectionTechnology = new DetectionTechnology[capacity];
        actionTaken = new ActionTaken[capacity];
        objectSha256 = new String[capacity];
        pathEnds = new int[capacity];
        paths = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, capacity * 64L))];
    }

    /**
     * Appends {@code e}, which must fit the columns: its event id a UUID in canonical form (as endpoints make them).
     * Checks that {@link #get} makes it again as it was, so a field the columns do not keep (one added to the
     * schema, say) fails here instead of going missing from the benchmark's load.
     *
     * @throws IllegalArgumentException naming the event when it does not fit
     * @throws IllegalStateException    when the columns are full, or would not give {@code e} back as it was
     */
    @Override
    public boolean add(DetectionEvent e) {
        if (size == idHigh.length) {
            throw new IllegalStateException("the columns hold " + size + " detections, all they were made for: make them larger");
        }
        UUID id = uuid(e.getEventId());
        int i = size;
        idHigh[i] = id.getMostSignificantBits();
        idLow[i] = id.getLeastSignificantBits();
        timeMillis[i] = e.getEventTime().toEpochMilli();
        objectSize[i] = e.getObjectSize();
        productVersion[i] = e.getProductVersion();
        osFamily[i] = e.getOsFamily();
        osVersion[i] = e.getOsVersion();
        participationMode[i] = e.getParticipationMode();
        deviceInstallId[i] = e.getDeviceInstallId();
        hostName[i] = e.getHostName();
        userName[i] = e.getUserName();
        localIp[i] = e.getLocalIp();
        threatName[i] = e.getThreatName();
        threatType[i] = e.getThreatType();
        detectionTechnology[i] = e.getDetectionTechnology();
        actionTaken[i] = e.getActionTaken();
        objectSha256[i] = e.getObjectSha256();
        pathEnds[i] = e.getObjectPath() == null ? -pathBytes - 1 : appendPath(e.getObjectPath());
        size++;
        DetectionEvent back = get(i);
        if (!back.equals(e)) {
            size--;
            pathBytes = i == 0 ? 0 : start(pathEnds[i - 1]);
            throw new IllegalStateException("detection " + i + " does not come back from EventColumns as it was made: " + e
                    + " came back as " + back + "; EventColumns must keep every field of DetectionEvent");
        }
        return true;
    }

    @Override
    public DetectionEvent get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("detection " + i + " of " + size);
        }
        int start = i == 0 ? 0 : start(pathEnds[i - 1]);
        int end = pathEnds[i];
        String path = end < 0 ? null : new String(paths, start, end - start, StandardCharsets.UTF_8);
        return new DetectionEvent(new UUID(idHigh[i], idLow[i]).toString(), Instant.ofEpochMilli(timeMillis[i]), productVersion[i],
                osFamily[i], osVersion[i], participationMode[i], deviceInstallId[i], hostName[i], userName[i], localIp[i], threatName[i],
                threatType[i], detectionTechnology[i], actionTaken[i], objectSha256[i], objectSize[i], path);
    }

    @Override
    public int size() {
        return size;
    }

    /** Where the path after an event with path end {@code end} starts: its end, or where it would have ended. */
    private static int start(int end) {
        return end < 0 ? -end - 1 : end;
    }

    private int appendPath(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (pathBytes + (long) bytes.length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("the detections' paths pass 2 GiB: hold fewer detections");
        }
        if (pathBytes + bytes.length > paths.length) {
            paths = Arrays.copyOf(paths, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(pathBytes + (long) bytes.length, paths.length * 2L)));
        }
        System.arraycopy(bytes, 0, paths, pathBytes, bytes.length);
        pathBytes += bytes.length;
        return pathBytes;
    }

    private static UUID uuid(String eventId) {
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null || !id.toString().equals(eventId)) {
            throw new IllegalArgumentException("event id '" + eventId + "' is not a UUID in canonical form (lower-case, 8-4-4-4-12 hex digits), "
                    + "which is all these columns keep of it: give such ids, as endpoints make them");
        }
        return id;
    }
}
