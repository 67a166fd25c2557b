package dev.spindle.internal.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipe and selector bindings in a real JVM: registered, and EPIPE (not a SIGPIPE death) with no reader. */
class NativeFdTest {
    @BeforeAll
    static void nativeOnly() {
        Assumptions.assumeTrue(dev.spindle.Spindle.isAvailable(), "native build only");
    }

    private static int readEnd(long pipe) { return (int) (pipe >>> 32); }

    private static int writeEnd(long pipe) { return (int) pipe; }

    @Test
    void pipeCarriesArraysAndBuffersThenEof() {
        long p = Native.pipe();
        assertTrue(p >= 0, "pipe: " + p);
        int r = readEnd(p), w = writeEnd(p);
        assertNotEquals(r, w);
        byte[] in = new byte[8];
        assertEquals(-Errno.EAGAIN, Native.fdReadArray(r, in, 0, in.length), "non-blocking when empty");
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, Native.fdWriteArray(w, hello, 0, 5));
        assertEquals(5, Native.fdReadArray(r, in, 1, 7));
        assertEquals("hello", new String(in, 1, 5, StandardCharsets.US_ASCII));
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.put(0, hello);
        assertEquals(3, Native.fdWriteBuffer(w, direct, 2, 3));
        assertEquals(3, Native.fdReadBuffer(r, direct, 8, 16 - 8));
        byte[] got = new byte[3];
        direct.get(8, got);
        assertArrayEquals("llo".getBytes(StandardCharsets.US_ASCII), got);
        assertEquals(0, Native.close(w));
        assertEquals(0, Native.fdReadArray(r, in, 0, in.length), "EOF once the write end is closed");
        assertEquals(0, Native.close(r));
    }

    /** The JVM's handler ignores SIGPIPE, so this process lives and the write reports EPIPE. */
    @Test
    void writeWithNoReaderIsEpipe() {
        long p = Native.pipe();
        assertEquals(0, Native.close(readEnd(p)));
        assertEquals(-Errno.EPIPE, Native.fdWriteArray(writeEnd(p), new byte[1], 0, 1));
        assertEquals(-Errno.EPIPE, Native.fdWriteBuffer(writeEnd(p), ByteBuffer.allocateDirect(1), 0, 1));
        assertEquals(0, Native.close(writeEnd(p)));
    }

    @Test
    void selectorIsLevelTriggered() {
        int pfd = Native.pollerCreate();
        long p = Native.pipe();
        int r = readEnd(p), w = writeEnd(p);
        ByteBuffer events = ByteBuffer.allocateDirect(NativeConstants.EVENT_SIZE * 4).order(ByteOrder.nativeOrder());
        long address = Native.bufferAddress(events);
        assertEquals(0, Native.selectorSet(pfd, r, 0, NativeConstants.SEL_READ, 77));
        assertEquals(0, Native.pollerWait(pfd, address, 4, 0));
        assertEquals(1, Native.fdWriteArray(w, new byte[1], 0, 1));
        for (int i = 0; i < 3; i++) { // unread data: reported on every wait
            assertEquals(1, Native.pollerWait(pfd, address, 4, 1000));
            assertEquals(77, events.getLong(NativeConstants.EVENT_TOKEN_OFFSET));
            assertTrue((events.getInt(NativeConstants.EVENT_BITS_OFFSET) & NativeConstants.EVENT_READ_MASK) != 0);
        }
        assertEquals(0, Native.selectorSet(pfd, r, NativeConstants.SEL_READ, 0, 77));
        assertEquals(0, Native.pollerWait(pfd, address, 4, 0));
        Native.close(r);
        Native.close(w);
        Native.pollerClose(pfd, -1, -1);
    }
}
