package dev.spindle.internal.channel;

import dev.spindle.Spindle;
import dev.spindle.internal.poll.JdkFallback;
import dev.spindle.internal.poll.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;

/**
 * The fallback under {@code TcpStream} when the native library cannot load: a blocking
 * {@link SocketChannel}. Read timeouts go through the JDK's socket adaptor, which honours
 * SO_TIMEOUT. When the JDK channel closes under a call (interrupt, close), its owner closes too.
 */
public final class NioStream implements StreamIo {
    private final Channel owner;
    private final SocketChannel channel;
    private final SocketOptions options;
    private volatile int readTimeoutMillis;

    public NioStream(Channel owner, SocketChannel channel) {
        this.owner = owner;
        this.channel = channel;
        this.options = SocketOptions.of(channel);
        JdkFallback.track(owner);
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public void setReadTimeout(long nanos) throws SocketException {
        readTimeoutMillis = millis(nanos);
        channel.socket().setSoTimeout(readTimeoutMillis);
    }

    /** Rounded up, so a timeout never fires early; 0 stays 0 (none). */
    static int millis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    @Override
    public void setWriteTimeout(long nanos) {
        if (nanos != 0)
            throw new UnsupportedOperationException("write timeouts need the native transport; " + Spindle.unavailabilityCause());
    }

    @Override
    public boolean connect(SocketAddress target, long timeoutNanos) throws IOException {
        try {
            if (timeoutNanos == 0) channel.connect(target);
            else channel.socket().connect(target, millis(timeoutNanos));
            return true;
        } catch (java.net.SocketTimeoutException e) { // the adaptor closed the channel
            throw closed(withCause(new java.net.SocketTimeoutException(
                    "connect to " + target + " timed out after " + Timeouts.describe(timeoutNanos)), e));
        } catch (java.net.ConnectException e) {
            throw closed(withCause(new java.net.ConnectException(
                    "connect to " + target + " failed: " + String.valueOf(e.getMessage()).toLowerCase()), e));
        } catch (IOException e) {
            throw closed(e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!channel.isOpen()) throw new ClosedChannelException(); // the socket adaptor would say "Socket is closed"
        try {
            if (readTimeoutMillis == 0) return channel.read(dst);
            if (dst.hasArray()) {
                int n = in().read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) dst.position(dst.position() + n);
                return n;
            }
            byte[] copy = new byte[Math.min(dst.remaining(), 64 * 1024)];
            int n = in().read(copy);
            if (n > 0) dst.put(copy, 0, n);
            return n;
        } catch (java.net.SocketTimeoutException e) {
            throw withCause(new java.net.SocketTimeoutException(
                    "read timed out after " + Timeouts.describe(readTimeoutMillis * 1_000_000L)), e);
        } catch (IOException e) {
            throw closed(e);
        }
    }

    @Override
    public int read(byte[] array, int offset, int length) throws IOException {
        return read(ByteBuffer.wrap(array, offset, length));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        if (readTimeoutMillis != 0) { // the adaptor has no scattering read: time out on the first buffer
            for (int i = offset; i < offset + length; i++) if (dsts[i].hasRemaining()) return read(dsts[i]);
            return 0;
        }
        try {
            return channel.read(dsts, offset, length);
        } catch (IOException e) {
            throw closed(e);
        }
    }

    /** Writes all of src, as the native path does: the JDK's blocking write may return after part of it. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = 0;
        try {
            while (src.hasRemaining()) total += channel.write(src);
            return total;
        } catch (IOException e) {
            throw total > 0 ? closedDuring(e) : closed(e);
        }
    }

    /** A close between two writes of one call is an asynchronous close for that call. */
    private IOException closedDuring(IOException e) {
        IOException mirrored = closed(e);
        return mirrored instanceof ClosedChannelException && !(mirrored instanceof AsynchronousCloseException)
                ? withCause(new AsynchronousCloseException(), e) : mirrored;
    }

    @Override
    public void write(byte[] array, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(array, offset, length));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        try {
            while (anyRemaining(srcs, offset, length)) total += channel.write(srcs, offset, length);
            return total;
        } catch (IOException e) {
            throw total > 0 ? closedDuring(e) : closed(e);
        }
    }

    private static boolean anyRemaining(ByteBuffer[] bufs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) if (bufs[i].hasRemaining()) return true;
        return false;
    }

    /** The JDK's transferTo, which uses sendfile(2) into its own channel. */
    @Override
    public long sendFile(FileChannel file, java.nio.file.Path path, long position, long count) throws IOException {
        if (file == null) {
            try (FileChannel opened = FileChannel.open(path)) {
                return sendFile(opened, null, position, count);
            }
        }
        long done = 0;
        try {
            while (done < count) {
                long n = file.transferTo(position + done, count - done, channel);
                if (n <= 0 && position + done >= file.size()) break; // the file ended
                done += n;
            }
            return done;
        } catch (IOException e) {
            throw done > 0 ? closedDuring(e) : closed(e);
        }
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        channel.bind(local);
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    @Override
    public SocketOptions options() {
        return options;
    }

    @Override
    public void close() throws IOException {
        JdkFallback.untrack(owner);
        channel.close();
    }

    private InputStream in() throws IOException {
        return channel.socket().getInputStream();
    }

    private IOException closed(IOException e) {
        return mirrorClose(channel, owner, e);
    }

    /**
     * When the JDK channel closed under a call (interrupt, async close, failed connect), closes
     * its owner too and returns the exception the native path would throw.
     */
    public static IOException mirrorClose(Channel jdk, Channel owner, IOException e) {
        if (jdk.isOpen()) return e; // a timeout or an I/O error: the channel stays as it is
        try {
            owner.close();
        } catch (IOException ignored) {
            // already closing
        }
        if (e instanceof ClosedChannelException) return e; // the JDK channel's own async-close or interrupt exception
        // The socket adaptor reports these as SocketException; say it the channel way.
        if (Thread.currentThread().isInterrupted()) return withCause(new ClosedByInterruptException(), e);
        if (e instanceof SocketException && "Socket closed".equals(e.getMessage()))
            return withCause(new AsynchronousCloseException(), e);
        return e; // e.g. a timed-out connect, which closes the channel
    }

    static <E extends IOException> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
