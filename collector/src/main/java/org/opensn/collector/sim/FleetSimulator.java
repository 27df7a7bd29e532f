package org.opensn.collector.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.SourceType;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatType;

/**
 * A fleet of simulated endpoints with a realistic threat mix. Deterministic for a given seed (except event ids
 * and times, which come from the random source and the clock).
 *
 * <pre>{@code
 * FleetSimulator fleet = FleetSimulator.builder().devices(1_000).seed(42).build();
 * fleet.run(EventSink.of(collector), 2_000, Duration.ofMinutes(1), progress -> System.err.println(progress));
 * }</pre>
 *
 * <p>Not thread-safe: one thread drives one simulator.
 */
public final class FleetSimulator {

    /** A snapshot of a run, given to the progress listener about once a second and returned at the end. */
    public record Progress(long events, long detections, long threatSources, Duration elapsed, Duration planned) {
        /** Events per second so far. */
        public double rate() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : events / s;
        }
    }

    /** Called about once a second during {@link #run}. */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(Progress progress);
    }

    private static final String[] FIRST_NAMES = {"anna", "bernd", "carla", "deniz", "emma", "felix", "greta", "hiro",
        "ines", "jonas", "kim", "lena", "mia", "noah", "olga", "paul", "quinn", "rosa", "sven", "tara", "umut", "vera",
        "wei", "xenia", "yusuf", "zoe", "j.smith", "m.mueller", "admin", "Administrator"};
    private static final String[] FAMILIES = {"Agent", "Emotet", "Qakbot", "LockBit", "AgentTesla", "Formbook", "RedLine",
        "Mirai", "XMRig", "Lazy", "Generic", "Kryptik", "Zbot", "Dridex", "Ursnif", "CoinMiner", "Tofsee", "Remcos"};
    private static final String[] FILE_NAMES = {"invoice_%d.pdf.exe", "setup.exe", "crack_%d.zip", "update.js", "Rechnung_%d.docm",
        "photo_%d.scr", "installer.msi", "keygen.exe", "report_%d.xlsm", "payload.bin", "libupdate.so", "run.sh", "Player.dmg"};
    private static final String[] MAL_TLDS = {"com", "net", "xyz", "top", "ru", "info", "biz", "online", "site", "cn"};

    private record Device(String id, OsFamily os, String osVersion, String user, String host, String localIp) {
    }

    private record Threat(String name, ThreatType type, OsFamily platform, String[] hashes, Zipf hashZipf) {
    }

    /** The pacing's shortest sleep (see {@link Pacer}). */
    private static final Duration MIN_SLEEP = Duration.ofNanos(100_000);

    private final SplittableRandom random;
    private final Clock clock;
    private final Device[] devices;
    private final Threat[] threats;
    private final Zipf threatZipf;
    private final String[] domains;
    private final Zipf domainZipf;
    private final String[] attackers;
    private final Zipf attackerZipf;
    private final double threatSourceShare;
    private final double urlShare;
    private final String productVersion;

    private FleetSimulator(Builder b) {
        this.random = new SplittableRandom(b.seed);
        this.clock = b.clock;
        this.threatSourceShare = b.threatSourceShare;
        this.urlShare = b.urlShare;
        this.productVersion = b.productVersion;
        SplittableRandom setup = new SplittableRandom(b.seed ^ 0x5DEECE66DL);
        this.devices = new Device[b.devices];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = device(setup, i);
        }
        this.threats = new Threat[b.threats];
        for (int i = 0; i < threats.length; i++) {
            threats[i] = threat(setup, i, b.exponent, b.seed);
        }
        this.threatZipf = new Zipf(threats.length, b.exponent);
        this.domains = new String[Math.max(10, b.threats / 2)];
        for (int i = 0; i < domains.length; i++) {
            domains[i] = randomWord(setup, 5, 12) + (setup.nextInt(4) == 0 ? "-" + randomWord(setup, 3, 6) : "")
                    + "." + MAL_TLDS[setup.nextInt(MAL_TLDS.length)];
        }
        this.domainZipf = new Zipf(domains.length, b.exponent);
        this.attackers = new String[Math.max(10, b.threats / 4)];
        for (int i = 0; i < attackers.length; i++) {
            attackers[i] = (1 + setup.nextInt(223)) + "." + setup.nextInt(256) + "." + setup.nextInt(256) + "." + (1 + setup.nextInt(254));
        }
        this.attackerZipf = new Zipf(attackers.length, b.exponent);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of simulated devices. */
    public int devices() {
        return devices.length;
    }

    /** Emits one event: a threat source with probability {@code threatSourceShare}, else a detection. */
    public void emit(EventSink sink) {
        if (random.nextDouble() < threatSourceShare) {
            sink.threatSource(nextThreatSource());
        } else {
            sink.detection(nextDetection());
        }
    }

    /** One detection on a random device of the fleet. */
    public DetectionEvent nextDetection() {
        Device d = devices[random.nextInt(devices.length)];
        Threat t = threatFor(d);
        String hash = t.hashes()[t.hashZipf().sample(random)];
        String file = String.format(FILE_NAMES[random.nextInt(FILE_NAMES.length)], 1000 + random.nextInt(9000));
        return DetectionEvent.newBuilder()
                .setEventId(randomUuid())
                .setEventTime(clock.instant())
                .setProductVersion(productVersion)
                .setOsFamily(d.os())
                .setOsVersion(d.osVersion())
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId(d.id())
                .setHostName(d.host())
                .setUserName(d.user())
                .setLocalIp(random.nextInt(5) == 0 ? null : d.localIp())
                .setThreatName(t.name())
                .setThreatType(t.type())
                .setDetectionTechnology(pick(DetectionTechnology.values(), new int[] {55, 15, 12, 10, 4, 3, 1}))
                .setActionTaken(pick(ActionTaken.values(), new int[] {10, 25, 5, 40, 15, 3, 2}))
                .setObjectSha256(hash)
                .setObjectSize(objectSize())
                .setObjectPath(random.nextInt(20) == 0 ? null : path(d, file))
                .build();
    }

    /** One threat source on a random device: with a URL (share {@code urlShare}), else a remote address or a file. */
    public ThreatSourceEvent nextThreatSource() {
        Device d = devices[random.nextInt(devices.length)];
        Threat t = threatFor(d);
        ThreatSourceEvent.Builder b = ThreatSourceEvent.newBuilder()
                .setEventId(randomUuid())
                .setEventTime(clock.instant())
                .setProductVersion(productVersion)
                .setOsFamily(d.os())
                .setOsVersion(d.osVersion())
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId(d.id())
                .setHostName(d.host())
                .setUserName(d.user())
                .setLocalIp(d.localIp())
                .setThreatName(t.name())
                .setThreatType(t.type());
        if (random.nextDouble() < urlShare) {
            SourceType type = pick(new SourceType[] {SourceType.WEB, SourceType.EMAIL, SourceType.DOWNLOAD}, new int[] {60, 25, 15});
            b.setSourceType(type).setUrl(url(d)).setRemotePort(random.nextInt(4) == 0 ? 80 : 443);
            if (random.nextInt(3) == 0) {
                b.setRelatedFileSha256(t.hashes()[t.hashZipf().sample(random)]);
            }
        } else if (random.nextInt(4) != 0) {
            b.setSourceType(SourceType.NETWORK_ATTACK)
                    .setRemoteAddress(attackers[attackerZipf.sample(random)])
                    .setRemotePort(pick(new Integer[] {445, 3389, 22, 23, 1433, 5900}, new int[] {30, 30, 20, 10, 5, 5}));
        } else {
            b.setSourceType(SourceType.REMOVABLE_MEDIA).setRelatedFileSha256(t.hashes()[t.hashZipf().sample(random)]);
        }
        return b.build();
    }

    /**
     * Emits events at {@code ratePerSecond} for {@code duration} (paced by the system's monotonic time), calling
     * {@code listener} about once a second.
     *
     * @return the final progress
     */
    public Progress run(EventSink sink, double ratePerSecond, Duration duration, ProgressListener listener) throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        long start = System.nanoTime();
        long[] nextReport = {start + TimeUnit.SECONDS.toNanos(1)};
        long[] counts = new long[2]; // detections, threat sources
        new Pacer(ratePerSecond, MIN_SLEEP).run(start, start + duration.toNanos(), () -> {
            if (random.nextDouble() < threatSourceShare) {
                sink.threatSource(nextThreatSource());
                counts[1]++;
            } else {
                sink.detection(nextDetection());
                counts[0]++;
            }
        }, () -> {
            if (listener != null && System.nanoTime() >= nextReport[0]) {
                listener.onProgress(new Progress(counts[0] + counts[1], counts[0], counts[1], Duration.ofNanos(System.nanoTime() - start), duration));
                nextReport[0] += TimeUnit.SECONDS.toNanos(1);
            }
        });
        long detections = counts[0];
        long sources = counts[1];
        long events = detections + sources;
        Progress last = new Progress(events, detections, sources, Duration.ofNanos(System.nanoTime() - start), duration);
        if (listener != null) {
            listener.onProgress(last);
        }
        return last;
    }

    /** A Zipf-popular threat, mostly one made for the device's platform (cross-platform scripts fit all). */
    private Threat threatFor(Device d) {
        Threat t = threats[threatZipf.sample(random)];
        for (int i = 0; i < 4 && t.platform() != d.os() && t.platform() != OsFamily.OTHER; i++) {
            t = threats[threatZipf.sample(random)];
        }
        return t;
    }

    // ---- content -----------------------------------------------------------------------------------------------

    private static Device device(SplittableRandom r, int i) {
        String id = new UUID(r.nextLong() & 0xffffffffffff0fffL | 0x4000L, r.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
        String user = FIRST_NAMES[r.nextInt(FIRST_NAMES.length)] + (r.nextInt(3) == 0 ? String.valueOf(r.nextInt(100)) : "");
        int osPick = r.nextInt(100);
        String ip = r.nextBoolean() ? "192.168." + r.nextInt(256) + "." + (2 + r.nextInt(250)) : "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (2 + r.nextInt(250));
        if (osPick < 70) {
            String[] versions = {"10.0.19045.4291", "10.0.22631.3447", "10.0.22621.3296", "10.0.17763.5696", "6.1.7601"};
            return new Device(id, OsFamily.WINDOWS, versions[r.nextInt(versions.length)], user,
                    "DESKTOP-" + randomWord(r, 7, 7).toUpperCase(java.util.Locale.ROOT), ip);
        }
        if (osPick < 85) {
            String[] versions = {"14.4.1", "13.6.6", "12.7.4", "15.0"};
            return new Device(id, OsFamily.MACOS, versions[r.nextInt(versions.length)], user, user.replace('.', '-') + "s-MacBook-Pro", ip);
        }
        String[] versions = {"6.8.0-31-generic", "5.15.0-105-generic", "6.1.0-20-amd64", "5.14.0-362.el9.x86_64"};
        return new Device(id, OsFamily.LINUX, versions[r.nextInt(versions.length)], user,
                (r.nextInt(3) == 0 ? "srv-" : user.replace('.', '-') + "-") + randomWord(r, 4, 8) + "-" + i, ip);
    }

    private static Threat threat(SplittableRandom r, int i, double exponent, long seed) {
        ThreatType type = pick(r, ThreatType.values(), new int[] {4, 5, 35, 6, 8, 4, 6, 12, 8, 8, 3, 1});
        OsFamily platform = pick(r, new OsFamily[] {OsFamily.WINDOWS, OsFamily.LINUX, OsFamily.MACOS, OsFamily.OTHER}, new int[] {75, 12, 8, 5});
        String prefix = switch (type) {
            case RANSOMWARE -> "Ransom";
            case PUP -> "PUA";
            case MINER -> "CoinMiner";
            case PHISHING -> "Phish";
            default -> type.name().charAt(0) + type.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        };
        String plat = switch (platform) {
            case WINDOWS -> "Win32";
            case LINUX -> "Linux";
            case MACOS -> "MacOS";
            default -> "Script";
        };
        String name = prefix + "." + plat + "." + FAMILIES[r.nextInt(FAMILIES.length)] + "." + randomWord(r, 2, 4) + i;
        int nHashes = 1 + (int) Math.min(49, Math.floor(-Math.log(1 - r.nextDouble()) * 6));
        String[] hashes = new String[nHashes];
        for (int h = 0; h < nHashes; h++) {
            hashes[h] = sha256(seed + "/" + i + "/" + h);
        }
        return new Threat(name, type, platform, hashes, new Zipf(nHashes, exponent));
    }

    private String url(Device d) {
        String domain = domains[domainZipf.sample(random)];
        String scheme = random.nextInt(5) == 0 ? "http" : "https";
        StringBuilder sb = new StringBuilder(scheme).append("://");
        int variant = random.nextInt(10);
        if (variant == 0) {
            sb.append(d.user()).append(":secret").append(random.nextInt(1000)).append('@');
        }
        sb.append(random.nextInt(3) == 0 ? "www." : "").append(random.nextInt(10) == 0 ? domain.toUpperCase(java.util.Locale.ROOT) : domain);
        sb.append('/').append(randomWord(random, 3, 8)).append('/').append(randomWord(random, 4, 10))
                .append(random.nextBoolean() ? ".php" : random.nextBoolean() ? ".exe" : "");
        if (variant == 1 || variant == 2) {
            sb.append("?email=").append(d.user()).append("%40example.org&id=").append(random.nextInt(100_000));
        } else if (variant == 3) {
            sb.append("?token=").append(HexFormat.of().toHexDigits(random.nextLong()));
        } else if (variant == 4) {
            sb.append("?user=").append(d.user()).append("&ref=").append(randomWord(random, 4, 6));
        }
        return sb.toString();
    }

    private String path(Device d, String file) {
        String dir = switch (d.os()) {
            case WINDOWS -> pick(new String[] {"C:\\Users\\" + d.user() + "\\Downloads\\", "C:\\Users\\" + d.user() + "\\AppData\\Local\\Temp\\",
                "C:\\Users\\" + d.user() + "\\Desktop\\", "C:\\Windows\\Temp\\", "D:\\Projekte\\" + d.user() + "\\"}, new int[] {45, 25, 15, 10, 5});
            case MACOS -> pick(new String[] {"/Users/" + d.user() + "/Downloads/", "/Users/" + d.user() + "/Library/Caches/", "/private/tmp/"},
                    new int[] {65, 20, 15});
            case LINUX -> pick(new String[] {"/home/" + d.user() + "/Downloads/", "/home/" + d.user() + "/.cache/", "/tmp/", "/var/www/html/"},
                    new int[] {40, 20, 25, 15});
            default -> "/tmp/";
        };
        return dir + file;
    }

    private long objectSize() {
        double lg = 10 + random.nextGaussian() * 2.2; // median ~22 KB, long tail
        return Math.max(64, Math.min(512L << 20, (long) Math.exp(lg)));
    }

    private String randomUuid() {
        return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L, random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
    }

    private <T> T pick(T[] values, int[] weights) {
        return pick(random, values, weights);
    }

    private static <T> T pick(SplittableRandom r, T[] values, int[] weights) {
        int total = 0;
        for (int i = 0; i < values.length; i++) {
            total += weights[i];
        }
        int x = r.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static String randomWord(SplittableRandom r, int min, int max) {
        int len = min + r.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Builds a {@link FleetSimulator}. */
    public static final class Builder {
        private int devices = 100;
        private long seed = 1;
        private Clock clock = Clock.systemUTC();
        private int threats = 1_000;
        private double exponent = 1.1;
        private double threatSourceShare = 0.3;
        private double urlShare = 0.7;
        private String productVersion = "12.1.0.553";

        private Builder() {
        }

        /** Number of simulated endpoints (default 100). */
        public Builder devices(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("devices must be at least 1, got " + n);
            }
            this.devices = n;
            return this;
        }

        /** Seed of the fleet, the catalog and the event mix (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Clock for event times (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Number of distinct threats in the catalog (default 1,000); hashes, domains and attackers scale with it. */
        public Builder threats(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threats must be at least 1, got " + n);
            }
            this.threats = n;
            return this;
        }

        /** Zipf exponent of threat, hash, domain and attacker popularity (default 1.1). */
        public Builder zipfExponent(double s) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Zipf exponent must be positive, got " + s);
            }
            this.exponent = s;
            return this;
        }

        /** Share of events that are threat sources (default 0.3); the rest are detections. */
        public Builder threatSourceShare(double share) {
            this.threatSourceShare = share(share, "threatSourceShare");
            return this;
        }

        /** Share of threat sources that carry a URL (default 0.7). */
        public Builder urlShare(double share) {
            this.urlShare = share(share, "urlShare");
            return this;
        }

        public Builder productVersion(String version) {
            this.productVersion = Objects.requireNonNull(version, "productVersion");
            return this;
        }

        public FleetSimulator build() {
            return new FleetSimulator(this);
        }

        private static double share(double v, String name) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, got " + v);
            }
            return v;
        }
    }
}
