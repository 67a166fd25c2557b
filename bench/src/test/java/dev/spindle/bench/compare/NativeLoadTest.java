package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** bench/native's client against an echo server that never answers its first connection. */
class NativeLoadTest {
    private static final Path CLIENT = Path.of("target", "native", "spindle-echo-load");

    @Test
    void reportsTheConnectionTheServerStarves() throws Exception {
        assumeTrue(Files.isExecutable(CLIENT), "the C client is built in the compile phase");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> open = serve(server, true);
            RecordingWindow window = new RecordingWindow();
            LoadResult r = new NativeLoad(CLIENT, "echo", 16, new Pinning()).withTail(0.2)
                    .run(server.getLocalPort(), 4, 0.2, 2, window);
            assertEquals(List.of("begin", "end"), window.edges);
            assertTrue(r.requests() > 0, "requests: " + r);
            assertEquals(1, r.idleConns(), r.toString());
            assertEquals(1, r.starvedConns(), r.toString());
            assertEquals(0.0, r.minConnRps(), r.toString());
            synchronized (open) {
                for (Socket s : open) s.close();
            }
        }
    }

    /** Paced, the client starts round trips at the rate asked for, on every connection, and not faster. */
    @Test
    void pacedRunKeepsToItsRate() throws Exception {
        assumeTrue(Files.isExecutable(CLIENT), "the C client is built in the compile phase");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> open = serve(server, false);
            LoadResult r = new NativeLoad(CLIENT, "echo", 16, new Pinning()).withRate(500)
                    .run(server.getLocalPort(), 4, 0.3, 2, new RecordingWindow());
            // 500/s for 2 s: about 1,000 round trips, where a closed loop on loopback makes tens of thousands
            assertTrue(r.requests() >= 900 && r.requests() <= 1100, "requests: " + r);
            assertEquals(0, r.errors(), r.toString());
            assertEquals(0, r.idleConns(), "every connection takes its turn: " + r);
            synchronized (open) {
                for (Socket s : open) s.close();
            }
        }
    }

    /** Echoes on every accepted connection, but when {@code starveFirst} never answers the first; returns them as accepted. */
    private static List<Socket> serve(ServerSocket server, boolean starveFirst) {
        AtomicInteger accepted = new AtomicInteger();
        List<Socket> open = new ArrayList<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    synchronized (open) {
                        open.add(s);
                    }
                    boolean starve = starveFirst && accepted.getAndIncrement() == 0;
                    Thread.ofPlatform().daemon().start(() -> echo(s, starve));
                }
            } catch (IOException closed) {
                // test over
            }
        });
        return open;
    }

    private static void echo(Socket s, boolean starve) {
        byte[] buf = new byte[256];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (!starve) out.write(buf, 0, n);
            }
        } catch (IOException closed) {
            // the client went away
        }
    }
}
