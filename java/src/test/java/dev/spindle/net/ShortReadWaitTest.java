package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A reader whose last read came back short waits for the next edge without reading to EAGAIN
 * first (poller.h, sp_short_read_drains). These peers try to make that wait miss data: messages in
 * random chunks with the reader waiting for each whole message before it answers (so no later
 * data or FIN could rescue a lost wake-up), data followed at once by FIN, and urgent data, which
 * stops a read short with more data behind it. Every read has a timeout, so a lost wake-up fails
 * the test instead of hanging it.
 */
class ShortReadWaitTest {
    private static final Duration STUCK = Duration.ofSeconds(20);

    @Test
    void chunkedMessagesArriveWholeOnVirtualAndPlatformReaders() throws Exception {
        try (TcpListener l = Loopback.listener()) {
            List<Future<Long>> readers = new ArrayList<>();
            List<Future<Long>> writers = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int seed = c;
                boolean direct = c % 2 == 0;
                writers.add(Loopback.start(false, () -> writeMessages(l, seed)));
                TcpStream s = l.accept(); // writer c's: the next writer starts after this
                readers.add(Loopback.start(c % 4 != 3, () -> readMessages(s, direct)));
            }
            for (int c = 0; c < readers.size(); c++) {
                assertEquals(writers.get(c).get(120, TimeUnit.SECONDS), readers.get(c).get(120, TimeUnit.SECONDS),
                        "bytes written and read on connection " + c);
            }
        }
    }

    /** Length-prefixed messages in random chunks; waits for a one-byte answer after each. */
    private static long writeMessages(TcpListener l, int seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long total = 0;
        try (Socket s = new Socket(l.localAddress().getAddress(), l.localAddress().getPort())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) STUCK.toMillis());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            InputStream in = s.getInputStream();
            for (int m = 0; m < 300; m++) {
                int len = 1 + random.nextInt(random.nextBoolean() ? 100 : 20_000);
                out.writeInt(len);
                for (int sent = 0; sent < len; ) {
                    int chunk = Math.min(len - sent, 1 + random.nextInt(3000));
                    byte[] b = new byte[chunk];
                    for (int i = 0; i < chunk; i++) b[i] = (byte) (sent + i);
                    out.write(b);
                    out.flush();
                    sent += chunk;
                    if (random.nextInt(8) == 0) Thread.sleep(0, random.nextInt(200_000));
                }
                total += len;
                assertEquals(m & 0x7f, in.read(), "answer to message " + m);
            }
            s.shutdownOutput();
            assertEquals(-1, in.read());
        }
        return total;
    }

    private static long readMessages(TcpStream s, boolean direct) throws Exception {
        try (s) {
            s.setReadTimeout(STUCK);
            ByteBuffer buf = direct ? ByteBuffer.allocateDirect(4096) : ByteBuffer.allocate(4096);
            long total = 0;
            for (int m = 0; ; m++) {
                ByteBuffer header = ByteBuffer.allocate(4);
                if (!readFully(s, header)) return total;
                int len = header.getInt(0), got = 0;
                while (got < len) {
                    buf.clear().limit(Math.min(buf.capacity(), len - got));
                    int n = s.read(buf);
                    if (n < 0) throw new AssertionError("end of stream inside message " + m);
                    for (int i = 0; i < n; i++) assertEquals((byte) (got + i), buf.get(i), "byte " + (got + i) + " of message " + m);
                    got += n;
                }
                total += len;
                s.write(ByteBuffer.wrap(new byte[] {(byte) (m & 0x7f)}));
            }
        }
    }

    private static boolean readFully(TcpStream s, ByteBuffer b) throws Exception {
        while (b.hasRemaining()) {
            if (s.read(b) < 0) {
                if (b.position() == 0) return false;
                throw new AssertionError("end of stream inside a header");
            }
        }
        return true;
    }

    @Test
    void endOfStreamRightAfterDataIsSeen() throws Exception {
        try (TcpListener l = Loopback.listener()) {
            for (int i = 0; i < 300; i++) {
                int size = 1 + i % 50;
                Future<Void> peer = Loopback.start(false, () -> {
                    try (Socket s = new Socket(l.localAddress().getAddress(), l.localAddress().getPort())) {
                        s.getOutputStream().write(new byte[size]);
                        s.shutdownOutput(); // FIN right behind the data: one edge may carry both
                        assertEquals(-1, s.getInputStream().read());
                    }
                    return null;
                });
                try (TcpStream s = l.accept()) {
                    s.setReadTimeout(STUCK);
                    int got = 0;
                    Future<Integer> read = Loopback.start(i % 2 == 0, () -> {
                        ByteBuffer b = ByteBuffer.allocate(4096); // bigger than the data: every read is short
                        int total = 0;
                        for (int n; (n = s.read(b.clear())) > 0; ) total += n;
                        return total;
                    });
                    got = read.get(60, TimeUnit.SECONDS);
                    assertEquals(size, got, "bytes before end of stream, round " + i);
                }
                peer.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void urgentDataDoesNotStrandTheBytesBehindIt() throws Exception {
        try (TcpListener l = Loopback.listener()) {
            Future<Void> peer = Loopback.start(false, () -> {
                try (Socket s = new Socket(l.localAddress().getAddress(), l.localAddress().getPort())) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout((int) STUCK.toMillis());
                    OutputStream out = s.getOutputStream();
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    for (int round = 0; round < 200; round++) {
                        out.write(new byte[] {'a', 'b', 'c'});
                        s.sendUrgentData(0x55); // a read stops short before the mark: "def" is behind it
                        out.write(new byte[] {'d', 'e', 'f'});
                        assertEquals(round & 0x7f, in.read(), "answer to round " + round);
                    }
                }
                return null;
            });
            try (TcpStream s = l.accept()) {
                s.setReadTimeout(STUCK);
                Future<Void> reader = Loopback.start(true, () -> {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    for (int round = 0; round < 200; round++) {
                        b.clear().limit(6);
                        while (b.hasRemaining()) if (s.read(b) < 0) throw new AssertionError("end of stream in round " + round);
                        assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 'e', 'f'}, java.util.Arrays.copyOf(b.array(), 6),
                                "round " + round + " (the urgent byte is not inline)");
                        s.write(ByteBuffer.wrap(new byte[] {(byte) (round & 0x7f)}));
                    }
                    return null;
                });
                reader.get(120, TimeUnit.SECONDS);
            }
            peer.get(60, TimeUnit.SECONDS);
        }
    }
}
