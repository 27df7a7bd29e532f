package org.opensn.collector.internals;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded on-disk FIFO of records the broker has not acknowledged, in segment files
 * {@code spool/<16 digits>.seg} of the state dir. Appends go to the newest segment; the sender takes the oldest
 * segment whole, resends it and then deletes it or rewrites it with only the records still unacknowledged.
 * When the total would pass {@code maxBytes}, the oldest segments are dropped, counted and warned about.
 *
 * <p>Every append carries the consent generation it belongs to: after {@link #purge(long)} (consent withdrawn)
 * only appends of the new generation are accepted, so a late callback cannot bring back withdrawn data.
 * Record format: kind (1 byte), payload length (int), payload, CRC-32 of the payload (int). A torn tail after a
 * crash is detected by length or CRC and cut off with a warning.
 */
final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final String DIR_NAME = "spool";
    private static final String SUFFIX = ".seg";

    /** One segment taken for resending. */
    record Segment(long id, List<SpoolRecord> records) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final TreeMap<Long, long[]> segments = new TreeMap<>(); // id -> {bytes, records}
    private long nextId;
    private long activeId = -1;
    private DataOutputStream active;
    private long totalBytes;
    private long dropped;
    private long acceptedGeneration;
    private boolean closed;

    Spool(Path stateDir, long maxBytes, long generation) {
        this.dir = stateDir.resolve(DIR_NAME);
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(4096, Math.min(1L << 20, maxBytes / 16));
        this.acceptedGeneration = generation;
        scanExisting();
    }

    Path directory() {
        return dir;
    }

    private void scanExisting() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String n = p.getFileName().toString();
                long id;
                try {
                    id = Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
                } catch (NumberFormatException e) {
                    LOG.warn("ignoring unexpected file {} in the spool directory (not written by the collector)", p);
                    continue;
                }
                List<SpoolRecord> rs = readSegment(p);
                long bytes = Files.size(p);
                segments.put(id, new long[] {bytes, rs.size()});
                totalBytes += bytes;
                nextId = Math.max(nextId, id + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spool directory " + dir + ": " + e.getMessage()
                    + " (check permissions, or delete the directory to drop the spooled records)", e);
        }
    }

    /**
     * Appends one record if {@code generation} is the accepted one and the spool is open.
     *
     * @return false if the record was refused (consent withdrawn or spool closed)
     */
    synchronized boolean append(SpoolRecord r, long generation) {
        if (closed || generation != acceptedGeneration) {
            return false;
        }
        int size = r.sizeOnDisk();
        if (size > maxBytes) {
            dropped++;
            LOG.warn("a record of {} bytes is larger than the whole spool (spool.max.bytes={}); dropped it", size, maxBytes);
            return true;
        }
        while (totalBytes + size > maxBytes && !segments.isEmpty()) {
            dropOldest();
        }
        try {
            if (active == null || segments.get(activeId)[0] + size > segmentBytes) {
                roll();
            }
            DataOutputStream out = active;
            out.writeByte(r.kind());
            out.writeInt(r.payload().length);
            out.write(r.payload());
            CRC32 crc = new CRC32();
            crc.update(r.payload());
            out.writeInt((int) crc.getValue());
            long[] meta = segments.get(activeId);
            meta[0] += size;
            meta[1]++;
            totalBytes += size;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the spool " + dir + ": " + e.getMessage()
                    + " (free disk space or lower spool.max.bytes)", e);
        }
    }

    private void roll() throws IOException {
        closeActive();
        Files.createDirectories(dir);
        activeId = nextId++;
        active = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(segmentPath(activeId),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024));
        segments.put(activeId, new long[] {0, 0});
    }

    private void dropOldest() {
        var first = segments.pollFirstEntry();
        if (first.getKey() == activeId) {
            closeActiveQuietly();
        }
        totalBytes -= first.getValue()[0];
        dropped += first.getValue()[1];
        deleteQuietly(segmentPath(first.getKey()));
        LOG.warn("spool {} is full (spool.max.bytes={}): dropped the oldest {} records ({} dropped in total);"
                + " the broker has been unreachable for long, check check-connection or raise spool.max.bytes",
                dir, maxBytes, first.getValue()[1], dropped);
    }

    /** Pushes buffered appends to the operating system. */
    synchronized void flush() {
        if (active != null) {
            try {
                active.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write to the spool " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized boolean isEmpty() {
        return segments.isEmpty();
    }

    synchronized long bytes() {
        return totalBytes;
    }

    synchronized long records() {
        return segments.values().stream().mapToLong(m -> m[1]).sum();
    }

    synchronized long dropped() {
        return dropped;
    }

    /** The oldest segment with its records (closing it for appends if it is the newest), or null if empty. */
    synchronized Segment takeOldest() {
        if (segments.isEmpty()) {
            return null;
        }
        long id = segments.firstKey();
        if (id == activeId) {
            closeActiveQuietly();
        }
        return new Segment(id, readSegment(segmentPath(id)));
    }

    /**
     * Finishes a resend of {@code segment}: deletes it if nothing is left, else rewrites it with {@code remaining}.
     * Does nothing if the segment is gone meanwhile (dropped when full, or purged).
     */
    synchronized void complete(Segment segment, List<SpoolRecord> remaining) {
        long[] meta = segments.get(segment.id());
        if (meta == null || closed && remaining.size() == segment.records().size()) {
            return;
        }
        Path path = segmentPath(segment.id());
        if (remaining.isEmpty()) {
            segments.remove(segment.id());
            totalBytes -= meta[0];
            deleteQuietly(path);
            if (segments.isEmpty()) {
                deleteQuietly(dir);
            }
            return;
        }
        if (remaining.size() == segment.records().size()) {
            return;
        }
        Path tmp = dir.resolve("." + path.getFileName() + ".tmp");
        long bytes = 0;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            for (SpoolRecord r : remaining) {
                out.writeByte(r.kind());
                out.writeInt(r.payload().length);
                out.write(r.payload());
                CRC32 crc = new CRC32();
                crc.update(r.payload());
                out.writeInt((int) crc.getValue());
                bytes += r.sizeOnDisk();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite spool segment " + path + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite spool segment " + path + ": " + e.getMessage(), e);
        }
        totalBytes += bytes - meta[0];
        meta[0] = bytes;
        meta[1] = remaining.size();
    }

    /**
     * Consent withdrawn (or given anew): deletes every segment and the directory, and from now on accepts only
     * appends of {@code newGeneration}.
     *
     * @return the number of records deleted
     */
    synchronized long purge(long newGeneration) {
        acceptedGeneration = newGeneration;
        closeActiveQuietly();
        long n = 0;
        for (var e : segments.entrySet()) {
            n += e.getValue()[1];
            deleteQuietly(segmentPath(e.getKey()));
        }
        segments.clear();
        totalBytes = 0;
        deleteAllFiles();
        return n;
    }

    /** Accepts appends of {@code generation} from now on, keeping what is spooled. */
    synchronized void accept(long generation) {
        acceptedGeneration = generation;
    }

    @Override
    public synchronized void close() {
        closeActiveQuietly();
        closed = true;
    }

    private void deleteAllFiles() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(Spool::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not list the spool directory {} to delete it: {}", dir, e.getMessage());
        }
        deleteQuietly(dir);
    }

    private Path segmentPath(long id) {
        return dir.resolve(String.format("%016d%s", id, SUFFIX));
    }

    private void closeActiveQuietly() {
        try {
            closeActive();
        } catch (IOException e) {
            LOG.warn("could not close spool segment {}: {}", segmentPath(activeId), e.getMessage());
        }
    }

    private void closeActive() throws IOException {
        if (active != null) {
            DataOutputStream a = active;
            active = null;
            activeId = -1;
            a.close();
        }
    }

    static List<SpoolRecord> readSegment(Path p) {
        List<SpoolRecord> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(p); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    break;
                }
                try {
                    int len = in.readInt();
                    if (len < 0 || len > 64 << 20 || (kind != SpoolRecord.DETECTION && kind != SpoolRecord.THREAT_SOURCE)) {
                        LOG.warn("spool segment {} is corrupt after {} records; keeping those and ignoring the rest", p, out.size());
                        break;
                    }
                    byte[] payload = in.readNBytes(len);
                    int crc = in.readInt();
                    CRC32 c = new CRC32();
                    c.update(payload);
                    if (payload.length != len || (int) c.getValue() != crc) {
                        LOG.warn("spool segment {} has a torn or corrupt record after {} records; ignoring the rest", p, out.size());
                        break;
                    }
                    out.add(new SpoolRecord((byte) kind, payload));
                } catch (EOFException e) {
                    LOG.warn("spool segment {} ends inside a record after {} records (torn write); ignoring the rest", p, out.size());
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read spool segment " + p + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {} (delete it by hand)", p, e.getMessage());
        }
    }
}
