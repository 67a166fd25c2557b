package dev.spindle.examples.dropin;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain java.nio program with no knowledge of Spindle: an echo server on one thread with a
 * {@link Selector} and non-blocking {@link ServerSocketChannel} and {@link SocketChannel}s, and a
 * blocking {@link SocketChannel} client that sends messages over loopback and checks each echo.
 * Which provider runs it is up to the class path.
 *
 * <p>{@code java -cp ... dev.spindle.examples.dropin.NioEcho [messages]} prints the provider, and
 * exits with status 1 if an echo is wrong, the connection fails or the run takes over 30 seconds.
 */
public final class NioEcho {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);

    private NioEcho() {}

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        try {
            run(messages, TIME_LIMIT);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Starts the server, sends {@code messages} messages of 1 to 4096 bytes from one blocking client
     * and checks every echo; throws if any is wrong or the whole run takes longer than {@code limit}.
     */
    public static void run(int messages, Duration limit) throws Exception {
        System.out.println("SelectorProvider: " + SelectorProvider.provider().getClass().getName());
        try (Selector selector = Selector.open();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            AtomicBoolean stop = new AtomicBoolean();
            Thread serverThread = new Thread(() -> serve(selector, stop), "nio-echo-server");
            serverThread.setDaemon(true);
            serverThread.start();

            ExecutorService clientThread = Executors.newSingleThreadExecutor();
            try (SocketChannel client = SocketChannel.open()) {
                Future<?> done = clientThread.submit(() -> {
                    client.connect(server.getLocalAddress());
                    for (int i = 0; i < messages; i++) {
                        echo(client, message(i));
                    }
                    return null;
                });
                try {
                    done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new TimeoutException("echo of " + messages + " messages took over " + limit);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error x) throw x;
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            } finally {
                clientThread.shutdownNow(); // closing the client above unblocks it
                stop.set(true);
                selector.wakeup();
                serverThread.join(limit.toMillis());
            }
        }
        System.out.println("Echoed " + messages + " messages");
    }

    /** The i-th message: 1 to 4096 bytes, its content depending on i. */
    static byte[] message(int i) {
        byte[] m = new byte[1 + Math.floorMod(i * 997, 4096)];
        for (int j = 0; j < m.length; j++) {
            m[j] = (byte) (i * 31 + j);
        }
        return m;
    }

    private static void echo(SocketChannel client, byte[] message) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(message);
        while (out.hasRemaining()) {
            client.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(message.length);
        while (in.hasRemaining()) {
            if (client.read(in) < 0) {
                throw new EOFException("server closed after " + in.position() + " of " + message.length + " bytes");
            }
        }
        if (!Arrays.equals(in.array(), message)) {
            throw new AssertionError("echo differs from the " + message.length + "-byte message sent");
        }
    }

    /** The server loop: accept, read, write back, until {@code stop}; then closes the connections. */
    private static void serve(Selector selector, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16 * 1024));
                        }
                    } else {
                        pump(key);
                    }
                }
            }
        } catch (IOException e) {
            e.printStackTrace();
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.channel() instanceof SocketChannel c) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    /**
     * Reads what is there (when readable), writes back what it can; while bytes are left over, waits
     * for the socket to be writable instead of reading more.
     */
    private static void pump(SelectionKey key) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        ByteBuffer buf = (ByteBuffer) key.attachment(); // filling: position = bytes not yet echoed
        try {
            if (key.isReadable() && c.read(buf) < 0) {
                key.cancel();
                c.close();
                return;
            }
            buf.flip();
            c.write(buf);
            buf.compact();
            key.interestOps(buf.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) { // the client went away
            key.cancel();
            c.close();
        }
    }
}
