package dev.spindle.nio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;

/** The {@link ServerSocket} of a {@link SpindleServerSocketChannel}: every call goes to the channel; accept honours SO_TIMEOUT. */
final class ServerSocketAdaptor extends ServerSocket {
    private final SpindleServerSocketChannel ssc;
    private volatile int timeoutMillis;

    private ServerSocketAdaptor(SpindleServerSocketChannel ssc) throws IOException {
        super(new DummySocketImpl());
        this.ssc = ssc;
    }

    static ServerSocket create(SpindleServerSocketChannel ssc) {
        try {
            return new ServerSocketAdaptor(ssc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ServerSocketChannel getChannel() {
        return ssc;
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        bind(local, 50);
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        Adaptors.run(() -> ssc.bind(local, backlog));
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress local = local();
        return local == null ? null : local.getAddress();
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
            return ssc.isOpen() ? (InetSocketAddress) ssc.getLocalAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Socket accept() throws IOException {
        // Closed or unbound: the channel's exceptions, as the JDK's adaptor lets them through.
        if (ssc.isOpen() && ssc.io.isBound() && !ssc.isBlocking()) throw new IllegalBlockingModeException();
        Socket[] accepted = new Socket[1];
        Adaptors.run(() -> accepted[0] = ssc.accept(timeoutMillis * 1_000_000L).socket());
        return accepted[0];
    }

    @Override
    public void close() throws IOException {
        ssc.close();
    }

    @Override
    public boolean isBound() {
        return ssc.io.isBound();
    }

    @Override
    public boolean isClosed() {
        return !ssc.isOpen();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (!ssc.isOpen()) throw new SocketException("Socket is closed");
        if (timeout < 0) throw new IllegalArgumentException("timeout < 0");
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (!ssc.isOpen()) throw new SocketException("Socket is closed");
        return timeoutMillis;
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        Adaptors.set(ssc, StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return Adaptors.get(ssc, StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) throw new IllegalArgumentException("negative receive size");
        Adaptors.set(ssc, StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return Adaptors.get(ssc, StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // no effect, as in the JDK's sockets
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        ssc.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ssc.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ssc.supportedOptions();
    }

    @Override
    public String toString() {
        InetSocketAddress local = local();
        return local == null ? "ServerSocket[unbound]" : "ServerSocket[addr=" + local.getAddress() + ",localport=" + local.getPort() + "]";
    }
}
