package dev.spindle.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Blocking {@link SocketChannel} / {@link ServerSocketChannel}, opened with
 * {@code open()}, so they come from whatever {@link java.nio.channels.spi.SelectorProvider}
 * the JVM has installed: the JDK's, or Spindle's with
 * {@code -Djava.nio.channels.spi.SelectorProvider=dev.spindle.nio.SpindleSelectorProvider}.
 *
 * <p>The streams handed to the handlers are thin and call only the public channel API,
 * {@code read(ByteBuffer)} / {@code write(ByteBuffer)} on a heap buffer wrapping the
 * handler's array. ({@code Channels.newInputStream} is not used on purpose: for the JDK's
 * own {@code SocketChannelImpl} it takes an internal shortcut that bypasses
 * {@code SocketChannel.read}, which a third-party provider cannot take, so the two
 * providers would not run the same code.)
 */
final class NioChannelTransport implements Transport {
    @Override
    public Listener listen(InetSocketAddress address, int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, backlog);
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                SocketChannel ch = server.accept();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new ChannelConnection(ch);
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }

    private static final class ChannelConnection implements Connection {
        private final SocketChannel ch;
        private final InputStream in;
        private final OutputStream out;

        ChannelConnection(SocketChannel ch) {
            this.ch = ch;
            this.in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) return 0;
                    return ch.read(ByteBuffer.wrap(b, off, len)); // blocking: > 0, or -1 at EOF
                }
            };
            this.out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) ch.write(buf); // blocking: writes everything, normally in one call
                }
            };
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
