package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.NativeUdp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.MembershipKey;
import java.nio.channels.MulticastChannel;
import java.util.Set;

/**
 * A UDP socket's state apart from its sends and receives ({@link NativeDatagram}): bind, connect
 * and disconnect, the addresses, the options, the multicast memberships and the read timeout.
 * Each takes the fd's {@code stateLock} or both I/O locks, never the hot path.
 */
public abstract sealed class DatagramControl implements SocketIo permits NativeDatagram {
    /** What setting or reading {@link #GRO} throws where the kernel or OS has no UDP_GRO. */
    public static final String NO_GRO = "UDP GRO (UDP_GRO) is not supported by this kernel/OS";
    public static final String NO_GSO = "UDP GSO (UDP_SEGMENT) is not supported by this kernel/OS";
    /**
     * UDP generic receive offload (Linux 5.0+, UDP_GRO), a Spindle option: the kernel may coalesce
     * datagrams of one flow into one receive, whose segment size a batch slot reports.
     */
    public static final SocketOption<Boolean> GRO = OptionTable.UDP_GRO;
    /** The options of a UDP socket: the JDK's, {@link #GRO} and Spindle's others. */
    public static Set<SocketOption<?>> udpOptions() {
        return OptionTable.supported(OptionTable.Kind.UDP);
    }

    final SocketFd socket;
    final int fd;
    /** The receive direction's single-datagram slot: used under the read lock. */
    final DatagramSlots readSlot = new DatagramSlots(1, 0);
    volatile InetSocketAddress remote;
    volatile long readTimeoutNanos;
    /** The address bind was given (for the rebind after a disconnect); null until bound. */
    private volatile InetAddress boundAddress;
    private final Memberships memberships;
    private final DatagramOptions options;

    /** Takes ownership of {@code fd}, a UDP socket of {@code family} (4, or 6 dual-stack). */
    DatagramControl(int fd, int family, Owner owner) throws IOException {
        this.socket = new SocketFd(fd, family, owner);
        this.fd = fd;
        this.memberships = new Memberships(socket);
        this.options = new DatagramOptions(socket);
        if (family == NativeConstants.FAMILY_IPV6) Native.setOption(fd, NativeConstants.OPT_IPV6_V6ONLY, 0); // dual-stack whatever the sysctl says
        // Linux only, failing harmlessly elsewhere: the drop counter, and multicast for the groups this
        // socket joined only (by default Linux delivers a group any socket joined), as the JDK does.
        Native.setOption(fd, NativeConstants.OPT_SO_RXQ_OVFL, 1);
        Native.setOption(fd, NativeConstants.OPT_IP_MULTICAST_ALL, 0);
    }

    /** A new UDP socket of {@code family} (4, or 6 dual-stack), non-blocking and close-on-exec. */
    public static int newSocket(int family) throws IOException {
        return SocketFd.newSocket(family, NativeConstants.DATAGRAM);
    }

    public SocketFd socket() {
        return socket;
    }

    @Override
    public int fd() {
        return fd;
    }

    /** Whether the kernel takes UDP_SEGMENT / UDP_GRO (probed once; false off Linux). */
    public static boolean isGsoSupported() {
        return Backend.CURRENT.udpGso();
    }

    public static boolean isGroSupported() {
        return Backend.CURRENT.udpGro();
    }

    // ---- addresses ----

    public void bind(InetSocketAddress local) throws IOException {
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            if (SocketAttributes.localAddress(socket) != null) throw new AlreadyBoundException();
            SocketAttributes.bind(socket, local);
            boundAddress = local.getAddress();
        }
    }

    /** Connects: the kernel then sends to and receives from {@code target} only. */
    public void connect(InetSocketAddress target) throws IOException {
        byte[] address = Addresses.encode(target, socket.family);
        lockBoth();
        try {
            synchronized (socket.stateLock) {
                socket.ensureOpen();
                if (remote != null) throw new AlreadyConnectedException();
                int rc = Native.connect(fd, address);
                if (rc < 0) throw Errors.of("connect", rc, target);
                remote = target;
                // As the JDK's DatagramChannel: what was queued before the connect, from anyone, is dropped
                // (a receive into no room takes a datagram off the queue).
                while (NativeUdp.recv(fd, readSlot.slotsAddress, readSlot.scratchAddress, readSlot.dataAddress, 0, 1,
                        NativeUdp.NOWAIT) > 0) {}
            }
        } finally {
            unlockBoth();
        }
    }

    /**
     * Dissolves the connection. Linux unbinds a socket whose port was ephemeral when it
     * disconnects; the port is then bound again, as the JDK does.
     */
    public void disconnect() throws IOException {
        lockBoth();
        try {
            synchronized (socket.stateLock) {
                socket.ensureOpen();
                if (remote == null) return;
                InetSocketAddress before = SocketAttributes.localAddress(socket);
                int rc = NativeUdp.disconnect(fd);
                if (rc < 0) throw socket.failure("disconnect", rc);
                remote = null;
                if (before != null && SocketAttributes.localAddress(socket) == null) {
                    InetAddress ip = boundAddress;
                    SocketAttributes.bind(socket, ip == null ? new InetSocketAddress(before.getPort())
                            : new InetSocketAddress(ip, before.getPort()));
                }
            }
        } finally {
            unlockBoth();
        }
    }

    private void lockBoth() {
        socket.readLock.lock();
        socket.writeLock.lock();
    }

    private void unlockBoth() {
        socket.unlock(socket.writeLock);
        socket.unlock(socket.readLock);
    }

    public boolean isConnected() {
        return remote != null;
    }

    /** The connected peer, null if not connected. */
    public InetSocketAddress remoteAddress() throws IOException {
        socket.ensureOpen();
        return remote;
    }

    /** The bound address, null before a bind, connect or send bound it. */
    @Override
    public InetSocketAddress localAddress() throws IOException {
        return SocketAttributes.localAddress(socket);
    }

    // ---- options, multicast, timeouts, close ----

    /** The options of {@link #udpOptions()}; setting or reading {@link #GRO} throws {@code UnsupportedOperationException} where the kernel lacks it. */
    @Override
    public SocketOptions options() {
        return options;
    }

    /** Joins group on ni (any source if source is null); the key's channel is {@code channel}. */
    public MembershipKey join(MulticastChannel channel, InetAddress group, NetworkInterface ni, InetAddress source)
            throws IOException {
        return memberships.join(channel, group, ni, source);
    }

    /** This socket's membership of group on ni, or null: for a DatagramSocket's joinGroup and leaveGroup. */
    public MembershipKey membership(InetAddress group, NetworkInterface ni) {
        return memberships.find(group, ni);
    }

    public void setReadTimeout(long nanos) {
        readTimeoutNanos = nanos;
    }

    public long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    /** The channel's close: invalidates the memberships (closing the fd leaves the groups) and releases the fd. */
    @Override
    public void close() {
        memberships.invalidateAll();
        socket.close();
    }
}
