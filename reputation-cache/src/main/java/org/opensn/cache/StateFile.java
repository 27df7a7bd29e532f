package org.opensn.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/**
 * The table persisted in the state dir as one file, {@code verdicts.snapshot}, written whole and
 * atomically (temp file, fsync, rename). Gzip of: magic, format, topic, written-at, partition
 * count, positions, horizon, entries, end mark, entry count; then a CRC32 of all of it. A file
 * that fails any check is ignored (the subscriber re-reads the topic), never half-loaded.
 */
final class StateFile {

    static final String FILE_NAME = "verdicts.snapshot";
    private static final int MAGIC = 0x4f534e56; // "OSNV"
    private static final int FORMAT = 1;

    /** What a snapshot holds besides its entries. */
    record Header(String topic, Instant writtenAt, long[] positions, long[] horizon) {
    }

    private final Path file;

    StateFile(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** Writes the table as seen by {@code reader}, including kept withdrawals. */
    void write(VerdictTable table, VerdictTable.Reader reader, Instant now) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        CRC32 crc = new CRC32();
        try (OutputStream fileOut = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             GZIPOutputStream gz = new GZIPOutputStream(new BufferedOutputStream(fileOut, 1 << 16), 1 << 16)) {
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(gz, crc));
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(table.topic());
            out.writeLong(now.toEpochMilli());
            out.writeInt(table.partitions());
            for (long p : reader.positions) {
                out.writeLong(p);
            }
            for (long h : reader.horizon) {
                out.writeLong(h);
            }
            long count = 0;
            Iterator<TableEntry> it = reader.entries(new long[table.partitions()], true);
            while (it.hasNext()) {
                writeEntry(out, it.next());
                count++;
            }
            out.writeByte(0);
            out.writeLong(count);
            out.flush();
            new DataOutputStream(gz).writeLong(crc.getValue());
            gz.finish();
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeEntry(DataOutputStream out, TableEntry e) throws IOException {
        out.writeByte(1);
        out.writeUTF(e.ref);
        out.writeInt(e.partition);
        out.writeLong(e.offset);
        out.writeLong(e.appliedAtMillis);
        CachedVerdict v = e.value;
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeUTF(v.verdict().name());
            out.writeDouble(v.confidence());
            out.writeLong(v.version());
            out.writeLong(v.updatedAt().toEpochMilli());
            out.writeUTF(v.source().name());
            out.writeBoolean(v.threatName() != null);
            if (v.threatName() != null) {
                out.writeUTF(v.threatName());
            }
        }
    }

    /** Receives what {@link #read} finds. */
    interface Loader {
        /** Called first; return the table to fill, or {@code null} to stop reading (the snapshot does not fit). */
        VerdictTable begin(Header header);
    }

    /**
     * Reads the snapshot into the table {@code loader} makes.
     *
     * @return the filled table, or {@code null} if there is no snapshot or the loader declined it
     * @throws IOException if the file is unreadable or corrupt (the message says how)
     */
    VerdictTable read(Loader loader) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        CRC32 crc = new CRC32();
        try (GZIPInputStream gz = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(gz, crc));
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a verdict snapshot (bad magic number)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + " has snapshot format " + format + ", this version reads " + FORMAT);
            }
            String topic = in.readUTF();
            Instant writtenAt = Instant.ofEpochMilli(in.readLong());
            int partitions = in.readInt();
            if (partitions <= 0 || partitions > 100_000) {
                throw new IOException(file + " claims " + partitions + " partitions");
            }
            long[] positions = new long[partitions];
            for (int i = 0; i < partitions; i++) {
                positions[i] = in.readLong();
            }
            long[] horizon = new long[partitions];
            for (int i = 0; i < partitions; i++) {
                horizon[i] = in.readLong();
            }
            VerdictTable table = loader.begin(new Header(topic, writtenAt, positions, horizon));
            if (table == null) {
                return null;
            }
            table.restoreHorizon(horizon);
            long count = 0;
            while (in.readByte() == 1) {
                TableEntry e = readEntry(in);
                if (e.partition < 0 || e.partition >= partitions || e.offset >= positions[e.partition]) {
                    throw new IOException(file + " holds an entry at partition " + e.partition + " offset " + e.offset
                            + " beyond the positions it records");
                }
                table.restore(e);
                count++;
            }
            long expected = in.readLong();
            long computed = crc.getValue();
            long stored = new DataInputStream(gz).readLong();
            if (expected != count || stored != computed) {
                throw new IOException(file + " is corrupt (entry count or CRC32 does not match)");
            }
            for (int i = 0; i < partitions; i++) {
                table.seed(i, positions[i]);
            }
            table.restoreDone();
            return table;
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    private static TableEntry readEntry(DataInputStream in) throws IOException {
        String ref = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        long appliedAt = in.readLong();
        CachedVerdict value = null;
        if (in.readBoolean()) {
            try {
                Verdict verdict = Verdict.valueOf(in.readUTF());
                double confidence = in.readDouble();
                long version = in.readLong();
                Instant updatedAt = Instant.ofEpochMilli(in.readLong());
                VerdictSource source = VerdictSource.valueOf(in.readUTF());
                String threat = in.readBoolean() ? in.readUTF() : null;
                value = new CachedVerdict(ref, verdict, confidence, version, updatedAt, source, threat);
            } catch (IllegalArgumentException e) {
                throw new IOException("snapshot entry for " + ref + " is unreadable: " + e.getMessage(), e);
            }
        }
        return new TableEntry(ref, value, partition, offset, appliedAt);
    }
}
