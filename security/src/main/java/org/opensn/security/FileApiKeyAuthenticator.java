package org.opensn.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keys from a file, re-read when its modification time or size changes. */
final class FileApiKeyAuthenticator implements ApiKeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(FileApiKeyAuthenticator.class);

    private final Path file;
    private final Clock clock;
    private final Duration recheck;
    private volatile State state;

    private record State(FixedApiKeyAuthenticator keys, FileTime modified, long size, Instant checkedAt) {
    }

    FileApiKeyAuthenticator(Path file, Clock clock, Duration recheck) {
        this.file = file;
        this.clock = clock;
        this.recheck = recheck;
        java.util.List<ApiKeyEntry> entries = ApiKeyFile.read(file);
        this.state = new State(new FixedApiKeyAuthenticator(entries), modified(file), size(file), clock.instant());
        LOG.info("API keys: {} keys from {}", entries.size(), file);
    }

    @Override
    public AuthResult authenticate(String authorizationHeader, String apiKeyHeader, Permission required) {
        return current().authenticate(authorizationHeader, apiKeyHeader, required);
    }

    private FixedApiKeyAuthenticator current() {
        State s = state;
        Instant now = clock.instant();
        if (now.isBefore(s.checkedAt().plus(recheck))) {
            return s.keys();
        }
        synchronized (this) {
            s = state;
            if (now.isBefore(s.checkedAt().plus(recheck))) {
                return s.keys();
            }
            try {
                FileTime modified = modified(file);
                long size = size(file);
                if (modified.equals(s.modified()) && size == s.size()) {
                    state = new State(s.keys(), s.modified(), s.size(), now);
                } else {
                    FixedApiKeyAuthenticator keys = new FixedApiKeyAuthenticator(ApiKeyFile.read(file));
                    state = new State(keys, modified, size, now);
                    LOG.info("API keys re-read from {}", file);
                }
            } catch (RuntimeException e) {
                LOG.warn("API key file {} could not be re-read, keeping the keys read before: {}", file, e.getMessage());
                state = new State(s.keys(), s.modified(), s.size(), now);
            }
            return state.keys();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("API key file " + file + " cannot be read: " + e, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("API key file " + file + " cannot be read: " + e, e);
        }
    }
}
