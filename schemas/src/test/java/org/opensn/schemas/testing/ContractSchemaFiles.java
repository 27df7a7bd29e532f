package org.opensn.schemas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** Parses a directory of .avsc files laid out like src/main/avro (shared types under common/). */
public final class ContractSchemaFiles {

    /** The schemas that may hold identifying or pseudonymous fields. */
    public static final List<String> RAW = List.of("org.opensn.schemas.avro.DetectionEvent", "org.opensn.schemas.avro.ThreatSourceEvent");

    private ContractSchemaFiles() {
    }

    /** The source schemas of this build (the working directory of surefire/failsafe is the module). */
    public static Path sourceDir() {
        Path dir = Path.of("src", "main", "avro");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("run from the schemas module directory: " + dir.toAbsolutePath() + " not found");
        }
        return dir;
    }

    /** Top-level schemas of {@code dir} by full name (common/ types are parsed first and not returned). */
    public static Map<String, Schema> parse(Path dir) {
        Schema.Parser parser = new Schema.Parser();
        Path common = dir.resolve("common");
        if (Files.isDirectory(common)) {
            avscFiles(common).forEach(f -> parse(parser, f));
        }
        Map<String, Schema> result = new LinkedHashMap<>();
        avscFiles(dir).forEach(f -> {
            Schema s = parse(parser, f);
            result.put(s.getFullName(), s);
        });
        return result;
    }

    private static Schema parse(Schema.Parser parser, Path file) {
        try {
            return parser.parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> avscFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
