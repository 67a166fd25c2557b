package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Spindle;
import dev.spindle.internal.Settings;
import dev.spindle.internal.poll.Pollers;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ResourceLeakTest {
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) throw new AssertionError("no /proc/self/fd");
        return fds.length;
    }

    /** What each open fd points to, for failure messages. */
    private static java.util.List<String> fdTargets() throws java.io.IOException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (var dir = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            for (var p : (Iterable<java.nio.file.Path>) dir::iterator) {
                try {
                    out.add(p.getFileName() + "->" + java.nio.file.Files.readSymbolicLink(p));
                } catch (java.io.IOException gone) {
                    // closed while listing
                }
            }
        }
        return out;
    }

    private static java.util.List<String> uncheckedFdTargets() {
        try {
            return fdTargets();
        } catch (java.io.IOException e) {
            return java.util.List.of(e.toString());
        }
    }

    @Test
    void tenThousandConnectCloseCyclesLeakNoFd() throws Exception {
        try (TcpListener l = Loopback.listener()) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        try (TcpStream s = l.accept()) {
                            s.read(ByteBuffer.allocate(1)); // wait for the client's close
                        }
                    }
                } catch (AsynchronousCloseException expected) {
                    // the listener closed: done
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // Warm up so lazily opened fds (poller, jar, class files) are counted in the baseline.
            for (int i = 0; i < 100; i++) TcpStream.open(l.localAddress()).close();
            Thread.sleep(100);
            int before = openFds();
            for (int i = 0; i < 10_000; i++) {
                TcpStream s = TcpStream.open(l.localAddress());
                s.close();
            }
            // The acceptor closes the last few server ends a little later: a leak would stay, these go.
            // (Two fds of slack for the JVM's own; a leak over 10,000 cycles would be far more.)
            int after = openFds();
            for (long until = System.nanoTime() + 10_000_000_000L; after > before + 2 && System.nanoTime() < until; ) {
                Thread.sleep(20);
                after = openFds();
            }
            assertTrue(after <= before + 2, "fds before " + before + ", after " + after);
            l.close();
            acceptor.join(10_000);
        }
    }

    @Test
    void shutdownClosesChannelsAndStopsPollers() throws Exception {
        int baseline;
        Spindle.shutdown();
        // Warm up the JDK socket used as the peer, which opens fds of its own once.
        try (TcpListener warm = Loopback.listener();
             java.net.Socket s = new java.net.Socket(warm.localAddress().getAddress(), warm.localAddress().getPort())) {
            warm.accept().close();
        }
        // And a virtual thread blocked on a socket, which starts the JDK's own poller in fallback mode.
        TcpStream[] w = Loopback.pair();
        var warmRead = Loopback.start(true, () -> w[0].read(ByteBuffer.allocate(1)));
        Thread.sleep(20);
        w[1].write(Loopback.bytes("w"));
        assertEquals(1, warmRead.get());
        w[0].close();
        w[1].close();
        Spindle.shutdown();
        baseline = openFds();
        var before = fdTargets();
        // The peer is a JDK socket, so shutdown cannot end the connection from the other side.
        TcpListener l = Loopback.listener();
        try (java.net.Socket peer = new java.net.Socket(l.localAddress().getAddress(), l.localAddress().getPort())) {
            TcpStream accepted = l.accept();
            var reader = Loopback.start(true, () -> accepted.read(ByteBuffer.allocate(1)));
            Thread.sleep(50);
            if (Spindle.isAvailable()) assertTrue(Pollers.running() > 0);
            Spindle.shutdown();
            assertTrue(Loopback.failureOf(reader) instanceof AsynchronousCloseException);
            assertTrue(!accepted.isOpen() && !l.isOpen());
            assertEquals(0, Pollers.running());
            assertEquals(-1, peer.getInputStream().read(), "the peer sees the close");
        }
        assertEquals(baseline, openFds(), () -> "every socket, epoll and eventfd fd is closed; before "
                + before + " after " + uncheckedFdTargets());
        // Pollers come back on the next use.
        TcpStream[] again = Loopback.pair();
        again[0].write(Loopback.bytes("x"));
        assertEquals(1, Loopback.readExactly(again[1], 1, false).remaining());
        again[0].close();
        again[1].close();
    }

    @Test
    void idlePollersStopByThemselves() throws Exception {
        TcpStream[] p = Loopback.pair();
        p[0].close();
        p[1].close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Pollers.running() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(0, Pollers.running(), "pollers stop after " + Settings.POLLER_IDLE_MILLIS.get() + " ms idle");
    }
}
