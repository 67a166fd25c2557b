package dev.spindle.nio;

import dev.spindle.internal.channel.OptionTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * The {@link Socket} of a {@link SpindleSocketChannel}, as {@code SocketChannel.socket()} returns
 * it: every call goes to the channel. Stream reads honour SO_TIMEOUT, which leaves the socket
 * usable; the streams need the channel in blocking mode.
 */
final class SocketAdaptor extends Socket {
    private final SpindleSocketChannel sc;
    private volatile int timeoutMillis;

    private SocketAdaptor(SpindleSocketChannel sc) throws SocketException {
        super(new DummySocketImpl());
        this.sc = sc;
    }

    static Socket create(SpindleSocketChannel sc) {
        try {
            return new SocketAdaptor(sc);
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SocketChannel getChannel() {
        return sc;
    }

    @Override
    public void connect(SocketAddress remote) throws IOException {
        connect(remote, 0);
    }

    @Override
    public void connect(SocketAddress remote, int timeout) throws IOException {
        if (remote == null) throw new IllegalArgumentException("connect: The address can't be null");
        if (timeout < 0) throw new IllegalArgumentException("connect: timeout can't be negative");
        if (!sc.isBlocking()) throw new IllegalBlockingModeException();
        Adaptors.run(() -> sc.connect(remote, timeout * 1_000_000L));
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        Adaptors.run(() -> sc.bind(local));
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress remote = remote();
        return remote == null ? null : remote.getAddress();
    }

    @Override
    public int getPort() {
        InetSocketAddress remote = remote();
        return remote == null ? 0 : remote.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    private InetSocketAddress remote() {
        try {
            return (InetSocketAddress) (sc.isOpen() ? sc.io.remoteAddress() : sc.io.lastRemoteAddress()); // a closed Socket still reports its peer
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InetAddress getLocalAddress() {
        InetSocketAddress local = local();
        return local == null ? anyLocal() : local.getAddress();
    }

    @Override
    public int getLocalPort() {
        InetSocketAddress local = local();
        return local == null ? -1 : local.getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    private InetSocketAddress local() {
        try {
            return sc.isOpen() ? (InetSocketAddress) sc.getLocalAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static InetAddress anyLocal() {
        return new InetSocketAddress(0).getAddress();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkStreamable();
        if (sc.io.isInputShutdown()) throw new SocketException("Socket input is shutdown");
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (!sc.isBlocking()) throw new IllegalBlockingModeException();
                return sc.io.read(b, off, len, timeoutMillis * 1_000_000L); // its exceptions as they are, as the JDK's
            }

            @Override
            public int available() throws IOException {
                return sc.io.available();
            }

            @Override
            public void close() throws IOException {
                sc.close();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkStreamable();
        if (sc.io.isOutputShutdown()) throw new SocketException("Socket output is shutdown");
        return new OutputStream() {
            private final byte[] one = new byte[1];

            @Override
            public void write(int b) throws IOException {
                one[0] = (byte) b;
                write(one, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (!sc.isBlocking()) throw new IllegalBlockingModeException();
                sc.io.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                sc.close();
            }
        };
    }

    private void checkStreamable() throws SocketException {
        if (!sc.isOpen()) throw new SocketException("Socket is closed");
        if (!sc.isConnected()) throw new SocketException("Socket is not connected");
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        Adaptors.set(sc, StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        Adaptors.set(sc, StandardSocketOptions.SO_LINGER, on ? linger : -1);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.SO_LINGER);
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        Adaptors.run(() -> sc.io.sendUrgent(data));
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        Adaptors.set(sc, OptionTable.SO_OOBINLINE, on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return Adaptors.get(sc, OptionTable.SO_OOBINLINE);
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        ensureOpen();
        if (timeout < 0) throw new IllegalArgumentException("timeout < 0");
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        ensureOpen();
        return timeoutMillis;
    }

    private void ensureOpen() throws SocketException {
        if (!sc.isOpen()) throw new SocketException("Socket is closed");
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        Adaptors.setBufferSize(sc, StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        Adaptors.setBufferSize(sc, StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        Adaptors.set(sc, StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        Adaptors.setTrafficClass(sc, tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.IP_TOS);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        Adaptors.set(sc, StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return Adaptors.get(sc, StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void close() throws IOException {
        sc.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        Adaptors.run(() -> sc.shutdownInput());
    }

    @Override
    public void shutdownOutput() throws IOException {
        Adaptors.run(() -> sc.shutdownOutput());
    }

    @Override
    public boolean isConnected() {
        return sc.isConnected();
    }

    @Override
    public boolean isBound() {
        return local() != null;
    }

    @Override
    public boolean isClosed() {
        return !sc.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
        return sc.io.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return sc.io.isOutputShutdown();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // no effect, as in the JDK's sockets
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        sc.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return sc.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return sc.supportedOptions();
    }

    @Override
    public String toString() {
        return sc.isConnected() ? "Socket[addr=" + getInetAddress() + ",port=" + getPort() + ",localport=" + getLocalPort() + "]"
                : "Socket[unconnected]";
    }
}
