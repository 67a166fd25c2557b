package dev.spindle.javanet;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.NativeDatagram;
import dev.spindle.internal.channel.PacketRoom;
import dev.spindle.internal.channel.OptionTable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.MembershipKey;
import java.util.Set;

/**
 * A {@link DatagramSocketImpl} on Spindle's native core ({@link NativeDatagram}, the same as
 * {@code UdpSocket}'s), as {@code DatagramSocket} and {@code MulticastSocket} use it once Spindle's
 * factory is installed. Receives honour SO_TIMEOUT; a connect filters in the kernel, so
 * {@code DatagramSocket} never needs {@link #peek}; an interrupt closes the socket on a virtual
 * thread only, as for {@link SpindleSocketImpl}.
 */
final class SpindleDatagramSocketImpl extends DatagramSocketImpl implements IntOptions.Target {
    private final SocketHandle handle = new SocketHandle();
    private final PacketRoom room = new PacketRoom();
    private volatile NativeDatagram io;
    private volatile int timeoutMillis;

    @Override
    protected void create() throws SocketException {
        try {
            int family = Addresses.FAMILY;
            NativeDatagram d = new NativeDatagram(NativeDatagram.newSocket(family), family, handle);
            io = d;
            handle.closes(d::close);
        } catch (IOException e) {
            throw JavaNetErrors.asSocketException(e);
        }
        fd = new FileDescriptor();
        SpindleSockets.opened(this);
    }

    private NativeDatagram io() throws SocketException {
        NativeDatagram d = io;
        if (d == null) throw new SocketException("Socket not created");
        return d;
    }

    @Override
    protected void bind(int port, InetAddress address) throws SocketException {
        try {
            JavaNetErrors.run(() -> io().bind(new InetSocketAddress(address, port)));
            localPort = io().localAddress().getPort();
        } catch (IOException e) {
            throw JavaNetErrors.asSocketException(e);
        }
    }

    @Override
    protected void connect(InetAddress address, int port) throws SocketException {
        try {
            JavaNetErrors.run(() -> io().connect(new InetSocketAddress(address, port)));
        } catch (IOException e) {
            throw JavaNetErrors.asSocketException(e);
        }
    }

    @Override
    protected void disconnect() {
        try {
            NativeDatagram d = io;
            if (d != null && handle.isOpen()) d.disconnect();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected void send(DatagramPacket p) throws IOException {
        NativeDatagram d = io();
        ByteBuffer src = ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength());
        try {
            d.send(src, d.isConnected() ? null : (InetSocketAddress) p.getSocketAddress(), 0);
        } catch (IOException e) {
            throw JavaNetErrors.of(e);
        } catch (RuntimeException e) {
            throw JavaNetErrors.of(e);
        } finally {
            SocketHandle.restoreInterrupt();
        }
    }

    /** Receives into the packet's room, waiting at most SO_TIMEOUT; a longer datagram is cut to the room, as in the JDK. */
    @Override
    protected void receive(DatagramPacket p) throws IOException {
        NativeDatagram d = io();
        synchronized (p) {
            int space = room.roomOf(p);
            ByteBuffer dst = ByteBuffer.wrap(p.getData(), p.getOffset(), space);
            InetSocketAddress source;
            try {
                source = d.receive(dst, timeoutMillis * 1_000_000L);
            } catch (IOException e) {
                throw JavaNetErrors.ofUnwrapped(e);
            } catch (RuntimeException e) {
                throw JavaNetErrors.of(e);
            } finally {
                SocketHandle.restoreInterrupt();
            }
            room.received(p, space, dst.position() - p.getOffset());
            p.setSocketAddress(source);
        }
    }

    /** Not needed: a connected socket filters in the kernel, so {@code DatagramSocket} never peeks. */
    @Override
    protected int peek(InetAddress i) throws IOException {
        throw new SocketException("peek is not supported by Spindle's DatagramSocketImpl");
    }

    @Override
    protected int peekData(DatagramPacket p) throws IOException {
        throw new SocketException("peek is not supported by Spindle's DatagramSocketImpl");
    }

    // ---- multicast ----

    @Override
    @SuppressWarnings("deprecation")
    protected void setTTL(byte ttl) throws IOException {
        setTimeToLive(ttl & 0xff);
    }

    @Override
    @SuppressWarnings("deprecation")
    protected byte getTTL() throws IOException {
        return (byte) getTimeToLive();
    }

    @Override
    protected void setTimeToLive(int ttl) throws IOException {
        setCoreOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }

    @Override
    protected int getTimeToLive() throws IOException {
        return getCoreOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    @Override
    protected void join(InetAddress group) throws IOException {
        joinGroup(new InetSocketAddress(group, 0), null);
    }

    @Override
    protected void leave(InetAddress group) throws IOException {
        leaveGroup(new InetSocketAddress(group, 0), null);
    }

    /** Joins an any-source group on {@code netIf}; if null, on IP_MULTICAST_IF, else on the interface {@link Multicast#defaultInterface} picks. */
    @Override
    protected void joinGroup(SocketAddress group, NetworkInterface netIf) throws IOException {
        InetAddress address = ((InetSocketAddress) group).getAddress();
        NetworkInterface ni = netIf != null ? netIf : Multicast.defaultInterface(this, address);
        synchronized (this) {
            if (io().membership(address, ni) != null) throw new SocketException("Already a member of group");
            JavaNetErrors.run(() -> io().join(null, address, ni, null));
        }
    }

    @Override
    protected void leaveGroup(SocketAddress group, NetworkInterface netIf) throws IOException {
        InetAddress address = ((InetSocketAddress) group).getAddress();
        NetworkInterface ni = netIf != null ? netIf : Multicast.defaultInterface(this, address);
        synchronized (this) {
            MembershipKey key = io().membership(address, ni);
            if (key == null) throw new SocketException("Not a member of group");
            key.drop();
        }
    }

    @Override
    protected void close() {
        handle.close();
    }

    // ---- options ----

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        IntOptions.set(this, optID, value);
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return IntOptions.get(this, optID);
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
        return OptionTable.supported(OptionTable.Kind.UDP);
    }

    @Override
    public void ensureOpen() throws SocketException {
        if (!handle.isOpen()) throw new SocketException("Socket closed");
    }

    @Override
    public void setCoreOption(SocketOption<?> name, Object value) throws IOException {
        io().setOption(name, value);
    }

    @Override
    public <T> T getCoreOption(SocketOption<T> name) throws IOException {
        return io().getOption(name);
    }

    @Override
    public void setTimeoutMillis(int millis) {
        timeoutMillis = millis;
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public InetAddress boundAddress() throws IOException {
        InetSocketAddress local = io().localAddress();
        return local == null ? new InetSocketAddress(0).getAddress() : local.getAddress();
    }

    @Override
    public void setOobInline(boolean on) throws SocketException {
        throw new SocketException("SO_OOBINLINE is a stream socket's option");
    }

    @Override
    public boolean getOobInline() throws SocketException {
        throw new SocketException("SO_OOBINLINE is a stream socket's option");
    }
}
