package dev.spindle.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;

/** The fallback under {@link TcpListener}: a blocking {@link ServerSocketChannel}; see {@link NioStream}. */
final class NioListener {
    private final TcpListener owner;
    final ServerSocketChannel channel;
    private volatile int acceptTimeoutMillis;

    NioListener(TcpListener owner, ServerSocketChannel channel) {
        this.owner = owner;
        this.channel = channel;
    }

    void setAcceptTimeout(long nanos) throws SocketException {
        acceptTimeoutMillis = NioStream.millis(nanos);
        channel.socket().setSoTimeout(acceptTimeoutMillis);
    }

    void bind(InetSocketAddress local, int backlog) throws IOException {
        channel.bind(local, backlog);
    }

    TcpStream accept() throws IOException {
        try {
            return TcpStream.fallback(acceptTimeoutMillis == 0
                    ? channel.accept()
                    : channel.socket().accept().getChannel()); // the adaptor honours SO_TIMEOUT
        } catch (java.net.SocketTimeoutException e) {
            throw NioStream.withCause(new java.net.SocketTimeoutException(
                    "accept timed out after " + dev.spindle.internal.poll.Timeouts.describe(acceptTimeoutMillis * 1_000_000L)), e);
        } catch (IOException e) {
            throw NioStream.mirrorClose(channel, owner, e);
        }
    }
}
