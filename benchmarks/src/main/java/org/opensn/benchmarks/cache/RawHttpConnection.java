package org.opensn.benchmarks.cache;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection issuing GETs one at a time: a load generator with as little
 * overhead of its own as possible, so that both endpoints compared see the same client.
 * Handles Content-Length and chunked answers.
 */
final class RawHttpConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private byte[] body = new byte[8192];
    private int bodyLength;

    RawHttpConnection(String host, int port) throws IOException {
        this.host = host + ":" + port;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    /** Sends {@code GET path}; returns the status; the body is in {@link #body()}. */
    int get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && h.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        bodyLength = 0;
        if (chunked) {
            int size;
            while ((size = Integer.parseInt(line().trim(), 16)) > 0) {
                read(size);
                line();
            }
            line();
        } else if (length >= 0) {
            read(length);
        } else {
            throw new IOException("answer without Content-Length or chunked encoding");
        }
        return code;
    }

    String body() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    int bodyLength() {
        return bodyLength;
    }

    private void read(int n) throws IOException {
        if (bodyLength + n > body.length) {
            body = java.util.Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
        }
        int off = bodyLength;
        int end = bodyLength + n;
        while (off < end) {
            int r = in.read(body, off, end - off);
            if (r < 0) {
                throw new IOException("connection closed in the middle of an answer");
            }
            off += r;
        }
        bodyLength = end;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
