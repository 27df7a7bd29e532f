package org.opensn.collector.internals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device install id: a random UUID made at first start and kept in {@value #FILE_NAME}; never derived from hardware. */
final class DeviceIdStore {

    static final String FILE_NAME = "device-install-id";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceIdStore.class);

    private DeviceIdStore() {
    }

    static String loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            UUID.fromString(s);
            return s;
        } catch (NoSuchFileException e) {
            // first start
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("device install id file {} is unreadable or corrupt ({}); making a new random id", file, e.getClass().getSimpleName());
        }
        String id = UUID.randomUUID().toString();
        AtomicFiles.write(file, id + "\n");
        return id;
    }
}
