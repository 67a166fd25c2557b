package dev.spindle.javanet;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.AddressCodec;
import dev.spindle.internal.channel.NativeListener;
import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.NativeConstants;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * A {@link SocketImpl} on Spindle's native core, as {@code Socket} and {@code ServerSocket} use it
 * once Spindle's factories are installed: a client socket is a {@link NativeStream} (the same as
 * {@code TcpStream}'s), a server socket a {@link NativeListener}. It behaves as the JDK's own
 * {@code SocketImpl}: SO_TIMEOUT bounds reads and accepts and leaves the socket usable, close wakes
 * blocked threads with {@code SocketException("Socket closed")}, and an interrupt closes the socket
 * on a virtual thread only (see {@link SocketHandle}).
 */
final class SpindleSocketImpl extends SocketImpl implements IntOptions.Target {
    private final boolean server;
    private final SocketHandle handle = new SocketHandle();
    private volatile NativeStream stream; // a client's, or an accepted connection's
    private volatile NativeListener listener; // a server's
    private volatile int timeoutMillis;
    private InetSocketAddress pendingBind; // a server's bind waits for listen(backlog): NativeListener does both
    private InputStream in;
    private OutputStream out;

    SpindleSocketImpl(boolean server) {
        this.server = server;
    }

    private static AddressCodec codec() {
        return AddressCodec.of(Addresses.FAMILY);
    }

    @Override
    protected void create(boolean isStream) throws IOException {
        if (!isStream) throw new SocketException("Spindle's SocketImpl makes stream sockets only");
        int fd = SocketFd.newSocket(Addresses.FAMILY, NativeConstants.STREAM);
        if (server) {
            NativeListener l = new NativeListener(fd, Addresses.FAMILY, handle);
            listener = l;
            handle.closes(l::close);
        } else {
            NativeStream s = new NativeStream(fd, Addresses.FAMILY, handle, false);
            stream = s;
            handle.closes(s::close);
        }
        this.fd = new FileDescriptor(); // some callers expect one; the number stays the core's
        SpindleSockets.opened(this);
    }

    /** Makes this (unconnected, never created) impl the owner of an accepted connection's fd. */
    private void adopt(int clientFd) throws IOException {
        NativeStream s = new NativeStream(clientFd, Addresses.FAMILY, handle, true);
        stream = s;
        handle.closes(s::close);
        this.fd = new FileDescriptor();
        SpindleSockets.opened(this);
        try {
            InetSocketAddress peer = (InetSocketAddress) s.remoteAddress();
            address = peer.getAddress();
            port = peer.getPort();
            localport = ((InetSocketAddress) s.localAddress()).getPort();
        } catch (IOException goneAlready) {
            // The peer reset before getpeername (ENOTCONN). The accept itself succeeded, as the JDK's
            // does: the socket is returned, and its first read reports the reset. Failing accept here
            // would end many servers' accept loops for one client's hiccup.
        }
    }

    NativeStream stream() throws SocketException {
        NativeStream s = stream;
        if (s == null) throw new SocketException(server ? "a server socket has no stream" : "Socket not created");
        return s;
    }

    private NativeListener listener() throws SocketException {
        NativeListener l = listener;
        if (l == null) throw new SocketException("Not a server socket");
        return l;
    }

