package org.opensn.anonymizer;

import java.util.Objects;

/**
 * The versioned rules an {@link Anonymizer} applies. Immutable and thread-safe.
 *
 * <p>{@link #strict()} is the default and the only policy the pipeline uses today. The tunable
 * limits exist so that a future, reviewed policy can change them together with its
 * {@link #version()}, which every anonymized record carries ({@code policyVersion}): a consumer can
 * always tell which rules produced a record. Never relax a limit without raising the version.
 *
 * <pre>{@code
 * AnonymizationPolicy custom = AnonymizationPolicy.builder().version(2).tokenMinLength(16).build();
 * }</pre>
 */
public final class AnonymizationPolicy {

    /** Version of {@link #strict()}. */
    public static final int STRICT_VERSION = 1;

    private static final AnonymizationPolicy STRICT = builder().build();

    private final int version;
    private final int tokenMinLength;
    private final int textDigitRunMinLength;
    private final int urlDigitRunMinLength;
    private final int maxPathLength;
    private final int maxUrlLength;
    private final int maxThreatNameLength;

    private AnonymizationPolicy(Builder b) {
        this.version = b.version;
        this.tokenMinLength = b.tokenMinLength;
        this.textDigitRunMinLength = b.textDigitRunMinLength;
        this.urlDigitRunMinLength = b.urlDigitRunMinLength;
        this.maxPathLength = b.maxPathLength;
        this.maxUrlLength = b.maxUrlLength;
        this.maxThreatNameLength = b.maxThreatNameLength;
    }

    /**
     * The default policy (version {@value #STRICT_VERSION}): tokens from 20 characters, digit runs
     * from 10 digits in paths and threat names and from 6 digits in URL paths, paths up to 4096,
     * URLs up to 2048 and threat names up to 256 characters.
     */
    public static AnonymizationPolicy strict() {
        return STRICT;
    }

    /** A builder starting from the {@link #strict()} settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The version written into every anonymized record as {@code policyVersion}. */
    public int version() {
        return version;
    }

    /**
     * Minimum length of a run of {@code [A-Za-z0-9_-]} that counts as a random token (replaced by
     * {@code <id>}) when it also holds at least 3 digits, 3 letters and a {@code -}/{@code _}-free
     * piece of 8 or more characters mixing digits and letters.
     */
    public int tokenMinLength() {
        return tokenMinLength;
    }

    /** Minimum length of a digit run replaced by {@code <id>} in paths and threat names. */
    public int textDigitRunMinLength() {
        return textDigitRunMinLength;
    }

    /** Minimum length of a digit run replaced by {@code <id>} in URL hosts and paths. */
    public int urlDigitRunMinLength() {
        return urlDigitRunMinLength;
    }

    /** Longer anonymized paths are dropped (null). */
    public int maxPathLength() {
        return maxPathLength;
    }

    /** Longer canonical URLs lose their path (only scheme, host and port remain). */
    public int maxUrlLength() {
        return maxUrlLength;
    }

    /** Longer anonymized threat names are cut at a word boundary. */
    public int maxThreatNameLength() {
        return maxThreatNameLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnonymizationPolicy p
                && version == p.version
                && tokenMinLength == p.tokenMinLength
                && textDigitRunMinLength == p.textDigitRunMinLength
                && urlDigitRunMinLength == p.urlDigitRunMinLength
                && maxPathLength == p.maxPathLength
                && maxUrlLength == p.maxUrlLength
                && maxThreatNameLength == p.maxThreatNameLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, tokenMinLength, textDigitRunMinLength, urlDigitRunMinLength,
                maxPathLength, maxUrlLength, maxThreatNameLength);
    }

    @Override
    public String toString() {
        return "AnonymizationPolicy{version=" + version + ", tokenMinLength=" + tokenMinLength
                + ", textDigitRunMinLength=" + textDigitRunMinLength + ", urlDigitRunMinLength=" + urlDigitRunMinLength
                + ", maxPathLength=" + maxPathLength + ", maxUrlLength=" + maxUrlLength
                + ", maxThreatNameLength=" + maxThreatNameLength + '}';
    }

    /** Builds an {@link AnonymizationPolicy}; every setter validates at once. Not thread-safe. */
    public static final class Builder {
        private int version = STRICT_VERSION;
        private int tokenMinLength = 20;
        private int textDigitRunMinLength = 10;
        private int urlDigitRunMinLength = 6;
        private int maxPathLength = 4096;
        private int maxUrlLength = 2048;
        private int maxThreatNameLength = 256;

        private Builder() {
        }

        /** The version recorded in every output record; must be at least 1. */
        public Builder version(int version) {
            this.version = atLeast("version", version, 1);
            return this;
        }

        /** See {@link AnonymizationPolicy#tokenMinLength()}; 8 to 64. */
        public Builder tokenMinLength(int length) {
            this.tokenMinLength = between("tokenMinLength", length, 8, 64);
            return this;
        }

        /** See {@link AnonymizationPolicy#textDigitRunMinLength()}; 4 to 32. */
        public Builder textDigitRunMinLength(int length) {
            this.textDigitRunMinLength = between("textDigitRunMinLength", length, 4, 32);
            return this;
        }

        /** See {@link AnonymizationPolicy#urlDigitRunMinLength()}; 4 to 32. */
        public Builder urlDigitRunMinLength(int length) {
            this.urlDigitRunMinLength = between("urlDigitRunMinLength", length, 4, 32);
            return this;
        }

        /** See {@link AnonymizationPolicy#maxPathLength()}; 256 to 65536. */
        public Builder maxPathLength(int length) {
            this.maxPathLength = between("maxPathLength", length, 256, 65_536);
            return this;
        }

        /** See {@link AnonymizationPolicy#maxUrlLength()}; 256 to 65536. */
        public Builder maxUrlLength(int length) {
            this.maxUrlLength = between("maxUrlLength", length, 256, 65_536);
            return this;
        }

        /** See {@link AnonymizationPolicy#maxThreatNameLength()}; 32 to 4096. */
        public Builder maxThreatNameLength(int length) {
            this.maxThreatNameLength = between("maxThreatNameLength", length, 32, 4096);
            return this;
        }

        public AnonymizationPolicy build() {
            return new AnonymizationPolicy(this);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
            }
            return value;
        }

        private static int between(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " but was " + value);
            }
            return value;
        }
    }
}
