package org.opensn.collector.internals;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the state directory readable by its owner only (on POSIX file systems): the spool and the transparency log
 * hold raw events with user and host names. An existing directory is left as it is.
 */
final class PrivateDirs {

    private PrivateDirs() {
    }

    static void create(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(abs);
        }
    }
}