    // ---- connecting, binding, accepting ----

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress remote, int millis) throws IOException {
        if (!(remote instanceof InetSocketAddress isa)) throw new IOException("Unsupported address type");
        if (isa.isUnresolved()) throw new UnknownHostException(isa.getHostName());
        NativeStream s = stream();
        try {
            s.connect(codec().connectTarget(isa), millis * 1_000_000L);
        } catch (IOException e) {
            handle.close();
            throw JavaNetErrors.ofUnwrapped(e); // Socket.connect leaves an interrupt's form to the impl
        } catch (RuntimeException e) {
            handle.close();
            throw JavaNetErrors.of(e);
        } finally {
            SocketHandle.restoreInterrupt();
        }
        InetSocketAddress peer = (InetSocketAddress) s.remoteAddress();
        address = peer.getAddress();
        port = peer.getPort();
        localport = ((InetSocketAddress) s.localAddress()).getPort();
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        InetSocketAddress local = new InetSocketAddress(host, port);
        if (server) {
            listener(); // open and a server
            if (pendingBind != null || listener.isBound()) throw new SocketException("Already bound");
            pendingBind = local;
            return;
        }
        JavaNetErrors.run(() -> stream().bind(local));
        address = host; // as the JDK's impl keeps it, until connect sets the peer's
        localport = ((InetSocketAddress) stream.localAddress()).getPort();
    }

    @Override
    protected void listen(int backlog) throws IOException {
        NativeListener l = listener();
        InetSocketAddress local = pendingBind != null ? pendingBind : new InetSocketAddress(0);
        JavaNetErrors.run(() -> l.bind(local, backlog < 1 ? 50 : backlog));
        address = local.getAddress(); // what ServerSocket.getInetAddress() reports, as the JDK's impl keeps it
        localport = ((InetSocketAddress) l.localAddress()).getPort();
    }

    @Override
    protected void accept(SocketImpl si) throws IOException {
        if (!(si instanceof SpindleSocketImpl client))
            throw new IOException("Spindle's server socket cannot accept into " + si.getClass().getName());
        int clientFd;
        try {
            clientFd = listener().acceptFd(timeoutMillis * 1_000_000L);
        } catch (IOException e) {
            throw JavaNetErrors.of(e);
        } catch (RuntimeException e) {
            throw JavaNetErrors.of(e);
        } finally {
            SocketHandle.restoreInterrupt();
        }
        client.adopt(clientFd); // owns the fd from here, even if it throws
    }

    // ---- streams ----

    @Override
    protected synchronized InputStream getInputStream() throws IOException {
        if (in == null) in = new ImplStreams.In(this);
        return in;
    }

    @Override
    protected synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) out = new ImplStreams.Out(this);
        return out;
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    protected int available() throws IOException {
        try {
            return stream().available();
        } catch (IOException e) {
            throw JavaNetErrors.of(e);
        }
    }

    @Override
    protected void shutdownInput() throws IOException {
        JavaNetErrors.run(() -> stream().shutdownInput());
    }

    @Override
    protected void shutdownOutput() throws IOException {
        JavaNetErrors.run(() -> stream().shutdownOutput());
    }

    @Override
    protected void close() {
        handle.close();
    }

    boolean isOpen() {
        return handle.isOpen();
    }

    @Override
    protected boolean supportsUrgentData() {
        return true;
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        JavaNetErrors.run(() -> stream().sendUrgent(data));
    }

    // ---- options ----

    @Override
    public void setTimeoutMillis(int millis) {
        timeoutMillis = millis;
    }

    @Override
    public void setOption(int opt, Object value) throws SocketException {
        IntOptions.set(this, opt, value);
    }

    @Override
    public Object getOption(int opt) throws SocketException {
        return IntOptions.get(this, opt);
    }

    @Override
    protected <T> void setOption(SocketOption<T> name, T value) throws IOException {
        IntOptions.setTyped(this, supportedOptions(), name, value);
    }

    @Override
    protected <T> T getOption(SocketOption<T> name) throws IOException {
        return IntOptions.getTyped(this, supportedOptions(), name);
    }

    @Override
    protected Set<SocketOption<?>> supportedOptions() {
        return server ? codec().listenerOptions() : codec().streamOptions();
    }

    @Override
    public void ensureOpen() throws SocketException {
        if (!handle.isOpen()) throw new SocketException("Socket closed");
    }

    /** The bound local address's IP; the wildcard while unbound, as the JDK's impl reports it. */
    @Override
    public InetAddress boundAddress() throws IOException {
        InetSocketAddress local = (InetSocketAddress) (server ? listener().localAddress() : stream().localAddress());
        return local == null ? new InetSocketAddress(0).getAddress() : local.getAddress();
    }

    /** The core option setter of whichever kind this is, for {@link IntOptions}. */
    @Override
    public void setCoreOption(SocketOption<?> name, Object value) throws IOException {
        if (server) listener().setOption(name, value);
        else stream().setOption(name, value);
    }

    @Override
    public <T> T getCoreOption(SocketOption<T> name) throws IOException {
        return server ? listener().getOption(name) : stream().getOption(name);
    }

    @Override
    public void setOobInline(boolean on) throws IOException {
        stream().setOption(dev.spindle.internal.channel.OptionTable.SO_OOBINLINE, on);
    }

    @Override
    public boolean getOobInline() throws IOException {
        return stream().getOption(dev.spindle.internal.channel.OptionTable.SO_OOBINLINE);
    }
}
