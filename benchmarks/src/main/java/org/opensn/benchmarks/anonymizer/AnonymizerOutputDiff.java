package org.opensn.benchmarks.anonymizer;

import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.time.Instant;
import java.util.*;
import org.apache.avro.specific.SpecificRecordBase;
import org.opensn.schemas.avro.*;

/**
 * Anonymizes the same random events (plus the corpus, if given) with two builds of the anonymizer,
 * each in its own class loader over the same schema classes, and counts the events whose output
 * differs: the check that a performance change leaves every output as it was. Each event is
 * anonymized twice per build, so that the caches hit the second time. Not a JMH benchmark.
 *
 * <p>Run with two anonymizer jars or class directories, e.g. the installed jar of the commit to
 * compare against and {@code anonymizer/target/classes}:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.opensn.benchmarks.anonymizer.AnonymizerOutputDiff \
 *      base.jar anonymizer/target/classes 11 100000 anonymizer/src/test/resources/corpus.psv
 * </pre>
 * The classes of {@code org.opensn.anonymizer} are loaded from the given build first (the
 * benchmarks jar holds a copy of them too); exit status 1 if any output differs.
 */
public final class AnonymizerOutputDiff {

    /** Loads {@code org.opensn.anonymizer} classes from its own build before asking the parent. */
    private static final class BuildLoader extends URLClassLoader {
        BuildLoader(URL build, ClassLoader parent) {
            super(new URL[]{build}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.opensn.anonymizer.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    private AnonymizerOutputDiff() {
    }

    public static void main(String[] a) throws Exception {
        URL base = new File(a[0]).toURI().toURL(), neu = new File(a[1]).toURI().toURL();
        long seed = Long.parseLong(a[2]); int count = Integer.parseInt(a[3]);
        ClassLoader parent = AnonymizerOutputDiff.class.getClassLoader();
        Object[] an = new Object[2]; java.lang.reflect.Method[] md = new java.lang.reflect.Method[2], mt = new java.lang.reflect.Method[2];
        URL[][] urls = {{base}, {neu}};
        for (int k = 0; k < 2; k++) {
            ClassLoader cl = new BuildLoader(urls[k][0], parent);
            Class<?> pol = cl.loadClass("org.opensn.anonymizer.AnonymizationPolicy");
            Class<?> anc = cl.loadClass("org.opensn.anonymizer.Anonymizer");
            an[k] = anc.getMethod("create", pol).invoke(null, pol.getMethod("strict").invoke(null));
            md[k] = anc.getMethod("anonymize", DetectionEvent.class); mt[k] = anc.getMethod("anonymize", ThreatSourceEvent.class);
            if (!anc.getProtectionDomain().getCodeSource().getLocation().equals(urls[k][0])) {
                throw new IllegalStateException("Anonymizer not loaded from " + urls[k][0]);
            }
        }
        List<SpecificRecordBase> events = new ArrayList<>();
        corpus(events, a.length > 4 ? a[4] : null);
        int corpusEvents = events.size();
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) events.add(r.nextBoolean() ? detection(r) : threatSource(r));
        long diffs = 0, runs = 0;
        for (int pass = 0; pass < 2; pass++) { // the second pass: the caches hit
            for (SpecificRecordBase e : events) {
                String[] out = new String[2];
                for (int k = 0; k < 2; k++) {
                    try {
                        Object o = e instanceof DetectionEvent d ? md[k].invoke(an[k], d) : mt[k].invoke(an[k], (ThreatSourceEvent) e);
                        out[k] = String.valueOf(o);
                    } catch (java.lang.reflect.InvocationTargetException x) { out[k] = "THROWS " + x.getCause(); }
                }
                runs += 2;
                if (!out[0].equals(out[1])) { if (diffs++ < 10) System.out.println("DIFF\n in : " + e + "\n base: " + out[0] + "\n new : " + out[1]); }
            }
        }
        System.out.printf("events %d (corpus %d, random %d, seed %d), anonymizations %d, differences %d%n", events.size(), corpusEvents, count, seed, runs, diffs);
        if (diffs != 0) System.exit(1);
    }

    static void corpus(List<SpecificRecordBase> out, String file) throws IOException {
        if (file == null) return;
        for (String line : Files.readAllLines(Path.of(file))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split(" \\| ", -1);
            if (f.length < 5) continue;
            String kind = f[0].strip(), user = dash(f[1]), host = dash(f[2]), input = f[3];
            DetectionEvent d = det(user, host); ThreatSourceEvent t = ts(user, host);
            switch (kind) {
                case "path" -> d.setObjectPath(input);
                case "threat" -> { d.setThreatName(input); t.setThreatName(input); out.add(t); }
                case "os" -> d.setOsVersion(input);
                case "product" -> d.setProductVersion(input);
                case "sha" -> d.setObjectSha256(input);
                case "ip" -> t.setRemoteAddress(input);
                default -> t.setUrl(input);
            }
            out.add(d); out.add(t);
        }
    }
    static String dash(String s) { s = s.strip(); return s.equals("-") ? null : s; }

    static DetectionEvent det(String user, String host) {
        DetectionEvent e = new DetectionEvent();
        e.setEventId("0b7c6f4e-2a51-4c38-9d0e-5f1a2b3c4d5e"); e.setEventTime(Instant.parse("2026-11-27T10:15:30.123Z"));
        e.setProductVersion("12.1.0.553"); e.setOsFamily(OsFamily.WINDOWS); e.setOsVersion("10.0.19045.4291");
        e.setParticipationMode(ParticipationMode.EXTENDED); e.setDeviceInstallId("9f8e7d6c-5b4a-4392-8170-fedcba987654");
        e.setHostName(host); e.setUserName(user); e.setLocalIp("192.168.1.77"); e.setThreatName("Trojan.Win32.Agent.abc");
        e.setThreatType(ThreatType.TROJAN); e.setDetectionTechnology(DetectionTechnology.SIGNATURE); e.setActionTaken(ActionTaken.QUARANTINED);
        e.setObjectSha256("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"); e.setObjectSize(73_802L);
        e.setObjectPath("C:\\Users\\alice\\Downloads\\invoice.pdf.exe");
        return e;
    }
    static ThreatSourceEvent ts(String user, String host) {
        ThreatSourceEvent e = new ThreatSourceEvent();
        e.setEventId("0b7c6f4e-2a51-4c38-9d0e-5f1a2b3c4d5e"); e.setEventTime(Instant.parse("2026-11-27T10:15:30.123Z"));
        e.setProductVersion("12.1.0.553"); e.setOsFamily(OsFamily.WINDOWS); e.setOsVersion("10.0.19045.4291");
        e.setParticipationMode(ParticipationMode.EXTENDED); e.setDeviceInstallId("9f8e7d6c-5b4a-4392-8170-fedcba987654");
        e.setHostName(host); e.setUserName(user); e.setLocalIp("192.168.1.77"); e.setSourceType(SourceType.WEB);
        e.setUrl("https://evil.example.com/drop/payload.exe"); e.setRemoteAddress("93.184.216.34"); e.setRemotePort(443);
        e.setRelatedFileSha256("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f");
        e.setThreatName("Trojan.Win32.Agent.abc"); e.setThreatType(ThreatType.TROJAN);
        return e;
    }

    // ------------------------------------------------------------ random content
    static final String[] PROFILES = {"Users", "users", "USERS", "home", "Home", "Documents and Settings", "var/mail", "var/spool/mail", "run/user", "media", "run/media", "usr/home", "export/home"};
    static final String[] DIRS = {"AppData", "Local", "Temp", "Roaming", "Downloads", "Desktop", "Program Files", "Windows", "System32", "bin", "lib", ".cache", "tmp", "Public", "Default", "All Users", "guest", "<user>", "<host>", "<id>", "<email>", "UNC", "?", ".", "~", "..", "Microsoft", "Mozilla Firefox", "node_modules", "v1.2.3", "app-1.2.3.4", "Temp\u00e9", "R\u00e9sum\u00e9s", "\u65e5\u672c", "\u212Aelvin", "\u0130stanbul"};
    static final String[] SEPS = {"\\", "/", "\\\\", "//", " ", ".", "-", "_", "@", ":", ";", "=", "|", "\t", "\"", "%7C", "\n", "\u0001", "(", ")", "'", "+", ",", "<", ">", "#", "?", "&"};
    static final String HEX = "0123456789abcdefABCDEF";
    static final String TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    record Secrets(String user, String host, String device, String ip) {}

    static Secrets secrets(Random r) {
        String user = pick(r, new String[]{"alice", "bob", "alice.smith", "j.doe", "Zo\u00eb", "al", "x", "root", "SYSTEM", "DOMAIN\\carol", "dave@corp.example.com", "eve-2", "o'brien", "a\"q", "back\\slash", "taaaa", "caaaa", "\u212Aate", "k\u00e4the", "WWW-DATA", "adm1n"}) ;
        if (r.nextInt(4) == 0) user = randomWord(r, 1 + r.nextInt(12));
        if (r.nextInt(20) == 0) user = null;
        String host = pick(r, new String[]{"DESKTOP-7RQ3K2L", "ALICE-PC", "laptop", "srv01.corp.example.com", "localhost", "pc", "ab", "MacBook-Pro.local", "h\u00f6st"});
        if (r.nextInt(4) == 0) host = randomWord(r, 2 + r.nextInt(14));
        if (r.nextInt(20) == 0) host = null;
        String device = r.nextInt(10) == 0 ? null : uuid(r, r.nextInt(5) == 0);
        String ip = r.nextInt(10) == 0 ? null : r.nextInt(5) == 0 ? "fe80::" + Integer.toHexString(r.nextInt(65536)) + ":1" : ipv4(r);
        return new Secrets(user, host, device, ip);
    }

    static String uuid(Random r, boolean upper) {
        StringBuilder b = new StringBuilder();
        int[] g = {8, 4, 4, 4, 12};
        for (int i = 0; i < 5; i++) { if (i > 0) b.append('-'); for (int k = 0; k < g[i]; k++) b.append(HEX.charAt(r.nextInt(upper ? 22 : 16))); }
        return b.toString();
    }
    static String ipv4(Random r) { return r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(300) + "." + r.nextInt(256); }
    static String randomWord(Random r, int n) { StringBuilder b = new StringBuilder(); for (int i = 0; i < n; i++) b.append(TOKEN.charAt(r.nextInt(TOKEN.length() - (r.nextInt(3) == 0 ? 0 : 14)))); return b.toString(); }
    static String pick(Random r, String[] a) { return a[r.nextInt(a.length)]; }

    /** One piece of content: a word, an identifier, an own value, an odd char. */
    static String piece(Random r, Secrets s) {
        switch (r.nextInt(30)) {
            case 0: case 1: return s.user() == null ? "u" : r.nextBoolean() ? s.user() : s.user().toUpperCase(Locale.ROOT);
            case 2: return s.host() == null ? "h" : s.host();
            case 3: return s.device() == null ? "d" : r.nextBoolean() ? s.device() : s.device().toUpperCase(Locale.ROOT);
            case 4: return s.ip() == null ? "i" : s.ip();
            case 5: return randomWord(r, 1 + r.nextInt(10)) + "@" + randomWord(r, 1 + r.nextInt(8)) + "." + pick(r, new String[]{"com", "de", "service", "1.2", "co.uk", "pdf", "2x"});
            case 6: return ipv4(r);
            case 7: return "S-1-5-21-" + r.nextInt(Integer.MAX_VALUE) + "-" + r.nextInt(99999) + (r.nextBoolean() ? "-" + r.nextInt(2000) : "");
            case 8: return uuid(r, r.nextBoolean());
            case 9: { StringBuilder b = new StringBuilder(); char sep = ":-.".charAt(r.nextInt(3)); for (int i = 0; i < 6; i++) { if (i > 0) b.append(sep); b.append(HEX.charAt(r.nextInt(16))).append(HEX.charAt(r.nextInt(16))); } return b.toString(); }
            case 10: return "2001:db8::" + Integer.toHexString(r.nextInt(65536));
            case 11: return randomWord(r, 16 + r.nextInt(30));
            case 12: { StringBuilder b = new StringBuilder(); int n = 6 + r.nextInt(20); for (int i = 0; i < n; i++) b.append((char) ('0' + r.nextInt(10))); return b.toString(); }
            case 13: return pick(r, new String[]{"<user>", "<host>", "<email>", "<id>", "<use", "<<id>>", "<", ">"});
            case 14: return pick(r, new String[]{"\u00e9", "\u00fc", "\u65e5", "\ud83d\ude00", "\ud83d", "\ude00", "\u212A", "\u0130", "\u017F", "\u2028", "\u0085", "\u00a0"});
            case 15: return pick(r, SEPS);
            case 16: { StringBuilder b = new StringBuilder(); int n = 1 + r.nextInt(64); for (int i = 0; i < n; i++) b.append(HEX.charAt(r.nextInt(HEX.length()))); return b.toString(); }
            case 17: return "v" + r.nextInt(20) + "." + r.nextInt(20) + "." + r.nextInt(300) + (r.nextBoolean() ? "." + r.nextInt(300) : "");
            case 18: return pick(r, new String[]{"invoice_2024-11.pdf.exe", "7zS4A3B2C1D", "setup.exe", "readme.txt", "amd64_", "x64__", "-final", "getty@tty1.service", "icon@2x.png", "%41%42", "a.b.c.d.e"});
            default: return pick(r, DIRS);
        }
    }

    static String path(Random r, Secrets s) {
        StringBuilder b = new StringBuilder();
        boolean win = r.nextBoolean();
        String sep = win ? "\\" : "/";
        switch (r.nextInt(6)) {
            case 0 -> b.append("C:\\");
            case 1 -> b.append("\\\\").append(r.nextBoolean() ? s.host() : "fileserver").append("\\");
            case 2 -> b.append("\\\\?\\UNC\\").append("srv\\");
            case 3 -> b.append("~").append(r.nextBoolean() ? s.user() : "").append("/");
            default -> b.append(sep);
        }
        if (r.nextInt(3) > 0) b.append(pick(r, PROFILES).replace("/", sep)).append(sep).append(r.nextInt(3) > 0 ? s.user() : piece(r, s)).append(sep);
        int n = r.nextInt(10);
        for (int i = 0; i < n; i++) {
            int k = 1 + r.nextInt(3);
            for (int j = 0; j < k; j++) b.append(piece(r, s));
            b.append(r.nextInt(8) == 0 ? pick(r, SEPS) : sep);
        }
        if (r.nextInt(40) == 0) { while (b.length() < 4200) b.append(piece(r, s)).append(sep); }
        if (r.nextInt(30) == 0) { int blk = 60 + r.nextInt(10); StringBuilder t = new StringBuilder(); for (int i = 0; i < blk; i++) t.append(r.nextBoolean() ? '\\' : 'a'); b.append(t); }
        b.append(r.nextBoolean() ? "file.exe" : piece(r, s));
        return String.valueOf(b).replace("null", "x");
    }

    static String text(Random r, Secrets s, int maxPieces) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(maxPieces);
        for (int i = 0; i < n; i++) b.append(piece(r, s)).append(r.nextInt(3) == 0 ? pick(r, SEPS) : "");
        return String.valueOf(b).replace("null", "x");
    }

