package dev.spindle.nio;

import dev.spindle.internal.channel.PacketRoom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.MembershipKey;
import java.util.Set;

/**
 * The {@link DatagramSocket} of a {@link SpindleDatagramChannel}, as {@code DatagramChannel.socket()}
 * returns it: every call goes to the channel. Receives honour SO_TIMEOUT; send and receive need the
 * channel in blocking mode.
 */
final class DatagramSocketAdaptor extends DatagramSocket {
    private final SpindleDatagramChannel dc;
    private volatile int timeoutMillis;
    private final PacketRoom room = new PacketRoom();

    private DatagramSocketAdaptor(SpindleDatagramChannel dc) {
        super(new DummyDatagramSocketImpl());
        this.dc = dc;
    }

    static DatagramSocket create(SpindleDatagramChannel dc) {
        return new DatagramSocketAdaptor(dc);
    }

    @Override
    public DatagramChannel getChannel() {
        return dc;
    }

    @Override
    public void bind(SocketAddress local) throws SocketException {
        Adaptors.runSocket(() -> dc.bind(local));
    }

    @Override
    public void connect(InetAddress address, int port) {
        if (address == null) throw new IllegalArgumentException("Address can't be null");
        try {
            connect(new InetSocketAddress(address, port));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void connect(SocketAddress remote) throws SocketException {
        if (remote == null) throw new IllegalArgumentException("Address can't be null");
        if (!(remote instanceof InetSocketAddress)) throw new IllegalArgumentException("Unsupported address type");
        if (isClosed()) return; // as the JDK's adaptor: connecting a closed socket does nothing
        Adaptors.runSocket(() -> dc.connect(remote, true));
    }

    @Override
    public void disconnect() {
        try {
            dc.disconnect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean isBound() {
        return dc.boundAddress() != null;
    }

    @Override
    public boolean isConnected() {
        return dc.connectedAddress() != null;
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress remote = dc.connectedAddress();
        return remote == null ? null : remote.getAddress();
    }

    @Override
    public int getPort() {
        InetSocketAddress remote = dc.connectedAddress();
        return remote == null ? -1 : remote.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return dc.connectedAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return isClosed() ? null : dc.boundAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        if (isClosed()) return null;
        InetSocketAddress local = dc.boundAddress();
        return local == null ? new InetSocketAddress(0).getAddress() : local.getAddress();
    }

    @Override
    public int getLocalPort() {
        if (isClosed()) return -1;
        InetSocketAddress local = dc.boundAddress();
        return local == null ? 0 : local.getPort();
    }

    /** Sends the packet to its address, or to the connected peer if it has none. */
    @Override
    public void send(DatagramPacket p) throws IOException {
        synchronized (p) {
            if (!dc.isBlocking()) throw new IllegalBlockingModeException();
            SocketAddress target;
            if (p.getAddress() == null) {
                InetSocketAddress remote = dc.connectedAddress();
                if (remote == null) throw new IllegalArgumentException("Address not set");
                p.setSocketAddress(remote); // as the JDK does: the packet then names where it went
                target = remote;
            } else {
                target = p.getSocketAddress();
            }
            ByteBuffer src = ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength());
            try {
                dc.send(src, target);
            } catch (AlreadyConnectedException e) {
                throw new IllegalArgumentException("Connected and packet address differ");
            } catch (java.nio.channels.ClosedChannelException e) { // an interrupt's too, as the JDK's adaptor
                throw new SocketException("Socket closed", e);
            } catch (RuntimeException e) {
                throw Adaptors.translate(e);
            }
        }
    }

    /**
     * Receives into the packet's buffer, waiting at most SO_TIMEOUT; a longer datagram is
     * truncated to the room there is, as in the JDK.
     */
    @Override
    public void receive(DatagramPacket p) throws IOException {
        synchronized (p) {
            if (!dc.isBlocking()) throw new IllegalBlockingModeException();
            int space = room.roomOf(p);
            ByteBuffer dst = ByteBuffer.wrap(p.getData(), p.getOffset(), space);
            InetSocketAddress source;
            try {
                source = dc.receive(dst, timeoutMillis * 1_000_000L);
            } catch (ClosedByInterruptException e) {
                throw e; // as the JDK's adaptor, not a SocketException
            } catch (IOException e) {
                throw Adaptors.translate(e);
            } catch (RuntimeException e) {
                throw Adaptors.translate(e);
            }
            room.received(p, space, dst.position() - p.getOffset());
            p.setSocketAddress(source);
        }
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
        if (isClosed()) throw new SocketException("Socket is closed");
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        Adaptors.setBufferSize(dc, StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return Adaptors.get(dc, StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        Adaptors.setBufferSize(dc, StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return Adaptors.get(dc, StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        Adaptors.set(dc, StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return Adaptors.get(dc, StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setBroadcast(boolean on) throws SocketException {
        Adaptors.set(dc, StandardSocketOptions.SO_BROADCAST, on);
    }

    @Override
    public boolean getBroadcast() throws SocketException {
        return Adaptors.get(dc, StandardSocketOptions.SO_BROADCAST);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        Adaptors.setTrafficClass(dc, tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return Adaptors.get(dc, StandardSocketOptions.IP_TOS);
    }

    @Override
    public void close() {
        try {
            dc.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the channel's own close does not throw
        }
    }

    @Override
    public boolean isClosed() {
        return !dc.isOpen();
    }

    @Override
    public <T> DatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
        dc.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return dc.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return dc.supportedOptions();
    }

    /** Joins an any-source group on {@code netIf}, or on the IP_MULTICAST_IF interface if null. */
    @Override
    public void joinGroup(SocketAddress group, NetworkInterface netIf) throws IOException {
        InetAddress address = checkGroup(group);
        NetworkInterface ni = interfaceFor(netIf);
        synchronized (this) {
            if (dc.membership(address, ni) != null) throw new SocketException("Already a member of group");
            Adaptors.runSocket(() -> dc.join(address, ni));
        }
    }

    @Override
    public void leaveGroup(SocketAddress group, NetworkInterface netIf) throws IOException {
        InetAddress address = checkGroup(group);
        NetworkInterface ni = interfaceFor(netIf);
        synchronized (this) {
            MembershipKey key = dc.membership(address, ni);
            if (key == null) throw new SocketException("Not a member of group");
            key.drop();
        }
    }

    private static InetAddress checkGroup(SocketAddress group) throws SocketException {
        if (!(group instanceof InetSocketAddress isa)) throw new IllegalArgumentException("Unsupported address type");
        InetAddress address = isa.getAddress();
        if (address == null) throw new IllegalArgumentException("Unresolved address");
        if (!address.isMulticastAddress()) throw new SocketException("Not a multicast address");
        return address;
    }

    private NetworkInterface interfaceFor(NetworkInterface netIf) throws SocketException {
        ensureOpen();
        if (netIf != null) return netIf;
        NetworkInterface ni = Adaptors.get(dc, StandardSocketOptions.IP_MULTICAST_IF);
        if (ni == null) throw new SocketException("no network interface given, and no IP_MULTICAST_IF set to default to");
        return ni;
    }

    @Override
    public String toString() {
        return "DatagramSocket[" + dc + "]";
    }
}
