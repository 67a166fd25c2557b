package dev.spindle.nio;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.NativeDatagram;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link DatagramChannel} on Spindle's native core: the same {@link NativeDatagram} as
 * {@code UdpSocket}, in blocking mode or, for selectors, non-blocking mode, where a receive with
 * nothing queued returns null and a send with no buffer space returns 0.
 */
final class SpindleDatagramChannel extends DatagramChannel implements Selectable, NioOwner.Calls {
    final NativeDatagram io;
    /** An IPv4 (INET) channel, which takes no IPv6 address; otherwise dual-stack IPv6. */
    private final boolean ipv4;
    /** Known to be bound: set by bind, and by the first receive (which binds an unbound channel). */
    private volatile boolean bound;
    private DatagramSocket socket; // made on first use, under this

    SpindleDatagramChannel(SpindleSelectorProvider provider, int fd, int family) throws IOException {
        super(provider);
        this.io = new NativeDatagram(fd, family, new NioOwner<>(this));
        this.ipv4 = family == NativeConstants.FAMILY_IPV4;
    }

    /** The address a bind to null means: any address of this channel's family, an ephemeral port. */
    private InetSocketAddress wildcard() throws IOException {
        return ipv4 ? new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0) : new InetSocketAddress(0);
    }

    /** Validates an address as the JDK's channel does. */
    private InetSocketAddress check(SocketAddress address) {
        InetSocketAddress isa = Addresses.check(address);
        if (ipv4 && !(isa.getAddress() instanceof Inet4Address)) throw new UnsupportedAddressTypeException();
        return isa;
    }

    @Override
    public DatagramChannel bind(SocketAddress local) throws IOException {
        io.bind(local == null ? wildcard() : check(local));
        bound = true;
        return this;
    }

    /** Binds an unbound channel before its first receive, as the JDK does: unbound, it would wait for nothing. */
    private void ensureBound() throws IOException {
        if (bound) return;
        synchronized (io.socket().stateLock) {
            if (io.localAddress() == null) io.bind(wildcard());
        }
        bound = true;
    }

    @Override
    public DatagramChannel connect(SocketAddress remote) throws IOException {
        return connect(remote, false);
    }

    /** Connects; {@code again}: to a new peer if connected already (the socket adaptor's way) instead of failing. */
    DatagramChannel connect(SocketAddress remote, boolean again) throws IOException {
        InetSocketAddress target = check(remote);
        if (target.getPort() == 0) throw new SocketException("Can't connect to port 0");
        if (again && io.isConnected()) io.disconnect();
        io.connect(toLoopbackIfWildcard(target));
        return this;
    }

    /** As the JDK: the wildcard address as a destination means this host. */
    private static InetSocketAddress toLoopbackIfWildcard(InetSocketAddress target) {
        if (!target.getAddress().isAnyLocalAddress()) return target;
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort());
    }

    @Override
    public DatagramChannel disconnect() throws IOException {
        if (isOpen()) io.disconnect();
        return this;
    }

    @Override
    public boolean isConnected() {
        return io.isConnected();
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        if (!isOpen()) throw new ClosedChannelException();
        return io.remoteAddress();
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        if (!isOpen()) throw new ClosedChannelException();
        return io.localAddress();
    }

    /** The bound address, null while unbound or once closed: for the socket adaptor, which throws nothing here. */
    InetSocketAddress boundAddress() {
        try {
            return isOpen() ? io.localAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The connected peer, null while unconnected or once closed. */
    InetSocketAddress connectedAddress() {
        try {
            return isOpen() ? io.remoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        checkWritable(dst);
        ensureBound();
        return io.receive(dst, 0);
    }

    /** A blocking receive for the socket adaptor: waits at most {@code timeoutNanos} (0: no limit). */
    InetSocketAddress receive(ByteBuffer dst, long timeoutNanos) throws IOException {
        if (!isBlocking()) throw new IllegalBlockingModeException();
        ensureBound();
        return io.receive(dst, timeoutNanos);
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(src, "src");
        InetSocketAddress to = check(target);
        InetSocketAddress peer = io.isConnected() ? io.remoteAddress() : null;
        if (peer != null) {
            if (!to.equals(peer) && !toLoopbackIfWildcard(to).equals(peer)) throw new AlreadyConnectedException();
            return io.write(src);
        }
        if (to.getPort() == 0) {
            if (!isOpen()) throw new ClosedChannelException();
            throw new SocketException("Can't send to port 0");
        }
        return io.send(src, toLoopbackIfWildcard(to), 0);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkWritable(dst);
        return io.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        for (int i = offset; i < offset + length; i++) checkWritable(dsts[i]);
        return ScatterGather.read(io, dsts, offset, length);
    }

    private static void checkWritable(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) throw new IllegalArgumentException("Read-only buffer");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return io.write(Objects.requireNonNull(src, "src"));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        for (int i = offset; i < offset + length; i++) Objects.requireNonNull(srcs[i], "srcs");
        return ScatterGather.write(io, srcs, offset, length);
    }

    @Override
    public <T> DatagramChannel setOption(SocketOption<T> name, T value) throws IOException {
        io.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return io.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return io.supportedOptions();
    }

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface ni) throws IOException {
        return io.join(this, group, ni, null);
    }

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface ni, InetAddress source) throws IOException {
        return io.join(this, group, ni, Objects.requireNonNull(source, "source"));
    }

    /** This channel's any-source or source-specific membership of {@code group} on {@code ni}, or null. */
    MembershipKey membership(InetAddress group, NetworkInterface ni) {
        return io.membership(group, ni);
    }

    @Override
    public synchronized DatagramSocket socket() {
        if (socket == null) socket = DatagramSocketAdaptor.create(this);
        return socket;
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        io.socket().waiting.setBlocking(block);
    }

    @Override
    protected void implCloseSelectableChannel() {
        io.close();
    }

    @Override
    public int readyOps(boolean readable, boolean writable, int interest) {
        int ready = 0;
        if (readable && (interest & SelectionKey.OP_READ) != 0) ready |= SelectionKey.OP_READ;
        if (writable && (interest & SelectionKey.OP_WRITE) != 0) ready |= SelectionKey.OP_WRITE;
        return ready;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + io.fd() + (isOpen() ? "" : ", closed")
                + (io.isConnected() ? ", connected" : "") + "]";
    }

    @Override
    public SocketFd core() {
        return io.socket();
    }

    @Override
    public void beginCall() {
        begin();
    }

    @Override
    public void endCall(boolean completed) throws AsynchronousCloseException {
        end(completed);
    }
}