    static final String[] AUTH = {"user", "@", ":", "pw", "host.example.com", "[::1]", "[2001:db8::1]", "\\", "80", "443", "#", "?", "/", "//", "x", "%40", "8080", ".", "-", "a@b", "\u00e9", "<host>"};
    static final String[] SCHEMES = {"https://", "http://", "ftp://", "file://", "foo://", "ws://", "//", "", "mailto:", "x-y+z://", "HTTP:\\\\", "https:/", "data:"};
    static String url(Random r, Secrets s) {
        if (r.nextInt(3) == 0) {
            StringBuilder b = new StringBuilder(pick(r, SCHEMES));
            int k = 1 + r.nextInt(7);
            for (int i = 0; i < k; i++) b.append(r.nextInt(6) == 0 ? piece(r, s) : pick(r, AUTH));
            if (r.nextBoolean()) b.append(pick(r, new String[]{"/", "\\", "?", "#", "/a\\b?c#d", "/p/q", "#f?g", "?q#f/x"})).append(r.nextBoolean() ? text(r, s, 3) : "");
            return String.valueOf(b).replace("null", "x");
        }
        String host = pick(r, new String[]{"cdn-7.evil-download.example.com", "example.com", "93.184.216.34", "[2001:db8::1]", s.host() + ".example.com", s.user() + ".github.io", "xn--bcher-kva.example", "EXAMPLE.COM", "localhost", "192.168.1.77"});
        StringBuilder b = new StringBuilder(pick(r, new String[]{"https://", "http://", "ftp://", "file:///", "", "mailto:", "HTTPS://"}));
        if (r.nextInt(5) == 0) b.append(s.user()).append(r.nextBoolean() ? ":pw@" : "@");
        b.append(host);
        if (r.nextInt(4) == 0) b.append(':').append(r.nextInt(70000));
        int segs = r.nextInt(6);
        for (int i = 0; i < segs; i++) b.append('/').append(text(r, s, 2));
        if (r.nextBoolean()) b.append("?session=").append(randomWord(r, 18)).append("&u=").append(piece(r, s));
        if (r.nextInt(4) == 0) b.append('#').append(piece(r, s));
        if (r.nextInt(50) == 0) { while (b.length() < 2100) b.append('/').append(piece(r, s)); }
        return String.valueOf(b).replace("null", "x");
    }

