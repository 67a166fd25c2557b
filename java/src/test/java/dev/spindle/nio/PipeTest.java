package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pipe: blocking and non-blocking transfer, selection of both ends, end of stream, close and interrupt. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
    }

    private static String read(Pipe.SourceChannel source, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (source.read(b) < 0) throw new AssertionError("early end of stream");
        return new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void blockingReadWaitsForTheWriterThenSeesEndOfStream(boolean virtual) throws Exception {
        Pipe pipe = PROVIDER.openPipe();
        try (Pipe.SourceChannel source = pipe.source()) {
            Nio.Running<String> reader = Nio.blocked(virtual, () -> read(source, 5));
            pipe.sink().write(Nio.ascii("hello"));
            assertEquals("hello", Nio.resultOf(reader.result()));
            // More than a pipe holds (64 KiB on Linux): the blocking writer waits for the reader.
            byte[] big = new byte[1 << 20];
            Nio.Running<Integer> writer = Nio.run(virtual, () -> pipe.sink().write(ByteBuffer.wrap(big)));
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
            long total = 0;
            while (total < big.length) total += source.read(in.clear());
            assertEquals(big.length, Nio.resultOf(writer.result()));
            pipe.sink().close();
            assertEquals(-1, source.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void nonBlockingEndsWithASelector() throws Exception {
        Pipe pipe = PROVIDER.openPipe();
        try (Selector selector = PROVIDER.openSelector(); Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            sink.configureBlocking(false);
            assertEquals(0, source.read(ByteBuffer.allocate(4)), "nothing to read: 0, not a wait");
            SelectionKey r = source.register(selector, SelectionKey.OP_READ);
            SelectionKey w = sink.register(selector, SelectionKey.OP_WRITE);
            assertEquals(1, selector.select(10_000));
            assertEquals(java.util.Set.of(w), selector.selectedKeys());
            // Fill the pipe: the sink stops being writable, the source becomes readable.
            ByteBuffer chunk = ByteBuffer.allocate(4096);
            long written = 0;
            for (int i = 0; i < 10_000; i++) {
                int n = sink.write(chunk.clear());
                if (n == 0) break;
                written += n;
            }
            assertTrue(written > 0);
            selector.selectedKeys().clear();
            assertEquals(1, selector.select(10_000));
            assertEquals(java.util.Set.of(r), selector.selectedKeys());
            assertEquals(SelectionKey.OP_READ, r.readyOps());
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            long read = 0;
            for (int i = 0; i < 10_000 && read < written; i++) read += source.read(in.clear());
            assertEquals(written, read);
            assertEquals(0, source.read(in.clear()));
            selector.selectedKeys().clear();
            assertEquals(1, selector.select(10_000));
            assertEquals(java.util.Set.of(w), selector.selectedKeys(), "drained: writable again, not readable");
            // The sink's close makes the source readable, at end of stream.
            w.cancel();
            sink.close();
            selector.selectedKeys().clear();
            assertEquals(1, selector.select(10_000));
            assertTrue(r.isReadable());
            assertEquals(-1, source.read(in.clear()));
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeAndInterruptEndABlockedRead(boolean virtual) throws Exception {
        Pipe pipe = PROVIDER.openPipe();
        try (Pipe.SinkChannel sink = pipe.sink()) {
            Nio.Running<Integer> reader = Nio.blocked(virtual, () -> pipe.source().read(ByteBuffer.allocate(4)));
            pipe.source().close();
            assertInstanceOf(AsynchronousCloseException.class, Nio.failureOf(reader.result()));
        }
        Pipe other = PROVIDER.openPipe();
        try (Pipe.SinkChannel sink = other.sink()) {
            Nio.Running<Integer> reader = Nio.blocked(virtual, () -> other.source().read(ByteBuffer.allocate(4)));
            reader.thread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Nio.failureOf(reader.result()));
            assertFalse(other.source().isOpen());
        }
    }
}
