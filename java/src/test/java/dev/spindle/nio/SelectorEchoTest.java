package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A plain selector-driven echo server, written as any NIO program would be, on Spindle's provider. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorEchoTest {
    static final SpindleSelectorProvider PROVIDER = new SpindleSelectorProvider();

    @Test
    void selectorServerEchoesManyClients() throws Exception {
        Nio.assumeNative();
        try (Selector selector = PROVIDER.openSelector(); ServerSocketChannel server = PROVIDER.openServerSocketChannel()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            assertSame(PROVIDER, selector.provider());
            int clients = 20, messages = 50;
            Thread loop = Thread.ofPlatform().start(() -> serve(selector));
            try {
                Thread[] threads = new Thread[clients];
                Throwable[] failures = new Throwable[clients];
                for (int c = 0; c < clients; c++) {
                    int id = c;
                    threads[c] = Thread.ofVirtual().start(() -> {
                        try (SocketChannel ch = PROVIDER.openSocketChannel()) {
                            ch.connect(server.getLocalAddress());
                            Random random = new Random(id);
                            for (int m = 0; m < messages; m++) {
                                byte[] out = new byte[1 + random.nextInt(8192)];
                                random.nextBytes(out);
                                ch.write(ByteBuffer.wrap(out));
                                ByteBuffer in = ByteBuffer.allocate(out.length);
                                while (in.hasRemaining()) if (ch.read(in) < 0) throw new IOException("early EOF");
                                assertArrayEquals(out, in.array());
                            }
                        } catch (Throwable t) {
                            failures[id] = t;
                        }
                    });
                }
                for (int c = 0; c < clients; c++) {
                    threads[c].join();
                    if (failures[c] != null) throw new AssertionError("client " + c, failures[c]);
                }
            } finally {
                loop.interrupt();
                selector.wakeup();
                loop.join();
            }
        }
    }

    private static void serve(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16384);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(1000);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isAcceptable()) {
                        SocketChannel client = ((ServerSocketChannel) key.channel()).accept();
                        if (client == null) continue;
                        client.configureBlocking(false);
                        client.register(selector, SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        SocketChannel client = (SocketChannel) key.channel();
                        buffer.clear();
                        int n = client.read(buffer);
                        if (n < 0) {
                            key.cancel();
                            client.close();
                            continue;
                        }
                        buffer.flip();
                        while (buffer.hasRemaining()) client.write(buffer); // small echoes: spins briefly at worst
                    }
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