    static DetectionEvent detection(Random r) {
        Secrets s = secrets(r);
        DetectionEvent e = det(s.user(), s.host());
        e.setDeviceInstallId(s.device()); e.setLocalIp(s.ip());
        if (r.nextInt(3) == 0) e.setEventId(r.nextBoolean() ? uuid(r, true) : r.nextBoolean() && s.device() != null ? s.device() : text(r, s, 2));
        else e.setEventId(uuid(r, false));
        if (r.nextInt(4) == 0) e.setProductVersion(text(r, s, 2));
        if (r.nextInt(4) == 0) e.setOsVersion(text(r, s, 2));
        e.setThreatName(r.nextInt(3) == 0 ? text(r, s, 4) : pick(r, new String[]{"HEUR:Trojan-Downloader.Win32.Agent.gen", "Trojan.Win32.Agent.abc", "EICAR-Test-File", "not-a-virus:AdWare.Win32.Gen"}));
        if (r.nextInt(4) == 0) e.setObjectSha256(r.nextBoolean() ? uuid(r, false) + uuid(r, true).substring(0, 28) : text(r, s, 3));
        e.setObjectPath(r.nextInt(15) == 0 ? null : r.nextInt(5) == 0 ? text(r, s, 8) : path(r, s));
        return e;
    }

    static ThreatSourceEvent threatSource(Random r) {
        Secrets s = secrets(r);
        ThreatSourceEvent e = ts(s.user(), s.host());
        e.setDeviceInstallId(s.device()); e.setLocalIp(s.ip());
        if (r.nextInt(3) == 0) e.setEventId(r.nextBoolean() ? uuid(r, true) : text(r, s, 2));
        e.setThreatName(r.nextInt(3) == 0 ? text(r, s, 4) : "HEUR:Trojan-Downloader.Win32.Agent.gen");
        e.setUrl(r.nextInt(15) == 0 ? null : r.nextInt(5) == 0 ? text(r, s, 6) : url(r, s));
        e.setRemoteAddress(r.nextInt(6) == 0 ? null : r.nextBoolean() ? ipv4(r) : pick(r, new String[]{"2001:db8::1", "10.0.0.1", "::1", "93.184.216.34", "x"}));
        e.setRemotePort(r.nextInt(8) == 0 ? null : r.nextInt(70000) - 100);
        if (r.nextInt(4) == 0) e.setRelatedFileSha256(r.nextBoolean() ? null : text(r, s, 2));
        return e;
    }
}
