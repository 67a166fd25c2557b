package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sendFile and Splicer move exactly the right bytes (CRC32 on both sides): sizes 0, 1, 64 KiB and a
 * 1 GiB sparse file, offsets, short writes against a slow reader, a peer closing part way, and the
 * timeout, close and interrupt rules of write, on platform and virtual threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZeroCopyTest {
    private static Path dir, file;
    private static byte[] content;

    @BeforeAll
    static void makeFile() throws IOException {
        dir = Files.createTempDirectory("zerocopy");
        file = dir.resolve("data");
        content = new byte[300 * 1024 + 17];
        new Random(21).nextBytes(content);
        Files.write(file, content);
    }

    @AfterAll
    static void removeFile() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.delete(dir);
    }

    /** A file of {@code size} zero bytes, all hole. */
    private static Path hole(String name, long size) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    /** Reads until end of stream on its own thread: the byte count and CRC32. */
    private static Future<long[]> drain(ByteChannel in, boolean virtual) {
        return Loopback.start(virtual, () -> {
            try (in) {
                CRC32 c = new CRC32();
                ByteBuffer b = ByteBuffer.allocateDirect(256 * 1024);
                long total = 0;
                for (int n; (n = in.read(b.clear())) >= 0; total += n) c.update(b.flip());
                return new long[] {total, c.getValue()};
            }
        });
    }

    @Test
    void sendsFileRegionsExactly() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            long[][] regions = {{0, 0}, {0, 1}, {0, 64 * 1024}, {1, 64 * 1024}, {12345, 200_000}, {0, content.length},
                {content.length - 3, 3}};
            for (long[] r : regions) {
                TcpStream[] p = Loopback.pair();
                Future<long[]> got = drain(p[1], false);
                Future<Long> sent = Loopback.start(virtual, () -> {
                    try (TcpStream c = p[0]) {
                        return c.sendFile(file, r[0], r[1]);
                    }
                });
                assertEquals(r[1], sent.get(30, TimeUnit.SECONDS));
                long[] g = got.get(30, TimeUnit.SECONDS);
                assertEquals(r[1], g[0], "bytes of region " + r[0] + "+" + r[1]);
                assertEquals(crc(content, (int) r[0], (int) r[1]), g[1], "checksum of region " + r[0] + "+" + r[1]);
            }
        }
    }

    @Test
    void theFileEndingFirstSendsWhatThereIs() throws Exception {
        TcpStream[] p = Loopback.pair();
        Future<long[]> got = drain(p[1], true);
        try (TcpStream c = p[0]) {
            assertEquals(100, c.sendFile(file, content.length - 100, 1_000_000));
            assertEquals(0, c.sendFile(file, content.length + 5, 10));
            assertThrows(IllegalArgumentException.class, () -> c.sendFile(file, -1, 10));
            assertThrows(java.nio.file.NoSuchFileException.class, () -> c.sendFile(dir.resolve("missing"), 0, 10));
        }
        assertEquals(crc(content, content.length - 100, 100), got.get(30, TimeUnit.SECONDS)[1]);
    }

    /** A reader with a tiny buffer that takes its time: sendfile's writes come back short and wait for room. */
    @Test
    void shortWritesToASlowReader() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            try (TcpListener l = TcpListener.open()) {
                l.setOption(StandardSocketOptions.SO_RCVBUF, 4096).bind(Loopback.v4());
                Future<TcpStream> accepted = Loopback.start(false, l::accept);
                TcpStream c = TcpStream.open().setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                c.connect(l.localAddress());
                TcpStream s = accepted.get(10, TimeUnit.SECONDS);
                Future<long[]> got = Loopback.start(false, () -> {
                    try (s) {
                        CRC32 crc = new CRC32();
                        ByteBuffer b = ByteBuffer.allocate(1000);
                        long total = 0;
                        for (int n, i = 0; (n = s.read(b.clear())) >= 0; total += n, i++) {
                            crc.update(b.flip());
                            if (i % 20 == 0) Thread.sleep(1);
                        }
                        return new long[] {total, crc.getValue()};
                    }
                });
                Future<Long> sent = Loopback.start(virtual, () -> {
                    try (c) {
                        return c.sendFile(file, 7, content.length - 7);
                    }
                });
                assertEquals(content.length - 7, sent.get(60, TimeUnit.SECONDS));
                long[] g = got.get(60, TimeUnit.SECONDS);
                assertEquals(content.length - 7, g[0]);
                assertEquals(crc(content, 7, content.length - 7), g[1]);
            }
        }
    }

    /** 1 GiB, mostly a hole: sendfile reads zeros from the page cache; the ends carry data. */
    @Test
    void aSparseGibibyte() throws Exception {
        Path sparse = dir.resolve("sparse");
        long size = 1L << 30;
        byte[] head = "head of the sparse file".getBytes(), tail = "and its tail".getBytes();
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(size);
            f.write(head);
            f.seek(size - tail.length);
            f.write(tail);
        }
        CRC32 expected = new CRC32();
        expected.update(head);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long left = size - head.length - tail.length; left > 0; left -= zeros.limit())
            expected.update(zeros.clear().limit((int) Math.min(left, zeros.capacity())));
        expected.update(tail);
        try {
            TcpStream[] p = Loopback.pair();
            Future<long[]> got = drain(p[1], true);
            try (TcpStream c = p[0]) {
                assertEquals(size, c.sendFile(sparse, 0, size));
            }
            long[] g = got.get(100, TimeUnit.SECONDS);
            assertEquals(size, g[0]);
            assertEquals(expected.getValue(), g[1]);
        } finally {
            Files.delete(sparse);
        }
    }

    @Test
    void peerClosingPartWayFailsTheSend() throws Exception {
        assumeTrue(Spindle.isAvailable(), "the fallback's transferTo reports this its own way");
        Path big = hole("big", 256L << 20);
        try {
            for (boolean virtual : new boolean[] {false, true}) {
                TcpStream[] p = Loopback.pair();
                Future<Long> sent = Loopback.start(virtual, () -> {
                    try (TcpStream c = p[0]) {
                        return c.sendFile(big, 0, 256L << 20);
                    }
                });
                try (TcpStream s = p[1]) {
                    s.read(ByteBuffer.allocate(100_000)); // some, then close with data unread: a reset
                }
                Throwable t = Loopback.failureOf(sent);
                assertTrue(t instanceof SocketException, String.valueOf(t));
            }
        } finally {
            Files.delete(big);
        }
    }

    @Test
    void timeoutCloseAndInterruptAsForWrite() throws Exception {
        assumeTrue(Spindle.isAvailable(), "write timeouts need the native transport");
        Path big = hole("stall", 64L << 20);
        try {
            TcpStream[] p = Loopback.pair();
            try (TcpStream c = p[0]; TcpStream s = p[1]) {
                c.setWriteTimeout(Duration.ofMillis(300));
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, () -> c.sendFile(big, 0, 64L << 20));
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(290));
                assertTrue(c.isOpen(), "a timeout leaves the stream open, as for write");
            }
            for (boolean virtual : new boolean[] {false, true}) {
                TcpStream[] q = Loopback.pair();
                try (TcpStream c = q[0]; TcpStream s = q[1]) {
                    Loopback.Running<Long> r = Loopback.run(virtual, () -> c.sendFile(big, 0, 64L << 20));
                    Loopback.awaitBlocked(r.thread());
                    r.thread().interrupt();
                    assertTrue(Loopback.failureOf(r.result()) instanceof ClosedByInterruptException);
                    assertFalse(c.isOpen());
                }
                TcpStream[] w = Loopback.pair();
                try (TcpStream c = w[0]; TcpStream s = w[1]) {
                    Loopback.Running<Long> r = Loopback.run(virtual, () -> c.sendFile(big, 0, 64L << 20));
                    Loopback.awaitBlocked(r.thread());
                    c.close();
                    assertTrue(Loopback.failureOf(r.result()) instanceof java.nio.channels.AsynchronousCloseException);
                }
            }
        } finally {
            Files.delete(big);
        }
    }

    @Test
    void fromAFileChannelAndOverUnixStreams() throws Exception {
        assumeTrue(Spindle.isAvailable(), "UnixStream needs the native library");
        UnixStream[] u = UnixStream.pair();
        Future<long[]> got = drain(u[1], true);
        try (UnixStream a = u[0]; FileChannel fc = FileChannel.open(file)) {
            fc.position(5);
            assertEquals(1000, a.sendFile(fc, 100, 1000));
            assertEquals(5, fc.position(), "the channel's position is left alone");
            assertEquals(2000, a.sendFile(file, 1100, 2000));
        }
        long[] g = got.get(30, TimeUnit.SECONDS);
        assertEquals(3000, g[0]);
        assertEquals(crc(content, 100, 3000), g[1]);
    }

    /** A proxy: client -> (accepted) -> Splicer -> backend, both directions, 8 MiB each way. */
    @Test
    void splicerProxiesExactly() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            TcpStream[] front = Loopback.pair(); // [client, proxy's accepted side]
            TcpStream[] back = Loopback.pair(); // [proxy's backend side, backend]
            byte[] data = new byte[8 << 20];
            new Random(7).nextBytes(data);
            Future<Long> up = Loopback.start(virtual, () -> {
                try (Splicer s = Splicer.open()) {
                    long n = s.transferAll(front[1], back[0]);
                    back[0].shutdownOutput();
                    return n;
                }
            });
            Future<Long> down = Loopback.start(virtual, () -> {
                try (Splicer s = Splicer.open()) {
                    long n = s.transferAll(back[0], front[1]);
                    front[1].shutdownOutput();
                    return n;
                }
            });
            Future<long[]> atBackend = Loopback.start(virtual, () -> { // echoes what it gets, with its checksum
                CRC32 crc = new CRC32();
                ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
                long total = 0;
                for (int n; (n = back[1].read(b.clear())) >= 0; total += n) {
                    b.flip();
                    crc.update(b.duplicate());
                    back[1].write(b);
                }
                back[1].shutdownOutput();
                return new long[] {total, crc.getValue()};
            });
            Future<long[]> atClient = drain(front[0], virtual);
            front[0].write(ByteBuffer.wrap(data));
            front[0].shutdownOutput();
            long want = crc(data, 0, data.length);
            assertEquals(data.length, up.get(60, TimeUnit.SECONDS));
            long[] b = atBackend.get(60, TimeUnit.SECONDS);
            assertEquals(data.length, b[0]);
            assertEquals(want, b[1]);
            assertEquals(data.length, down.get(60, TimeUnit.SECONDS));
            long[] c = atClient.get(60, TimeUnit.SECONDS);
            assertEquals(data.length, c[0]);
            assertEquals(want, c[1]);
            for (TcpStream s : new TcpStream[] {front[1], back[0], back[1]}) s.close();
        }
    }

    @Test
    void splicerCopiesWhereItCannotSplice() throws Exception {
        assumeTrue(Spindle.isAvailable(), "UnixStream needs the native library");
        UnixStream[] u = UnixStream.pair();
        TcpStream[] t = Loopback.pair();
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        Future<long[]> got = drain(t[1], true);
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open(); // a JDK channel: copied
        try (Splicer s = Splicer.open(); UnixStream a = u[0]; UnixStream b = u[1]; TcpStream out = t[0]) {
            Future<Long> feed = Loopback.start(true, () -> {
                a.write(ByteBuffer.wrap(data));
                a.shutdownOutput();
                return 0L;
            });
            assertEquals(data.length, s.transferAll(b, out)); // UNIX to TCP: spliced on Linux
            feed.get(30, TimeUnit.SECONDS);
            pipe.sink().write(ByteBuffer.wrap(data, 0, 1000));
            pipe.sink().close();
            assertEquals(1000, s.transferAll(pipe.source(), out));
        } finally {
            pipe.source().close();
        }
        long[] g = got.get(30, TimeUnit.SECONDS);
        CRC32 want = new CRC32();
        want.update(data);
        want.update(data, 0, 1000);
        assertEquals(data.length + 1000, g[0]);
        assertEquals(want.getValue(), g[1]);
    }
}
