package dev.spindle.bench.server.containers;

import dev.spindle.Spindle;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.compare.ServerProcess;
import dev.spindle.bench.server.HttpHandler;
import dev.spindle.bench.server.Impl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each container impl started as {@code compare} starts it (its own JVM, its provider chosen by
 * {@link Impl#jvmOptions}), then driven over real keep-alive connections, several at once.
 */
class ContainerServersTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final int CONNECTIONS = 8;
    private static final int SEQUENTIAL = 200;
    private static final int PIPELINED = 20;

    @ParameterizedTest
    @ValueSource(strings = {"jetty-jdk", "jetty-spindle", "tomcat-jdk", "tomcat-spindle"})
    void answersEveryRequestOnEveryKeepAliveConnection(String impl) throws Exception {
        boolean spindle = Impl.parse(impl).spindleProvider();
        assumeTrue(!spindle || Spindle.isAvailable(), "Spindle's native library does not load here");
        ServerProcess server = new ServerProcess(impl, "http", new Pinning());
        try {
            String listening = server.awaitListening(60);
            String provider = spindle ? Impl.SPINDLE_PROVIDER : "sun.nio.ch.";
            assertTrue(listening.contains(" provider=" + provider), listening);
            List<Future<Integer>> answered = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS)) {
                for (int c = 0; c < CONNECTIONS; c++) answered.add(clients.submit(() -> exchange(impl, server.port)));
            }
            for (Future<Integer> a : answered) assertEquals(SEQUENTIAL + PIPELINED, a.get());
            assertTrue(server.alive(), server.output());
        } finally {
            server.close();
        }
        assertFalse(server.alive(), impl + " still running after close");
    }

    /** compare skips the containers in echo mode; asked for it directly, the server says why and never listens. */
    @Test
    void refusesEcho() throws Exception {
        ServerProcess server = new ServerProcess("jetty-jdk", "echo", new Pinning());
        try {
            IOException e = assertThrows(IOException.class, () -> server.awaitListening(60));
            assertTrue(e.getMessage().contains("jetty-jdk serves http only, not echo"), e.getMessage());
        } finally {
            server.close();
        }
    }

    /** One connection: requests one at a time, then a pipelined batch; returns the responses read. */
    private static int exchange(String impl, int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            int answered = 0;
            for (int i = 0; i < SEQUENTIAL; i++) {
                out.write(GET.getBytes(StandardCharsets.US_ASCII));
                checkResponse(impl, in);
                answered++;
            }
            out.write(GET.repeat(PIPELINED).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < PIPELINED; i++) {
                checkResponse(impl, in);
                answered++;
            }
            return answered;
        }
    }

    /**
     * Reads one response and checks it against the bench's own ({@link HttpHandler#RESPONSE}):
     * a 200, the same headers (in any order; Tomcat adds a Date it cannot be told to leave out),
     * the same body.
     */
    private static void checkResponse(String impl, InputStream in) throws IOException {
        Map<String, String> expected = headers(new ByteArrayInputStream(HttpHandler.RESPONSE));
        String status = line(in);
        assertTrue(status.startsWith("HTTP/1.1 200"), impl + " status: " + status);
        Map<String, String> got = headers(in);
        String date = got.remove("date");
        assertEquals(impl.startsWith("tomcat-"), date != null, impl + " Date header: " + date);
        assertEquals(expected, got, impl + " headers");
        byte[] body = in.readNBytes(Integer.parseInt(got.get("content-length")));
        assertEquals(HttpHandler.BODY, new String(body, StandardCharsets.US_ASCII), impl + " body");
    }

    /** Skips the status line of {@code in} when it is HttpHandler's; reads header lines up to the empty one, names lower-cased. */
    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            if (l.startsWith("HTTP/")) continue;
            int colon = l.indexOf(':');
            assertTrue(colon > 0, "header line: " + l);
            h.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return h;
    }

    /** One CRLF-terminated line, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("connection closed after \"" + sb + "\"");
            if (b != '\r') sb.append((char) b);
        }
        return sb.toString();
    }
}
