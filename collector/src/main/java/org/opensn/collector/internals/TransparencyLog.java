package org.opensn.collector.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.opensn.collector.SentEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded local log of what was sent: one JSON line per acknowledged record in {@value #FILE_NAME}
 * (time, topic, key, event id, every field sent). When the file passes half the bound it becomes
 * {@value #FILE_NAME}.1 (replacing the older one), so both together stay within {@code sent.log.max.bytes}.
 */
public final class TransparencyLog implements AutoCloseable {

    static final String FILE_NAME = "sent.log";
    private static final Logger LOG = LoggerFactory.getLogger(TransparencyLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] TIME = ascii("{\"time\":");
    private static final byte[] TOPIC = ascii(",\"topic\":");
    private static final byte[] KEY = ascii(",\"key\":");
    private static final byte[] FIELDS = ascii(",\"fields\":{");
    private static final byte[] END = ascii("}}\n");

    private final Path file;
    private final Path previous;
    private final long maxBytes;
    private final Clock clock;
    private final JsonLine line = new JsonLine();
    /** Each record schema's field names, encoded: {@code "name":}, with a comma before all but the first. */
    private final Map<Schema, byte[][]> encodedNames = new IdentityHashMap<>();
    private OutputStream writer;
    private long size;
    private boolean failed;

    TransparencyLog(Path stateDir, long maxBytes, Clock clock) {
        this.file = stateDir.resolve(FILE_NAME);
        this.previous = stateDir.resolve(FILE_NAME + ".1");
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Appends one entry for {@code record}, acknowledged now. Never throws: the log must not stop sending. */
    synchronized void append(String topic, String key, SpecificRecord record) {
        if (failed) {
            return;
        }
        try {
            // written straight into one reused buffer: this runs in the producer's I/O thread, once per record
            line.reset().raw(TIME).instant(clock.instant()).raw(TOPIC).string(topic).raw(KEY).string(key).raw(FIELDS);
            byte[][] names = fieldNames(record.getSchema());
            for (int i = 0; i < names.length; i++) {
                line.raw(names[i]);
                Object v = record.get(i);
                if (v instanceof Instant t) {
                    line.instant(t);
                } else {
                    line.string(v == null ? null : v.toString());
                }
            }
            line.raw(END);
            if (writer == null) {
                open();
            }
            if (size + line.size() > maxBytes / 2 && size > 0) {
                rotate();
            }
            line.writeTo(writer);
            size += line.size();
        } catch (IOException | UncheckedIOException e) {
            failed = true;
            LOG.warn("transparency log {} cannot be written ({}); no further entries this run: check the state dir", file, e.getMessage());
        }
    }

    synchronized void flush() {
        if (writer != null) {
            try {
                writer.flush();
            } catch (IOException e) {
                LOG.warn("could not flush transparency log {}: {}", file, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.warn("could not close transparency log {}: {}", file, e.getMessage());
            }
            writer = null;
        }
    }

    private byte[][] fieldNames(Schema schema) {
        return encodedNames.computeIfAbsent(schema, sc -> {
            List<Schema.Field> fields = sc.getFields();
            byte[][] out = new byte[fields.size()][];
            JsonLine name = new JsonLine();
            for (Schema.Field f : fields) {
                name.reset();
                if (f.pos() > 0) {
                    name.raw((byte) ',');
                }
                out[f.pos()] = name.string(f.name()).raw((byte) ':').toByteArray();
            }
            return out;
        });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        size = Files.exists(file) ? Files.size(file) : 0;
        writer = newWriter();
    }

    private OutputStream newWriter() throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16);
    }

    private void rotate() throws IOException {
        writer.close();
        Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
        size = 0;
        writer = newWriter();
    }

    /** Entries at or after {@code since} from both files, oldest first; unreadable lines are skipped. */
    public static List<SentEntry> readSince(Path stateDir, Instant since) {
        List<SentEntry> out = new ArrayList<>();
        for (Path p : List.of(stateDir.resolve(FILE_NAME + ".1"), stateDir.resolve(FILE_NAME))) {
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    SentEntry e = parse(line);
                    if (e != null && !e.time().isBefore(since)) {
                        out.add(e);
                    }
                }
            } catch (NoSuchFileException e) {
                // nothing sent yet
            } catch (IOException e) {
                throw new UncheckedIOException("could not read transparency log " + p + ": " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.comparing(SentEntry::time));
        return out;
    }

    private static SentEntry parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            Map<String, String> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.path("fields").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
            }
            return new SentEntry(Instant.parse(n.path("time").asText()), n.path("topic").asText(), n.path("key").asText(),
                    fields.get("eventId"), fields);
        } catch (IOException | RuntimeException e) {
            return null; // a torn last line after a crash
        }
    }
}
