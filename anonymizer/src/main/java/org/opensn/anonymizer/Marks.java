package org.opensn.anonymizer;

import static org.opensn.anonymizer.Placeholder.EMAIL;
import static org.opensn.anonymizer.Placeholder.HOST;
import static org.opensn.anonymizer.Placeholder.ID;
import static org.opensn.anonymizer.Placeholder.KEEP;
import static org.opensn.anonymizer.Placeholder.NONE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One string under scrutiny: its chars and, per char, the placeholder type it will be replaced
 * by. Each {@code mark…} pass is a single left-to-right scan that never revisits a char more than
 * a constant number of times (linear time, no backtracking) and only claims chars no earlier pass
 * claimed. {@link #render(String)} then writes the text with every claimed span replaced by its
 * placeholder and lone surrogates replaced by U+FFFD.
 *
 * <p>Marked chars count as boundaries for every later pass, exactly like the {@code <} and
 * {@code >} of a placeholder do when the output is scanned again: that is what makes scrubbing
 * idempotent.
 */
final class Marks {

    final String text;
    final char[] chars;
    final byte[] marks;
    final int length;
    private boolean changed;
    /** Every char claimed by a placeholder lies in [changedFrom, changedTo) (see {@link #renderAscii}). */
    private int changedFrom = Integer.MAX_VALUE;
    private int changedTo;
    /** Set when a pass after the own-value pass claimed chars: only then can a second pass differ. */
    private boolean needsConfirmation;

    // one-scan summary, used to skip passes that cannot match; set once by the constructor
    // (not final: the scan writes them here instead of into a Summary the constructor copies)
    boolean nonAscii;
    private boolean surrogates;
    int ats;
    int colons;
    int dots;
    int dashes;
    int digits;
    private int opens;
    private int longestTokenRun;
    private int longestDigitRun;
    /** Longest run of hex digits, '.', '-' and ':' (UUIDs, MACs and IPv6 live in such runs). */
    private int longestHexRun;
    /** Longest run of digits and '.' (dotted quads live in such runs). */
    private int longestDottedRun;
    /**
     * One bit per case-folded ASCII char class present (see {@link #maskBit}): a needle whose
     * bits are not all here cannot occur. All bits set for a text with non-ASCII chars, whose case
     * folding can reach ASCII ('\u212A' folds to 'k').
     */
    long charMask;

    // char classes for the summary scan (ASCII); non-ASCII chars are handled apart
    private static final byte C_TOKEN = 1;   // letters and '_' ('-' and digits have their own)
    private static final byte C_DIGIT = 2;
    private static final byte C_DASH = 3;
    private static final byte C_DOT = 4;
    private static final byte C_COLON = 5;
    private static final byte C_AT = 6;
    private static final byte C_OPEN = 7;
    private static final byte C_HEX_LETTER = 8; // a-f, A-F: token chars that can also be hex digits
    private static final byte[] CLASS = new byte[128];
    // runs each ASCII char extends (see the summary scan)
    private static final int R_DIGIT = 1;
    private static final int R_TOKEN = 2;   // letters, digits, '_' and '-'
    private static final int R_HEX = 4;     // hex digits, '.', '-' and ':'
    private static final int R_DOTTED = 8;  // digits and '.'
    private static final byte[] RUNS = new byte[128];
    /**
     * Per ASCII char, what it adds to two counters packed in one long (low and high 32 bits; a
     * String has fewer than 2^31 chars, so neither overflows into the other).
     */
    static final long[] COUNT_DIGITS_DASHES = new long[128];
    static final long[] COUNT_DOTS_COLONS = new long[128];
    static final long[] COUNT_ATS_OPENS = new long[128];
    private static final long HIGH = 1L << 32;
    /**
     * Per ASCII char, what it adds to six 10-bit counters packed in one long (@, :, ., -, digits,
     * &lt;), emptied every 64 chars, so none overflows.
     */
    private static final long[] COUNTS = new long[128];
    /**
     * Per ASCII char, the runs it extends as one bit in each of four 16-bit lanes (digit, token,
     * hex, dotted run): shifted by the char's position, a block of 16 chars fills the four masks at once.
     */
    private static final long[] LANES = new long[128];

    /** Bit of each ASCII char (case-folded) in {@link #charMask}. */
    private static final long[] MASK_BIT = new long[128];
    private static final long NON_ASCII_BIT = 1L << 62;
    private static final long CONTROL_BIT = 1L << 63;

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CLASS[c] = C_TOKEN;
            CLASS[c - 32] = C_TOKEN;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            CLASS[c] = C_HEX_LETTER;
            CLASS[c - 32] = C_HEX_LETTER;
        }
        CLASS['_'] = C_TOKEN;
        for (char c = '0'; c <= '9'; c++) {
            CLASS[c] = C_DIGIT;
        }
        CLASS['-'] = C_DASH;
        CLASS['.'] = C_DOT;
        CLASS[':'] = C_COLON;
        CLASS['@'] = C_AT;
        CLASS['<'] = C_OPEN;
        for (char c = 0; c < 128; c++) {
            byte k = CLASS[c];
            RUNS[c] = (byte) ((k == C_DIGIT ? R_DIGIT : 0)
                    | (k == C_DIGIT || k == C_TOKEN || k == C_HEX_LETTER || k == C_DASH ? R_TOKEN : 0)
                    | (k == C_DIGIT || k == C_HEX_LETTER || k == C_DOT || k == C_DASH || k == C_COLON ? R_HEX : 0)
                    | (k == C_DIGIT || k == C_DOT ? R_DOTTED : 0));
            COUNT_DIGITS_DASHES[c] = k == C_DIGIT ? 1 : k == C_DASH ? HIGH : 0;
            COUNT_DOTS_COLONS[c] = k == C_DOT ? 1 : k == C_COLON ? HIGH : 0;
            COUNT_ATS_OPENS[c] = k == C_AT ? 1 : k == C_OPEN ? HIGH : 0;
            int counter = k == C_AT ? 0 : k == C_COLON ? 1 : k == C_DOT ? 2 : k == C_DASH ? 3 : k == C_DIGIT ? 4 : k == C_OPEN ? 5 : -1;
            COUNTS[c] = counter < 0 ? 0 : 1L << (10 * counter);
            int r = RUNS[c];
            LANES[c] = (r & R_DIGIT) | ((r & R_TOKEN) != 0 ? 1L << 16 : 0) | ((r & R_HEX) != 0 ? 1L << 32 : 0)
                    | ((r & R_DOTTED) != 0 ? 1L << 48 : 0);
            int bit;
            char f = Chars.fold(c);
            if (f >= 'a' && f <= 'z') {
                bit = f - 'a';
            } else if (f >= '0' && f <= '9') {
                bit = 26 + f - '0';
            } else if (f < 0x20 || f == 0x7F) {
                bit = 63; // alone, so that it tells whether JSON writes an escape (see mayShowInJson)
            } else {
                int special = "._-:@".indexOf(f);
                bit = special >= 0 ? 36 + special : 41 + f % 21;
            }
            MASK_BIT[c] = 1L << bit;
        }
    }


    /**
     * The {@link #charMask} bit a text needs to contain the case-folded char {@code folded} (one
     * that folds to non-ASCII needs the non-ASCII bit, which only a non-ASCII text sets).
     */
    static long maskBit(char folded) {
        return folded < 128 ? MASK_BIT[folded] : NON_ASCII_BIT;
    }

    /** Per-thread buffers reused by short-lived instances (strings up to 4096 chars). */
    private static final class Scratch {
        static final int MAX = 4096;
        static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        char[] chars = new char[128];
        byte[] marks = new byte[128];
        /** The rendered text of an ASCII text (see {@link #renderAscii}). */
        byte[] out = new byte[256];
        boolean leased;
    }

    private final Scratch scratch;

    Marks(String s) {
        this(s, null);
    }

    /**
     * A text whose summary (the counts, runs and char mask below, a function of the text alone) is
     * taken from {@code summaries} when the same text was summarized last in its slot: threat names
     * and URL hosts repeat across events and devices.
     */
    Marks(String s, SummaryCache summaries) {
        this.text = s;
        int n = s.length();
        this.length = n;
        Scratch sc = n <= Scratch.MAX ? Scratch.LOCAL.get() : null;
        if (sc != null && !sc.leased) {
            if (sc.chars.length < n) {
                int cap = Math.max(n, 2 * sc.chars.length);
                sc.chars = new char[cap];
                sc.marks = new byte[cap];
            } else {
                Arrays.fill(sc.marks, 0, n, NONE);
            }
            sc.leased = true;
            this.scratch = sc;
            this.chars = sc.chars;
            this.marks = sc.marks;
            s.getChars(0, n, chars, 0);
        } else {
            this.scratch = null;
            this.chars = s.toCharArray();
            this.marks = new byte[n];
        }
        Summary sum = summaries == null ? null : summaries.get(s);
        if (sum == null) {
            summarize();
            if (summaries != null) {
                summaries.put(s, summary());
            }
        } else {
            this.longestTokenRun = sum.longestTokenRun;
            this.longestDigitRun = sum.longestDigitRun;
            this.longestHexRun = sum.longestHexRun;
            this.longestDottedRun = sum.longestDottedRun;
            this.charMask = sum.charMask;
            this.nonAscii = sum.nonAscii;
            this.surrogates = sum.surrogates;
            this.ats = sum.ats;
            this.colons = sum.colons;
            this.dots = sum.dots;
            this.dashes = sum.dashes;
            this.digits = sum.digits;
            this.opens = sum.opens;
        }
    }

    /** This text's summary, for a {@link SummaryCache}. */
    private Summary summary() {
        return new Summary(nonAscii, surrogates, ats, colons, dots, dashes, digits, opens, longestTokenRun,
                longestDigitRun, longestHexRun, longestDottedRun, charMask);
    }

    /** What the one-scan summary of a text holds (see the fields of the same names). */
    record Summary(boolean nonAscii, boolean surrogates, int ats, int colons, int dots, int dashes, int digits,
                   int opens, int longestTokenRun, int longestDigitRun, int longestHexRun, int longestDottedRun,
                   long charMask) {
    }

    /**
     * The one-scan summary of the text, written into this instance's summary fields (no record
     * allocated per text). The runs are not tracked char by char (a branch per
     * char and run kind, each mispredicted where a run starts or ends): each 64-char block sets one
     * bit per char in a mask per run kind, and {@link #runs} measures the runs of a block's mask.
     */
    private void summarize() {
        char[] c = chars;
        int n = length;
        boolean high = false;
        boolean sur = false;
        long mask = 0;
        int ats = 0;
        int colons = 0;
        int dots = 0;
        int dashes = 0;
        int digits = 0;
        int opens = 0;
        long digitRuns = 0;
        long tokenRuns = 0;
        long hexRuns = 0;
        long dottedRuns = 0;
        for (int base = 0; base < n; base += 64) {
            int end = Math.min(n, base + 64);
            long counts = 0;
            long digit = 0;
            long token = 0;
            long hex = 0;
            long dotted = 0;
            for (int sub = base; sub < end; sub += 16) {
                int subEnd = Math.min(end, sub + 16);
                long lanes = 0;
                if (subEnd - sub == 16) {
                    // a whole sub-block: a loop of a constant trip count, which the JIT unrolls
                    // completely (constant shifts, no loop test per char)
                    for (int j = 0; j < 16; j++) {
                        char ch = c[sub + j];
                        if (ch < 128) {
                            mask |= MASK_BIT[ch];
                            counts += COUNTS[ch];
                            lanes |= LANES[ch] << j;
                        } else {
                            high = true;
                            sur |= Character.isSurrogate(ch);
                        }
                    }
                } else {
                    for (int i = sub; i < subEnd; i++) {
                        char ch = c[i];
                        if (ch < 128) {
                            mask |= MASK_BIT[ch];
                            counts += COUNTS[ch];
                            lanes |= LANES[ch] << (i & 15); // bit i % 16 of each lane
                        } else {
                            high = true;
                            sur |= Character.isSurrogate(ch);
                        }
                    }
                }
                int at = sub - base;
                digit |= (lanes & 0xFFFF) << at;
                token |= ((lanes >>> 16) & 0xFFFF) << at;
                hex |= ((lanes >>> 32) & 0xFFFF) << at;
                dotted |= (lanes >>> 48) << at;
            }
            ats += (int) (counts & 0x3FF);
            colons += (int) ((counts >>> 10) & 0x3FF);
            dots += (int) ((counts >>> 20) & 0x3FF);
            dashes += (int) ((counts >>> 30) & 0x3FF);
            digits += (int) ((counts >>> 40) & 0x3FF);
            opens += (int) ((counts >>> 50) & 0x3FF);
            int len = end - base;
            digitRuns = runs(digit, len, digitRuns);
            tokenRuns = runs(token, len, tokenRuns);
            hexRuns = runs(hex, len, hexRuns);
            dottedRuns = runs(dotted, len, dottedRuns);
        }
        this.nonAscii = high;
        this.surrogates = sur;
        this.ats = ats;
        this.colons = colons;
        this.dots = dots;
        this.dashes = dashes;
        this.digits = digits;
        this.opens = opens;
        this.longestTokenRun = (int) tokenRuns;
        this.longestDigitRun = (int) digitRuns;
        this.longestHexRun = (int) hexRuns;
        this.longestDottedRun = (int) dottedRuns;
        this.charMask = high ? -1L : mask;
    }

    /**
     * Adds a block to a run tracker: {@code bits} has bit i set if char i of the block extends the
     * run kind, for i below {@code len}; the tracker packs the run still open at the block's end
     * (high 32 bits) and the longest run so far, that one included (low 32 bits).
     */
    private static long runs(long bits, int len, long tracker) {
        int open = (int) (tracker >>> 32);
        int longest = (int) tracker;
        int head = Long.numberOfTrailingZeros(~bits); // the block's leading run, 64 if all bits are set
        if (head >= len) {
            open += len; // the run goes on through the whole block
        } else {
            longest = Math.max(longest, open + head);
            longest = Math.max(longest, longestRun(bits));
            open = Long.numberOfLeadingZeros(~(bits << (64 - len))); // the block's trailing run
        }
        return ((long) open << 32) | Math.max(longest, open);
    }

    /**
     * The longest run of set bits, without a loop per bit: {@code a[k]} has bit i set where a run
     * of at least 2^k bits ends at bit i, and the run length is built up from the largest power
     * down ({@code a} of {@code L + M} bits = {@code a} of L bits and {@code a} of M bits shifted by L).
     */
    static int longestRun(long bits) {
        if (bits == 0) {
            return 0;
        }
        long a1 = bits;
        long a2 = a1 & (a1 << 1);
        if (a2 == 0) {
            return 1;
        }
        long a4 = a2 & (a2 << 2);
        if (a4 == 0) {
            return (a2 & (a1 << 2)) != 0 ? 3 : 2;
        }
        long a8 = a4 & (a4 << 4);
        if (a8 == 0) { // 4 to 7: most runs in text
            return 4 + step(a4, a2, a1, 4);
        }
        long a16 = a8 & (a8 << 8);
        if (a16 == 0) {
            long t = a8 & (a4 << 8);
            long some = (t | -t) >> 63; // all ones if t != 0
            return 8 + (int) (some & 4) + step((t & some) | (a8 & ~some), a2, a1, 8 + (int) (some & 4));
        }
        // ends of runs of at least 'length' bits; each step adds its power if some run is that much
        // longer (without a branch: the answer is data, a mispredicted jump costs more than the select)
        long a32 = a16 & (a16 << 16);
        long at = a1;
        int length = 1;
        long t = at & (a32 << length);
        long some = (t | -t) >> 63;
        at = (t & some) | (at & ~some);
        length += (int) (some & 32);
        t = at & (a16 << length);
        some = (t | -t) >> 63;
        at = (t & some) | (at & ~some);
        length += (int) (some & 16);
        t = at & (a8 << length);
        some = (t | -t) >> 63;
        at = (t & some) | (at & ~some);
        length += (int) (some & 8);
        t = at & (a4 << length);
        some = (t | -t) >> 63;
        at = (t & some) | (at & ~some);
        length += (int) (some & 4);
        return length + step(at, a2, a1, length);
    }

    /**
     * The last two steps of {@link #longestRun}: 0 to 3 more bits for runs of at least {@code length}
     * bits that end where {@code at} has its bits ({@code length} is at most 61, so shifts are exact).
     */
    private static int step(long at, long a2, long a1, int length) {
        long t = at & (a2 << length);
        long some = (t | -t) >> 63;
        long at2 = (t & some) | (at & ~some);
        int more = (int) (some & 2);
        long u = at2 & (a1 << (length + more));
        return more + (int) (((u | -u) >> 63) & 1);
    }

    /**
     * False if the JSON form of this text (and of its rendering) cannot show an own value that its
     * chars do not: no control char or DEL (the {@link #charMask} bit they alone set; a non-ASCII
     * text sets every bit), and no quote or backslash while an own value holds one (see
     * {@link EscapedForms}, which checks exactly when this is true).
     */
    boolean mayShowInJson(OwnValues own) {
        return mayShowInJson(text, charMask, own);
    }

    /** {@link #mayShowInJson(OwnValues)} of a text with the given {@link #charMask}. */
    static boolean mayShowInJson(String text, long charMask, OwnValues own) {
        return (charMask & CONTROL_BIT) != 0
                || (own.hasQuoteOrBackslash() && (text.indexOf('"') >= 0 || text.indexOf('\\') >= 0));
    }

    /**
     * True if {@link #markAll} cannot claim a char of a text with this summary, so that
     * {@link #render} would return the text itself: no '@', every pattern pass's gate in
     * {@link #markPatterns} closed, no own value that could occur (see {@link OwnValues#mayOccur})
     * and no surrogate (a lone one is rendered as U+FFFD). Existing placeholders are only kept,
     * which changes nothing when no other pass runs. Lets a text whose summary is cached skip the
     * copy into a {@code Marks}.
     */
    static boolean untouched(Summary sum, int length, OwnValues own, int tokenMinLength, int digitRunMinLength) {
        if (sum.surrogates() || sum.ats() > 0 || sum.colons() >= 2 || sum.longestDottedRun() >= 7) {
            return false;
        }
        int dashes = sum.dashes();
        int hexRun = sum.longestHexRun();
        boolean identifiers = (dashes >= 4 && hexRun >= 36) || (dashes >= 3 && sum.digits() >= 2)
                || (sum.colons() >= 5 && hexRun >= 17) || (dashes >= 5 && hexRun >= 17) || (sum.dots() >= 2 && hexRun >= 14);
        boolean tokens = (sum.longestTokenRun() >= tokenMinLength && sum.digits() >= 3) || sum.longestDigitRun() >= digitRunMinLength;
        return !identifiers && !tokens && !own.mayOccur(sum, length);
    }

    /** True if a pass claimed chars for a placeholder (existing placeholders kept as they are do not count). */
    boolean claimedAny() {
        return changed;
    }

    /** True if a pattern pass claimed chars, so the output must be scrubbed again to be sure it is a fixed point. */
    boolean needsConfirmation() {
        return needsConfirmation;
    }

    boolean isFree(int i) {
        return i >= 0 && i < length && marks[i] == NONE;
    }

    /** True outside the text, on a claimed char, or on a char that is not a letter or digit. */
    boolean isBoundary(int i) {
        return i < 0 || i >= length || marks[i] != NONE || !Chars.isAlnum(chars[i]);
    }

    /**
     * True outside the text, on a claimed char, or on a char that is not a letter: where a short
     * own name may start or end. Digits count as edges because later passes may claim them.
     */
    boolean isWordEdge(int i) {
        return i < 0 || i >= length || marks[i] != NONE || !Character.isLetter(chars[i]);
    }

    /** {@link #mark} from a pattern pass (see {@link #needsConfirmation()}). */
    private void markPattern(int from, int to, byte type) {
        needsConfirmation = true;
        mark(from, to, type);
    }

    /** Claims the still free chars of [from, to). */
    void mark(int from, int to, byte type) {
        byte[] m = marks;
        boolean claimed = false;
        for (int i = from; i < to; i++) {
            if (m[i] == NONE) {
                m[i] = type;
                claimed = true;
            }
        }
        if (claimed && type != KEEP) {
            changed = true;
        }
        if (type != KEEP && from < to) {
            changedFrom = Math.min(changedFrom, from);
            changedTo = Math.max(changedTo, to);
        }
    }

    /** Runs every content pass: existing placeholders, the event's own values, then the patterns. */
    void markAll(OwnValues own, int tokenMinLength, int digitRunMinLength, boolean fileNameAtEnd) {
        markPlaceholders();
        markPatterns(own, tokenMinLength, digitRunMinLength, fileNameAtEnd);
    }

    /** E-mail addresses, then the event's own values, then the other patterns, in priority order. */
    void markPatterns(OwnValues own, int tokenMinLength, int digitRunMinLength, boolean fileNameAtEnd) {
        if (ats > 0) {
            markEmails(fileNameAtEnd, false);
        }
        own.mark(this);
        markIdentifiersAndIps();
        if ((longestTokenRun >= tokenMinLength && digits >= 3) || longestDigitRun >= digitRunMinLength) {
            markTokens(tokenMinLength, digitRunMinLength);
        }
        if (ats > 0) {
            // again, now that the other passes have claimed their chars: what is left around them
            // is exactly what a second anonymization would see (keeps the result a fixed point)
            markEmails(fileNameAtEnd, true);
        }
    }

    /**
     * The patterns that spell one particular value, each found whole: e-mail addresses, UUIDs,
     * SIDs, MACs and IP addresses, but not tokens and digit runs, which are judged by their length
     * alone. {@link EscapedForms} runs these on a field's written form.
     */
    void markAddresses() {
        if (ats > 0) {
            markEmails(false, false);
        }
        markIdentifiersAndIps();
    }

    /** UUIDs, SIDs, MACs, IPv6 and IPv4 addresses, each pass only if the text's summary allows one. */
    private void markIdentifiersAndIps() {
        boolean uuid = dashes >= 4 && longestHexRun >= 36;
        boolean sid = dashes >= 3 && digits >= 2;
        boolean macColon = colons >= 5 && longestHexRun >= 17;
        boolean macDash = dashes >= 5 && longestHexRun >= 17;
        boolean macDot = dots >= 2 && longestHexRun >= 14;
        if (uuid || sid || macColon || macDash || macDot) {
            markIdentifiers(uuid, sid, macColon || macDash, macDot);
        }
        if (colons >= 2) {
            markIpv6();
        }
        if (longestDottedRun >= 7) {
            markIpv4();
        }
    }

    /** Existing {@code <user>}, {@code <host>}, {@code <email>}, {@code <id>} are kept verbatim. */
    void markPlaceholders() {
        if (opens == 0) {
            return;
        }
        char[] c = chars;
        for (int i = 0; i < length; i++) {
            if (c[i] == '<') {
                int len = Placeholder.placeholderAt(c, i, length);
                if (len > 0) {
                    mark(i, i + len, KEEP);
                    i += len - 1;
                }
            }
        }
    }

    // ---------------------------------------------------------------- e-mail addresses

    /**
     * {@code local@domain} with a non-empty local part and domain. Each char is walked over by at
     * most the nearest {@code @} on either side (neither part may hold an {@code @}). With
     * {@code fileNameAtEnd}, a domain that ends the text and has three or more labels leaves its
     * last short label alone as a file extension ({@code bob@example.com.pdf -> <email>.pdf}).
     */
    void markEmails(boolean fileNameAtEnd, boolean afterPatterns) {
        char[] c = chars;
        byte[] m = marks;
        int n = length;
        for (int p = 0; p < n; p++) {
            if (c[p] != '@' || m[p] != NONE) {
                continue;
            }
            int ls = p;
            while (ls > 0 && m[ls - 1] == NONE && isLocalChar(c[ls - 1])) {
                ls--;
            }
            while (ls < p && c[ls] == '.') {
                ls++;
            }
            int de = p + 1;
            while (de < n && m[de] == NONE && isDomainChar(c[de])) {
                de++;
            }
            while (de > p + 1 && (c[de - 1] == '.' || c[de - 1] == '-')) {
                de--;
            }
            if (ls == p || de == p + 1 || isScaleSuffix(c, p + 1, de)) {
                continue;
            }
            de = mailDomainEnd(c, p + 1, de);
            if (de < 0) {
                continue;
            }
            if (fileNameAtEnd && de == n) {
                de = withoutExtension(c, p + 1, de);
            }
            if (afterPatterns) {
                markPattern(ls, de, EMAIL);
            } else {
                mark(ls, de, EMAIL);
            }
            p = de - 1;
        }
    }

    private static boolean isLocalChar(char ch) {
        return Chars.isAlnum(ch) || ch == '.' || ch == '_' || ch == '%' || ch == '+' || ch == '-' || ch == '\'';
    }

    private static boolean isDomainChar(char ch) {
        return Chars.isAlnum(ch) || ch == '.' || ch == '-';
    }

    /**
     * Where the mail domain in {@code c[from, to)} ends, or -1 if it is none: trailing labels
     * without a letter are left out ({@code bob@example.com.1.2.3.4}), a single label must be
     * letters only ({@code pkg@v1.2.3} is a version), a systemd unit type is no top-level domain
     * ({@code getty@tty1.service}); an IPv4 address is a mail domain.
     */
    private static int mailDomainEnd(char[] c, int from, int to) {
        if (IpAddresses.isDottedQuad(c, from, to)) {
            return to;
        }
        int end = to;
        int lastDot;
        while (true) {
            lastDot = end - 1;
            while (lastDot >= from && c[lastDot] != '.') {
                lastDot--;
            }
            boolean letter = false;
            for (int i = lastDot + 1; i < end && !letter; i++) {
                letter = !Chars.isDigit(c[i]) && c[i] != '-';
            }
            if (letter) {
                break;
            }
            if (lastDot < from) {
                return -1;
            }
            end = lastDot;
        }
        if (lastDot < from) {
            for (int i = from; i < end; i++) {
                if (Chars.isDigit(c[i])) {
                    return -1;
                }
            }
            return end;
        }
        int labelLength = end - lastDot - 1;
        return labelLength <= 9 && SYSTEMD_UNIT_TYPES.contains(new String(c, lastDot + 1, labelLength)) ? -1 : end;
    }

    private static final java.util.Set<String> SYSTEMD_UNIT_TYPES = java.util.Set.of(
            "service", "socket", "timer", "target", "mount", "automount", "path", "slice", "scope", "device", "swap");

    /** {@code @2x}, {@code @3x}, {@code @1.5x}: image scale suffixes, not addresses. */
    private static boolean isScaleSuffix(char[] c, int from, int to) {
        int i = from;
        int digits = 0;
        while (i < to && (Chars.isDigit(c[i]) || (c[i] == '.' && digits > 0))) {
            digits++;
            i++;
        }
        return digits > 0 && i < to && (c[i] == 'x' || c[i] == 'X') && (i + 1 == to || c[i + 1] == '.');
    }

    private static int withoutExtension(char[] c, int from, int to) {
        int dots = 0;
        int lastDot = -1;
        for (int i = from; i < to; i++) {
            if (c[i] == '.') {
                dots++;
                lastDot = i;
            }
        }
        int extLength = to - lastDot - 1;
        return dots >= 2 && extLength >= 1 && extLength <= 5 ? lastDot : to;
    }

    // ---------------------------------------------------------------- UUIDs, SIDs, MACs

    /**
     * UUIDs (8-4-4-4-12 hex), Windows SIDs ({@code S-1-…}) and MAC addresses, starting at a word
     * start. Candidates come from the separators they must contain (a UUID has a '-' 8 chars in, a
     * MAC a ':' or '-' 2 chars in or a '.' 4 chars in, an SID starts {@code S-}), so plain words
     * cost nothing.
     */
    void markIdentifiers(boolean uuid, boolean sid, boolean mac, boolean macDot) {
        char[] c = chars;
        int n = length;
        for (int q = 1; q < n; q++) {
            char ch = c[q];
            if (ch == '-') {
                if (uuid && q >= 8) {
                    tryIdentifier(q - 8);
                }
                if (sid && (c[q - 1] == 'S' || c[q - 1] == 's')) {
                    tryIdentifier(q - 1);
                }
                if (mac && q >= 2) {
                    tryIdentifier(q - 2);
                }
            } else if (ch == ':') {
                if (mac && q >= 2) {
                    tryIdentifier(q - 2);
                }
            } else if (ch == '.' && macDot && q >= 4) {
                tryIdentifier(q - 4);
            }
        }
    }

    private void tryIdentifier(int i) {
        if (marks[i] != NONE || !Chars.isAsciiAlnum(chars[i]) || !isBoundary(i - 1)) {
            return;
        }
        int end = uuidEnd(i);
        if (end < 0) {
            end = sidEnd(i);
        }
        if (end < 0) {
            end = macEnd(i);
        }
        if (end > 0) {
            markPattern(i, end, ID);
        }
    }

    private boolean hexRun(int from, int count) {
        if (from + count > length) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (marks[i] != NONE || !Chars.isHex(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean charAt(int i, char expected) {
        return i < length && marks[i] == NONE && chars[i] == expected;
    }

    private int uuidEnd(int i) {
        if (i + 36 > length || chars[i + 8] != '-') {
            return -1;
        }
        if (hexRun(i, 8) && charAt(i + 8, '-') && hexRun(i + 9, 4) && charAt(i + 13, '-') && hexRun(i + 14, 4)
                && charAt(i + 18, '-') && hexRun(i + 19, 4) && charAt(i + 23, '-') && hexRun(i + 24, 12)
                && isBoundary(i + 36)) {
            return i + 36;
        }
        return -1;
    }

    private int sidEnd(int i) {
        char[] c = chars;
        if (!(c[i] == 'S' || c[i] == 's') || !charAt(i + 1, '-') || !charAt(i + 2, '1') || !charAt(i + 3, '-')) {
            return -1;
        }
        int j = i + 4;
        int groups = 0;
        while (true) {
            int start = j;
            while (j < length && marks[j] == NONE && Chars.isDigit(c[j])) {
                j++;
            }
            if (j == start) {
                j = start - 1; // back over the '-' that led to no digits
                break;
            }
            groups++;
            if (!charAt(j, '-') || j + 1 >= length || !Chars.isDigit(c[j + 1])) {
                break;
            }
            j++;
        }
        return groups > 0 && isBoundary(j) ? j : -1;
    }

    private int macEnd(int i) {
        char[] c = chars;
        if (i + 14 > length || !(c[i + 2] == ':' || c[i + 2] == '-' || c[i + 4] == '.')) {
            return -1;
        }
        if (i + 17 <= length && hexRun(i, 2) && (charAt(i + 2, ':') || charAt(i + 2, '-'))) {
            char sep = c[i + 2];
            boolean ok = true;
            for (int g = 1; g < 6 && ok; g++) {
                int at = i + g * 3;
                ok = hexRun(at, 2) && (g == 5 || charAt(at + 2, sep));
            }
            int end = i + 17;
            if (ok && isBoundary(end) && !(charAt(end, sep) && end + 1 < length && Chars.isHex(c[end + 1]))) {
                return end;
            }
        }
        if (hexRun(i, 4) && charAt(i + 4, '.') && hexRun(i + 5, 4) && charAt(i + 9, '.') && hexRun(i + 10, 4)) {
            int end = i + 14;
            if (isBoundary(end) && !(charAt(end, '.') && end + 1 < length && Chars.isAlnum(c[end + 1]))) {
                return end;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- IP addresses

    /** Maximal runs of hex digits, colons and dots with two or more colons that parse as IPv6. */
    void markIpv6() {
        char[] c = chars;
        byte[] m = marks;
        int n = length;
        int i = 0;
        while (i < n) {
            char ch = c[i];
            if (m[i] != NONE || !(ch == ':' || Chars.isHex(ch))) {
                i++;
                continue;
            }
            int start = i;
            int colons = 0;
            while (i < n && m[i] == NONE && (c[i] == ':' || c[i] == '.' || Chars.isHex(c[i]))) {
                if (c[i] == ':') {
                    colons++;
                }
                i++;
            }
            if (colons < 2) {
                continue;
            }
            int end = i;
            while (end > start && c[end - 1] == '.') {
                end--;
            }
            if (end - start >= 2 && c[end - 1] == ':' && c[end - 2] != ':') {
                end--;
            }
            int s = start;
            while (s < end && c[s] == '.') {
                s++;
            }
            if (s < end && isBoundary(s - 1) && isBoundary(end)
                    && (IpAddresses.parseIpv6(c, s, end) != null || looksLikeIpv6(c, s, end))) {
                markPattern(s, end, HOST);
            }
        }
    }

    /** Six or more colon-separated groups of up to four hex digits: an address even if not a valid one. */
    private static boolean looksLikeIpv6(char[] c, int from, int to) {
        int colons = 0;
        int group = 0;
        for (int i = from; i < to; i++) {
            if (c[i] == ':') {
                colons++;
                group = 0;
            } else if (Chars.isHex(c[i]) && ++group <= 4) {
                continue;
            } else {
                return false;
            }
        }
        return colons >= 5;
    }

    /** Dotted quads (four decimal components of 1-3 digits, each at most 255). */
    void markIpv4() {
        char[] c = chars;
        byte[] m = marks;
        int n = length;
        int i = 0;
        while (i < n) {
            if (m[i] != NONE || !Chars.isDigit(c[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && m[i] == NONE && (Chars.isDigit(c[i]) || c[i] == '.')) {
                i++;
            }
            int end = i;
            while (end > start && c[end - 1] == '.') {
                end--;
            }
            if (IpAddresses.isDottedQuad(c, start, end)) {
                markPattern(start, end, HOST);
            }
        }
    }

    // ---------------------------------------------------------------- tokens and digit runs

    /**
     * Runs of {@code [A-Za-z0-9_-]}: a run of at least {@code tokenMinLength} chars with 3+ digits,
     * 3+ letters and a {@code -}/{@code _}-free piece of 8+ chars mixing both is a random token
     * (leading and trailing letter-only pieces such as {@code invoice_} stay); otherwise digit runs
     * of at least {@code digitRunMinLength} digits are ids.
     */
    void markTokens(int tokenMinLength, int digitRunMinLength) {
        char[] c = chars;
        byte[] m = marks;
        int n = length;
        int i = 0;
        while (i < n) {
            if (m[i] != NONE || !isTokenChar(c[i])) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int letters = 0;
            int pieceLength = 0;
            int pieceDigits = 0;
            int pieceLetters = 0;
            boolean mixedPiece = false;
            int longestDigitRun = 0;
            int digitRun = 0;
            for (; i < n && m[i] == NONE && isTokenChar(c[i]); i++) {
                char ch = c[i];
                if (ch == '-' || ch == '_') {
                    mixedPiece |= pieceLength >= 8 && pieceDigits > 0 && pieceLetters > 0;
                    pieceLength = pieceDigits = pieceLetters = 0;
                    digitRun = 0;
                } else {
                    pieceLength++;
                    if (Chars.isDigit(ch)) {
                        digits++;
                        pieceDigits++;
                        longestDigitRun = Math.max(longestDigitRun, ++digitRun);
                    } else {
                        letters++;
                        pieceLetters++;
                        digitRun = 0;
                    }
                }
            }
            mixedPiece |= pieceLength >= 8 && pieceDigits > 0 && pieceLetters > 0;
            int end = i;
            if (end - start >= tokenMinLength && digits >= 3 && letters >= 3 && mixedPiece
                    && markToken(start, end, tokenMinLength)) {
                continue;
            } else if (longestDigitRun >= digitRunMinLength) {
                markDigitRuns(start, end, digitRunMinLength);
            }
        }
    }

    /**
     * Marks the run without its leading and trailing "word" pieces (no digit, or shorter than 6:
     * {@code invoice_}, {@code -final}, {@code amd64_}, {@code _x64__}) if what remains is still
     * {@code tokenMinLength} long.
     */
    private boolean markToken(int start, int end, int tokenMinLength) {
        int from = start;
        while (true) {
            int pieceEnd = nextSeparator(from, end);
            if (pieceEnd >= end || looksRandom(from, pieceEnd)) {
                break;
            }
            from = pieceEnd + 1;
        }
        int to = end;
        while (to > from) {
            int pieceStart = previousSeparator(from, to) + 1;
            if (pieceStart <= from || looksRandom(pieceStart, to)) {
                break;
            }
            to = pieceStart - 1;
        }
        if (to - from < tokenMinLength) {
            return false;
        }
        markPattern(from, to, ID);
        return true;
    }

    private boolean looksRandom(int from, int to) {
        if (to - from < 6) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Chars.isDigit(chars[i])) {
                return true;
            }
        }
        return false;
    }

    private int nextSeparator(int from, int end) {
        int i = from;
        while (i < end && chars[i] != '-' && chars[i] != '_') {
            i++;
        }
        return i;
    }

    private int previousSeparator(int from, int to) {
        int i = to - 1;
        while (i >= from && chars[i] != '-' && chars[i] != '_') {
            i--;
        }
        return i;
    }

    private void markDigitRuns(int start, int end, int min) {
        int i = start;
        while (i < end) {
            if (!Chars.isDigit(chars[i])) {
                i++;
                continue;
            }
            int s = i;
            while (i < end && Chars.isDigit(chars[i])) {
                i++;
            }
            if (i - s >= min) {
                markPattern(s, i, ID);
            }
        }
    }

    private static boolean isTokenChar(char ch) {
        return Chars.isAsciiAlnum(ch) || ch == '-' || ch == '_';
    }

    // ---------------------------------------------------------------- output

    /** The text with claimed spans replaced; {@code original} itself when nothing changes. */
    String render(String original) {
        try {
            return renderText(original);
        } finally {
            release();
        }
    }

    /** Returns the per-thread buffers (done by {@link #render}); the instance is unusable afterwards. */
    void release() {
        if (scratch != null) {
            scratch.leased = false;
        }
    }

    private String renderText(String original) {
        char[] c = chars;
        byte[] m = marks;
        int n = length;
        if (!changed && (!surrogates || !hasLoneSurrogate(c, n))) {
            return original;
        }
        if (!nonAscii && scratch != null) {
            return renderAscii();
        }
        StringBuilder sb = new StringBuilder(n + 8);
        int i = 0;
        while (i < n) {
            byte t = m[i];
            if (t == NONE || t == KEEP) {
                int start = i;
                while (i < n && (m[i] == NONE || m[i] == KEEP) && !Character.isSurrogate(c[i])) {
                    i++;
                }
                sb.append(c, start, i - start);
                if (i < n && (m[i] == NONE || m[i] == KEEP)) { // a surrogate
                    char ch = c[i];
                    if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])
                            && (m[i + 1] == NONE || m[i + 1] == KEEP)) {
                        sb.append(ch).append(c[i + 1]);
                        i += 2;
                    } else {
                        sb.append('\uFFFD');
                        i++;
                    }
                }
            } else {
                sb.append(Placeholder.text(t));
                while (i < n && m[i] == t) {
                    i++;
                }
            }
        }
        return sb.toString();
    }

    /**
     * {@link #renderText} for a text of ASCII chars only: written as bytes into the thread's buffer
     * and made a Latin-1 string in one copy, instead of through a StringBuilder (a copy that checks
     * every char for Latin-1, and another one in toString()).
     */
    private String renderAscii() {
        char[] c = chars;
        byte[] m = marks;
        int n = length;
        // each placeholder (at most 7 chars) stands for at least one char
        if (scratch.out.length < 7 * n) {
            scratch.out = new byte[Math.max(7 * n, 2 * scratch.out.length)];
        }
        byte[] out = scratch.out;
        // before and after the span holding the placeholders, the chars are copied as they are
        // (one simple loop each, which the JIT vectorizes), not looked at one by one
        int from = Math.min(changedFrom, n);
        int to = Math.max(changedTo, from);
        for (int k = 0; k < from; k++) {
            out[k] = (byte) c[k];
        }
        int o = from;
        int i = from;
        while (i < to) {
            byte t = m[i];
            if (t == NONE || t == KEEP) {
                int start = i;
                while (i < to && (m[i] == NONE || m[i] == KEEP)) {
                    i++;
                }
                for (int k = start; k < i; k++) {
                    out[o++] = (byte) c[k];
                }
            } else {
                byte[] p = PLACEHOLDER_BYTES[t];
                System.arraycopy(p, 0, out, o, p.length);
                o += p.length;
                while (i < n && m[i] == t) {
                    i++;
                }
            }
        }
        for (int k = i; k < n; k++) {
            out[o + k - i] = (byte) c[k];
        }
        o += n - i;
        return new String(out, 0, o, StandardCharsets.ISO_8859_1);
    }

    private static final byte[][] PLACEHOLDER_BYTES = new byte[Placeholder.ID + 1][];

    static {
        for (byte t = Placeholder.USER; t <= Placeholder.ID; t++) {
            PLACEHOLDER_BYTES[t] = Placeholder.text(t).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean hasLoneSurrogate(char[] c, int n) {
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Marks{length=" + length + ", changed=" + changed + ", types=" + Arrays.toString(Arrays.copyOf(marks, Math.min(length, 16))) + '}';
    }
}
