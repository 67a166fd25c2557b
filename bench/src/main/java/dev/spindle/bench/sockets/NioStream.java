package dev.spindle.bench.sockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A blocking {@link SocketChannel}, from whatever {@link java.nio.channels.spi.SelectorProvider} the
 * JVM has installed: the JDK's, or Spindle's with
 * {@code -Djava.nio.channels.spi.SelectorProvider=dev.spindle.nio.SpindleSelectorProvider}.
 *
 * <p>Its streams are thin and call only the public channel API, {@code read(ByteBuffer)} /
 * {@code write(ByteBuffer)} on a heap buffer wrapping the caller's array. ({@code Channels.newInputStream}
 * is not used on purpose: for the JDK's own {@code SocketChannelImpl} it takes an internal shortcut that
 * bypasses {@code SocketChannel.read}, which a third-party provider cannot take, so the two providers
 * would not run the same code.)
 *
 * <p>Public for its {@link #channel()}: an event loop registers it with a Selector.
 */
public final class NioStream extends StreamSocket {
    private final SocketChannel channel;

    NioStream(SocketChannel channel) {
        super(channel);
        this.channel = channel;
    }

    /** The channel, for a Selector. */
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) channel.write(src); // blocking: writes everything, normally in one call
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** A new stream each call, as Channels.newInputStream makes one: a socket that is never read as a stream carries none. */
    @Override
    public InputStream in() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                return channel.read(ByteBuffer.wrap(b, off, len)); // blocking: > 0, or -1 at EOF
            }
        };
    }

    /** A new stream each call, like {@link #in()}. */
    @Override
    public OutputStream out() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                NioStream.this.write(ByteBuffer.wrap(b, off, len));
            }
        };
    }
}
