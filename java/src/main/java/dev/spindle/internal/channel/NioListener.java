package dev.spindle.internal.channel;

import dev.spindle.internal.poll.JdkFallback;
import dev.spindle.internal.poll.Timeouts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The fallback under {@code TcpListener}: a blocking {@link ServerSocketChannel}; see {@link NioStream}. */
public final class NioListener implements ListenerIo {
    private final Channel owner;
    private final ServerSocketChannel channel;
    private volatile int acceptTimeoutMillis;

    public NioListener(Channel owner, ServerSocketChannel channel) throws IOException {
        this.owner = owner;
        this.channel = channel;
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        JdkFallback.track(owner);
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public void setAcceptTimeout(long nanos) throws IOException {
        acceptTimeoutMillis = NioStream.millis(nanos);
        channel.socket().setSoTimeout(acceptTimeoutMillis);
    }

    @Override
    public void bind(InetSocketAddress local, int backlog) throws IOException {
        channel.bind(local, backlog);
    }

    @Override
    public boolean isBound() {
        return channel.socket().isBound();
    }

    @Override
    public Accepted accept() throws IOException {
        SocketChannel client;
        try {
            client = acceptTimeoutMillis == 0
                    ? channel.accept()
                    : channel.socket().accept().getChannel(); // the adaptor honours SO_TIMEOUT
        } catch (java.net.SocketTimeoutException e) {
            throw NioStream.withCause(new java.net.SocketTimeoutException(
                    "accept timed out after " + Timeouts.describe(acceptTimeoutMillis * 1_000_000L)), e);
        } catch (IOException e) {
            throw NioStream.mirrorClose(channel, owner, e);
        }
        return owner -> new NioStream(owner.channel(), client);
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void setOption(SocketOption<?> name, Object value) throws IOException {
        SocketState.checkSupported(SocketState.LISTENER_OPTIONS, name);
        NioStream.setJdkOption(channel, name, value);
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketState.checkSupported(SocketState.LISTENER_OPTIONS, name);
        return channel.getOption(name);
    }

    @Override
    public void close() throws IOException {
        JdkFallback.untrack(owner);
        channel.close();
    }
}
