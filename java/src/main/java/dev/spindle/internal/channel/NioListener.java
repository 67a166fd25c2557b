package dev.spindle.internal.channel;

import dev.spindle.internal.poll.JdkFallback;
import dev.spindle.internal.poll.Timeouts;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fallback under {@code TcpListener}: a {@link ServerSocketChannel} in non-blocking mode and a
 * {@link Selector} to wait on. Not the channel's blocking accept: that one closes the channel when an
 * interrupt lands just as the kernel hands over a connection, and the connection's fd is lost. A
 * non-blocking accept cannot be interrupted, so here an interrupt ends only the wait.
 */
public final class NioListener implements ListenerIo {
    private final Channel owner;
    private final ServerSocketChannel channel;
    private final SocketOptions options;
    private final Selector selector;
    private final ReentrantLock acceptLock = new ReentrantLock(); // one thread selects at a time
    private volatile long acceptTimeoutNanos;

    public NioListener(Channel owner, ServerSocketChannel channel) throws IOException {
        this.owner = owner;
        this.channel = channel;
        this.options = SocketOptions.of(channel);
        Selector s = null;
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.configureBlocking(false);
            s = Selector.open();
            channel.register(s, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            if (s != null) s.close();
            channel.close();
            throw e;
        }
        this.selector = s;
        JdkFallback.track(owner);
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public void setAcceptTimeout(long nanos) {
        acceptTimeoutNanos = nanos;
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        channel.bind(local, backlog);
    }

    @Override
    public boolean isBound() {
        return channel.socket().isBound();
    }

    @Override
    public Accepted accept() throws IOException {
        SocketChannel client = acceptOrWait();
        return owner -> new NioStream(owner.channel(), client);
    }

    private SocketChannel acceptOrWait() throws IOException {
        long timeout = acceptTimeoutNanos, deadline = Timeouts.UNSET;
        if (!owner.isOpen()) throw new ClosedChannelException();
        try {
            acceptLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            owner.close();
            throw new ClosedByInterruptException();
        }
        try {
            for (;;) {
                if (!owner.isOpen()) throw new AsynchronousCloseException();
                SocketChannel client = channel.accept(); // non-blocking: a new channel is blocking
                if (client != null) return client;
                if (deadline == Timeouts.UNSET) deadline = Timeouts.deadline(timeout);
                if (Timeouts.expired(deadline))
                    throw new SocketTimeoutException("accept timed out after " + Timeouts.describe(timeout));
                int millis = Timeouts.pollMillis(deadline);
                selector.select(millis < 0 ? 0 : Math.max(millis, 1));
                selector.selectedKeys().clear();
                if (Thread.currentThread().isInterrupted()) {
                    owner.close();
                    throw new ClosedByInterruptException();
                }
            }
        } catch (ClosedSelectorException e) { // closed under the wait
            throw NioStream.withCause(new AsynchronousCloseException(), e);
        } catch (IOException e) {
            throw NioStream.mirrorClose(channel, owner, e);
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public SocketOptions options() {
        return options;
    }

    /** Closing the selector wakes an accept waiting on it. */
    @Override
    public void close() throws IOException {
        JdkFallback.untrack(owner);
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }
}
