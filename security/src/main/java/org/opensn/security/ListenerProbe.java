package org.opensn.security;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Finds out, in a bounded time and without credentials, which kind of security a Kafka listener
 * expects, so a client whose settings do not match can say so instead of timing out (a PLAINTEXT
 * Kafka client talking to a SASL or TLS port only sees disconnects and retries until its timeout).
 *
 * <p>How: it opens a TCP connection and sends two {@code ApiVersions} v0 requests in plain Kafka
 * framing. A PLAINTEXT listener answers both. A SASL_PLAINTEXT listener answers the first (Kafka
 * allows ApiVersions before the SASL handshake) and closes the connection at the second, which is
 * not a {@code SaslHandshake}. A TLS listener (SSL, SASL_SSL) cannot parse the bytes as a TLS
 * ClientHello and closes the connection or sends a TLS alert (first byte 0x15).
 */
public final class ListenerProbe {

    /** What a listener expects. */
    public enum Kind {
        /** Plain Kafka without authentication. */
        PLAINTEXT("PLAINTEXT"),
        /** Kafka with a SASL handshake, no TLS. */
        SASL_PLAINTEXT("SASL_PLAINTEXT"),
        /** TLS first (SSL or SASL_SSL; which of the two needs a TLS handshake to tell). */
        TLS("SSL or SASL_SSL"),
        /** Something answered, but not like Kafka. */
        NOT_KAFKA("not Kafka"),
        /** The connection was accepted but nothing answered within the time (a busy broker, or not Kafka). */
        NO_ANSWER("no answer"),
        /** Nothing accepted the connection within the time. */
        UNREACHABLE("unreachable");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** How to say it in a message. */
        public String description() {
            return description;
        }

        /** True when a client with {@code security.protocol} = {@code protocol} matches this listener. */
        public boolean matches(String protocol) {
            String p = protocol == null ? "PLAINTEXT" : protocol.trim().toUpperCase(Locale.ROOT);
            return switch (this) {
                case PLAINTEXT -> p.equals("PLAINTEXT");
                case SASL_PLAINTEXT -> p.equals("SASL_PLAINTEXT");
                case TLS -> p.equals("SSL") || p.equals("SASL_SSL");
                case NOT_KAFKA, NO_ANSWER, UNREACHABLE -> false;
            };
        }
    }

    private ListenerProbe() {
    }

    /**
     * Probes {@code host:port}, waiting at most {@code timeout} for the connection and for each answer.
     * Never throws for network problems: no connection is {@link Kind#UNREACHABLE}, no answer in
     * time {@link Kind#NO_ANSWER}.
     */
    public static Kind probe(String host, int port, Duration timeout) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), millis);
            } catch (IOException e) {
                return Kind.UNREACHABLE;
            }
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (!writeApiVersions(out, 1)) {
                return Kind.TLS; // closed on plain Kafka bytes
            }
            Kind first = readApiVersions(in, 1);
            if (first != null) {
                return first;
            }
            if (!writeApiVersions(out, 2)) {
                return Kind.SASL_PLAINTEXT; // answered ApiVersions, then closed: it wants the SASL handshake
            }
            Kind second = readApiVersions(in, 2);
            return second == null ? Kind.PLAINTEXT : second == Kind.TLS ? Kind.SASL_PLAINTEXT : second;
        } catch (IOException e) {
            return Kind.UNREACHABLE;
        }
    }

    /**
     * Probes the first address of a {@code bootstrap.servers} list ({@code host:port[,host:port...]}).
     */
    public static Kind probeBootstrap(String bootstrapServers, Duration timeout) {
        String first = bootstrapServers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("bootstrap server '" + first + "' has no port: use host:port");
        }
        String host = first.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return probe(host, Integer.parseInt(first.substring(colon + 1)), timeout);
    }

    /** Sends one ApiVersions v0 request in a single write; false when the listener had already closed the connection. */
    private static boolean writeApiVersions(java.io.OutputStream out, int correlationId) {
        byte[] clientId = "opensn-probe".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + clientId.length);
        b.putInt(2 + 2 + 4 + 2 + clientId.length);
        b.putShort((short) 18); // ApiVersions
        b.putShort((short) 0);  // v0: the version every broker answers
        b.putInt(correlationId);
        b.putShort((short) clientId.length);
        b.put(clientId);
        try {
            out.write(b.array());
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Null when a valid answer came; {@link Kind#TLS} when the connection closed or a TLS alert came; else NOT_KAFKA/UNREACHABLE. */
    private static Kind readApiVersions(DataInputStream in, int correlationId) throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return Kind.NO_ANSWER;
        } catch (IOException e) {
            return Kind.TLS;
        }
        if (first < 0) {
            return Kind.TLS;
        }
        if (first == 0x15) {
            return Kind.TLS;
        }
        try {
            int size = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            if (size < 6 || size > 1 << 20) {
                return Kind.NOT_KAFKA;
            }
            byte[] body = new byte[size];
            in.readFully(body);
            int corr = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            return corr == correlationId ? null : Kind.NOT_KAFKA;
        } catch (EOFException e) {
            return Kind.TLS;
        } catch (SocketTimeoutException e) {
            return Kind.NO_ANSWER;
        }
    }

    /**
     * A message for a client whose {@code security.protocol} does not match the listener, naming
     * both and the settings to change; null when they match.
     */
    public static String mismatch(String bootstrapServers, String clientProtocol, Kind listener) {
        String p = clientProtocol == null ? "PLAINTEXT" : clientProtocol.trim().toUpperCase(Locale.ROOT);
        if (listener.matches(p) || listener == Kind.UNREACHABLE || listener == Kind.NOT_KAFKA || listener == Kind.NO_ANSWER) {
            return null;
        }
        String fix = switch (listener) {
            case TLS -> "set security.protocol=SASL_SSL (with sasl.mechanism=SCRAM-SHA-512 and the licence key) and a truststore"
                    + " holding the broker's CA";
            case SASL_PLAINTEXT -> "set security.protocol=SASL_PLAINTEXT with sasl.mechanism=SCRAM-SHA-512 and the licence key";
            default -> "set security.protocol=PLAINTEXT";
        };
        return "the security settings do not match the broker: " + bootstrapServers + " expects " + listener.description()
                + " but this client uses " + p + ": " + fix;
    }
}
