package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class TransferTest {
    private static final int MIB = 1 << 20;

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Sends 1 MiB each way at once, so both send buffers fill and both writers must wait. */
    @Test
    void oneMebibyteBothWaysWithChecksums() throws Exception {
        TcpStream[] p = Loopback.pair();
        byte[] a = random(1, MIB), b = random(2, MIB);
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            Future<Integer> cw = Loopback.start(true, () -> c.write(ByteBuffer.wrap(a)));
            Future<Integer> sw = Loopback.start(false, () -> s.write(ByteBuffer.allocateDirect(MIB).put(b).flip()));
            Future<Long> cr = Loopback.start(false, () -> crcOfRead(c, true));
            Future<Long> sr = Loopback.start(true, () -> crcOfRead(s, false));
            assertEquals(MIB, cw.get(30, TimeUnit.SECONDS));
            assertEquals(MIB, sw.get(30, TimeUnit.SECONDS));
            assertEquals(crc(b), cr.get(30, TimeUnit.SECONDS));
            assertEquals(crc(a), sr.get(30, TimeUnit.SECONDS));
        }
    }

    /**
     * A write returns only when all of it is written, on every path, so what the peer reads after
     * the writer closes is everything: 8 MiB, more than the socket buffers hold.
     */
    @ParameterizedTest(name = "{0} virtual={1}")
    @CsvSource({"stream,false", "stream,true", "heap,false", "heap,true", "direct,true", "gather,true"})
    void eightMebibytesThenCloseArriveWhole(String how, boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        byte[] data = random(3, 8 * MIB);
        try (TcpStream s = p[1]) {
            TcpStream c = p[0];
            Future<Long> read = Loopback.start(true, () -> crcToEnd(s));
            Future<Long> wrote = Loopback.start(virtual, () -> {
                try (c) {
                    return switch (how) {
                        case "stream" -> {
                            c.outputStream().write(data);
                            yield (long) data.length;
                        }
                        case "heap" -> (long) c.write(ByteBuffer.wrap(data));
                        case "direct" -> (long) c.write(ByteBuffer.allocateDirect(data.length).put(data).flip());
                        default -> c.write(new ByteBuffer[] {
                                ByteBuffer.wrap(data, 0, MIB), ByteBuffer.wrap(data, MIB, data.length - MIB)});
                    };
                }
            });
            assertEquals(data.length, wrote.get(30, TimeUnit.SECONDS));
            assertEquals(crc(data), read.get(30, TimeUnit.SECONDS), "the peer did not read all 8 MiB");
        }
    }

    /** Reads to the end of stream; the CRC32 of all of it (its length is checked by the CRC). */
    private static long crcToEnd(TcpStream s) throws Exception {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (s.read(buf.clear()) >= 0) crc.update(buf.flip());
        return crc.getValue();
    }

    /** Reads exactly 1 MiB in odd-sized chunks and returns its CRC32. */
    private static long crcOfRead(TcpStream s, boolean direct) throws Exception {
        CRC32 crc = new CRC32();
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(7919) : ByteBuffer.allocate(7919);
        long total = 0;
        while (total < MIB) {
            buf.clear().limit((int) Math.min(buf.capacity(), MIB - total));
            int n = s.read(buf);
            if (n < 0) throw new AssertionError("early end of stream after " + total);
            buf.flip();
            crc.update(buf);
            total += n;
        }
        return crc.getValue();
    }

    @Test
    void gatheringAndScatteringDirect() throws Exception {
        gatherScatter(true);
    }

    @Test
    void gatheringAndScatteringHeap() throws Exception {
        gatherScatter(false);
    }

    private static void gatherScatter(boolean direct) throws Exception {
        TcpStream[] p = Loopback.pair();
        byte[] data = random(3, 300_000);
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            ByteBuffer[] out = new ByteBuffer[100];
            int chunk = data.length / out.length;
            for (int i = 0; i < out.length; i++) {
                out[i] = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
                out[i].put(data, i * chunk, chunk).flip();
            }
            Future<Long> writer = Loopback.start(true, () -> c.write(out));
            byte[] got = new byte[data.length];
            int filled = 0;
            while (filled < data.length) {
                ByteBuffer[] in = {ByteBuffer.allocateDirect(1000), ByteBuffer.allocate(0), ByteBuffer.allocateDirect(5000)};
                if (!direct) in[0] = ByteBuffer.allocate(1000);
                long n = s.read(in, 0, 3);
                if (n < 0) throw new AssertionError("early end of stream");
                for (ByteBuffer b : in) {
                    b.flip();
                    int len = b.remaining();
                    b.get(got, filled, len);
                    filled += len;
                }
            }
            assertEquals(data.length, writer.get(30, TimeUnit.SECONDS));
            assertArrayEquals(data, got);
        }
    }

    @Test
    void readOnlyHeapBufferIsWritten() throws Exception {
        TcpStream[] p = Loopback.pair();
        byte[] data = random(4, 100_000);
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            Future<Integer> w = Loopback.start(false, () -> c.write(ByteBuffer.wrap(data).asReadOnlyBuffer()));
            ByteBuffer got = Loopback.readExactly(s, data.length, false);
            assertEquals(data.length, w.get(10, TimeUnit.SECONDS));
            assertArrayEquals(data, got.array());
        }
    }

    @Test
    void bufferSlicesHonourOffsets() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            ByteBuffer src = ByteBuffer.wrap("..hello..".getBytes()).position(2).limit(7).slice();
            assertEquals(5, c.write(src));
            ByteBuffer dst = ByteBuffer.allocate(16).position(3).slice();
            ByteBuffer got = Loopback.readExactly(s, 5, false);
            dst.put(got);
            assertEquals("hello", new String(dst.array(), 3, 5));
        }
    }
}
