package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class UnixFdPassingTest {
    private static final int O_CLOEXEC = 02000000; // Linux, as /proc/self/fdinfo shows it

    @BeforeEach
    void needsNatives() {
        Unix.assumeNative();
        assumeTrue(Unix.isLinux(), "counts fds through /proc");
    }

    /** A pipe's two ends as handles: [read, write]. */
    private static PassedFd[] pipe() {
        long both = Native.pipe();
        assertTrue(both >= 0, "pipe: " + both);
        return new PassedFd[] {new PassedFd((int) (both >>> 32)), new PassedFd((int) both)};
    }

    private static boolean isCloseOnExec(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)))
            if (line.startsWith("flags:")) return (Integer.parseInt(line.substring(6).trim(), 8) & O_CLOEXEC) != 0;
        throw new AssertionError("no flags in fdinfo of " + fd);
    }

    /** Writes one byte through a pipe end by its number. */
    private static void writeThrough(PassedFd end, byte b) {
        assertEquals(1, Native.fdWriteArray(end.fd(), new byte[] {b}, 0, 1));
    }

    /**
     * 10,000 fds, 10 per message, each a pipe's write end: every one received writes its byte into
     * the same pipe, is close-on-exec, and is closed; the process ends with as many fds as it began.
     */
    @ParameterizedTest(name = "virtual={0} direct={1}")
    @CsvSource({"false,false", "true,true"})
    void passesTenThousandFdsAndLeaksNone(boolean virtual, boolean direct) throws Exception {
        // Lazily opened fds (a poller restarted after an earlier test stopped them: three each) go in the baseline.
        for (UnixStream s : UnixStream.pair()) s.close();
        Thread.sleep(100);
        int before = Unix.openFds();
        UnixStream[] p = UnixStream.pair();
        PassedFd[] pipe = pipe();
        int messages = 1000, perMessage = 10;
        try (UnixStream a = p[0]; UnixStream b = p[1]; PassedFd r = pipe[0]; PassedFd w = pipe[1]) {
            Future<Integer> sender = Loopback.start(virtual, () -> {
                int[] same = new int[perMessage];
                java.util.Arrays.fill(same, w.fd());
                for (int i = 0; i < messages; i++) {
                    ByteBuffer one = direct ? ByteBuffer.allocateDirect(1) : ByteBuffer.allocate(1);
                    one.put((byte) i).flip();
                    a.write(one, same);
                }
                return messages;
            });
            Future<Integer> receiver = Loopback.start(virtual, () -> {
                ReceivedFds fds = new ReceivedFds(perMessage);
                ByteBuffer buf = direct ? ByteBuffer.allocateDirect(1) : ByteBuffer.allocate(1);
                ByteBuffer drain = ByteBuffer.allocateDirect(4096);
                int received = 0;
                for (int i = 0; i < messages; i++) {
                    assertEquals(1, b.read(buf.clear(), fds));
                    assertEquals((byte) i, buf.get(0));
                    assertEquals(perMessage, fds.count(), "message " + i);
                    assertFalse(fds.truncated());
                    for (PassedFd f : fds.fds()) {
                        try (f) {
                            if (received % 97 == 0) assertTrue(isCloseOnExec(f.fd()), "received fds are close-on-exec");
                            writeThrough(f, (byte) 'x');
                        }
                        received++;
                    }
                    // The original read end sees what the received write ends wrote.
                    int got = 0;
                    while (got < perMessage) {
                        int n = Native.fdReadBuffer(r.fd(), drain, 0, drain.capacity());
                        assertTrue(n > 0, "pipe read: " + n);
                        for (int k = 0; k < n; k++) assertEquals('x', drain.get(k));
                        got += n;
                    }
                }
                return received;
            });
            assertEquals(messages, sender.get(60, TimeUnit.SECONDS));
            assertEquals(messages * perMessage, receiver.get(60, TimeUnit.SECONDS));
        }
        // Closed channels release their fds as their last user leaves; a leak of 10,000 fds would stay.
        // (Two fds of slack for the JVM's own, as in ResourceLeakTest.)
        int after = Unix.openFds();
        for (long until = System.nanoTime() + 10_000_000_000L; after > before + 2 && System.nanoTime() < until; after = Unix.openFds())
            Thread.sleep(20);
        assertTrue(after <= before + 2, "no fd leaked: before " + before + ", after " + after);
    }

    @Test
    void tooSmallAnArrayClosesTheRestAndSaysSo() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            int before = Unix.openFds();
            PassedFd[] pipe = pipe();
            try (PassedFd r = pipe[0]; PassedFd w = pipe[1]) {
                a.write(Loopback.bytes("five"), w, w, w, w, w);
            }
            assertEquals(before, Unix.openFds(), "the message holds its own references");
            ReceivedFds two = new ReceivedFds(2);
            ByteBuffer buf = ByteBuffer.allocate(8);
            int n = 0;
            while (n < 4) n += b.read(buf, two.count() == 0 ? two : new ReceivedFds(0));
            assertEquals(2, two.count());
            assertEquals(3, two.dropped());
            assertTrue(two.truncated());
            assertEquals(before + 2, Unix.openFds(), "two handed over, three closed");
            two.fds().forEach(PassedFd::close);
            assertEquals(before, Unix.openFds());
            // No room at all: all closed, the bytes still arrive.
            PassedFd[] again = pipe();
            try (PassedFd r = again[0]; PassedFd w = again[1]) {
                a.write(Loopback.bytes("z"), w);
            }
            ReceivedFds none = new ReceivedFds(0);
            assertEquals(1, b.read(buf.clear(), none));
            assertEquals(0, none.count());
            assertEquals(1, none.dropped());
            assertEquals(before, Unix.openFds());
        }
    }

    @Test
    void aPlainReadDropsFdsWithoutLeaking() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            int before = Unix.openFds();
            PassedFd[] pipe = pipe();
            try (PassedFd r = pipe[0]; PassedFd w = pipe[1]) {
                a.write(Loopback.bytes("ab"), w, r);
            }
            assertEquals("ab", StandardCharsets.US_ASCII.decode(Loopback.readExactly(b, 2, false)).toString());
            assertEquals(before, Unix.openFds());
        }
    }

    @Test
    void aReceivedFileReadsTheSameContent() throws Exception {
        Path file = Files.createTempFile("spindle-fd", ".txt");
        Files.writeString(file, "same file");
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1];
                var channel = java.nio.channels.FileChannel.open(file)) {
            // The test's own fd for the file: the newest entry under /proc/self/fd pointing at it.
            int fd = fdOf(file);
            a.write(Loopback.bytes("f"), fd);
            ReceivedFds got = new ReceivedFds(1);
            assertEquals(1, b.read(ByteBuffer.allocate(1), got));
            try (PassedFd received = got.get(0)) {
                assertTrue(received.fd() != fd);
                assertEquals(file.toRealPath(), Files.readSymbolicLink(received.path()));
                assertEquals("same file", Files.readString(received.path()));
            }
        } finally {
            Files.delete(file);
        }
    }

    private static int fdOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(f -> {
                try {
                    return Files.readSymbolicLink(f).equals(real);
                } catch (IOException e) {
                    return false;
                }
            }).mapToInt(f -> Integer.parseInt(f.getFileName().toString())).max().orElseThrow();
        }
    }

    @Test
    void sendsSpindleSocketsThatWorkOnTheOtherSide() throws Exception {
        UnixStream[] carrier = UnixStream.pair();
        UnixStream[] passed = UnixStream.pair();
        TcpStream[] tcp = Loopback.pair();
        try (UnixStream a = carrier[0]; UnixStream b = carrier[1]; UnixStream keep = passed[0];
                TcpStream tcpKeep = tcp[0]) {
            try (PassedFd unix = PassedFd.dup(passed[1]); PassedFd t = PassedFd.dup(tcp[1])) {
                a.write(Loopback.bytes("2"), unix, t);
            }
            passed[1].close();
            tcp[1].close();
            ReceivedFds got = new ReceivedFds(2);
            assertEquals(1, b.read(ByteBuffer.allocate(1), got));
            assertEquals(2, got.count());
            assertThrows(IOException.class, () -> got.get(1).toUnixStream(), "a TCP socket is no UNIX stream");
            try (UnixStream u = got.get(0).toUnixStream(); TcpStream s = got.get(1).toTcpStream()) {
                assertFalse(got.get(0).isOpen(), "the stream owns the fd now");
                assertTrue(u.isConnected() && s.isConnected());
                u.write(Loopback.bytes("via unix"));
                assertEquals("via unix", StandardCharsets.US_ASCII.decode(Loopback.readExactly(keep, 8, false)).toString());
                tcpKeep.write(Loopback.bytes("to tcp"));
                assertEquals("to tcp", StandardCharsets.US_ASCII.decode(Loopback.readExactly(s, 6, true)).toString());
                assertEquals(tcpKeep.localAddress(), s.remoteAddress());
            }
        }
    }

    @Test
    void handsListenersOver() throws Exception {
        UnixStream[] carrier = UnixStream.pair();
        UnixDomainSocketAddress path = Unix.freshPath();
        try (UnixStream a = carrier[0]; UnixStream b = carrier[1];
                UnixListener unix = UnixListener.open(path); TcpListener tcp = Loopback.listener()) {
            try (PassedFd u = PassedFd.dup(unix); PassedFd t = PassedFd.dup(tcp)) {
                a.write(Loopback.bytes("L"), u, t);
            }
            ReceivedFds got = new ReceivedFds(2);
            assertEquals(1, b.read(ByteBuffer.allocate(1), got));
            try (UnixListener u = got.get(0).toUnixListener(); TcpListener t = got.get(1).toTcpListener()) {
                assertEquals(path, u.localAddress());
                assertEquals(tcp.localAddress(), t.localAddress());
                try (UnixStream c = UnixStream.open(path); UnixStream s = u.accept();
                        TcpStream tc = TcpStream.open(tcp.localAddress()); TcpStream ts = t.accept()) {
                    c.write(Loopback.bytes("u"));
                    assertEquals(1, Loopback.readExactly(s, 1, false).remaining());
                    tc.write(Loopback.bytes("t"));
                    assertEquals(1, Loopback.readExactly(ts, 1, true).remaining());
                }
            }
            assertTrue(Files.exists(path.getPath()), "the adopted listener did not create the file: its close leaves it");
        }
        assertFalse(Files.exists(path.getPath()), "the listener that bound it removes it");
    }

    @Test
    void argumentsAreChecked() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            assertThrows(IllegalArgumentException.class, () -> a.write(ByteBuffer.allocate(0), 0));
            assertThrows(IllegalArgumentException.class, () -> a.write(ByteBuffer.allocate(1), new int[ReceivedFds.MAX + 1]));
            assertThrows(IllegalArgumentException.class, () -> new ReceivedFds(ReceivedFds.MAX + 1));
            assertThrows(java.net.SocketException.class, () -> a.write(ByteBuffer.allocate(1), 1_000_000)); // EBADF
            PassedFd closed = pipe()[0];
            closed.close();
            assertThrows(IllegalStateException.class, closed::fd);
            assertEquals(1, a.write(ByteBuffer.allocate(1))); // still usable
        }
    }
}
