package dev.spindle.net;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.NativeDatagram;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.MulticastChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A blocking UDP socket for platform and virtual threads, IPv4 or dual-stack IPv6.
 *
 * <p>Each call tries its syscall first and waits only after EAGAIN. A successful send or receive
 * is one syscall, allocates nothing (a receive from the same source as the previous one returns the
 * same address object), and takes only this socket's receive or send lock. {@link DatagramBatch}
 * moves many datagrams per syscall (recvmmsg/sendmmsg on Linux), and {@link #send(ByteBuffer, int,
 * SocketAddress)} hands the kernel one buffer to split into many datagrams (UDP GSO).
 *
 * <p>An echo server, a batch at a time, each datagram back to its source:
 * <pre>{@code
 * try (UdpSocket s = UdpSocket.open().bind(new InetSocketAddress(9000));
 *         DatagramBatch batch = DatagramBatch.allocate(64, 2048)) {
 *     for (;;) {
 *         s.receive(batch); // waits for one, takes up to 64
 *         s.send(batch);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #close()} from any thread wakes blocked callers with {@code AsynchronousCloseException};
 * interrupting a blocked thread closes the socket and throws {@code ClosedByInterruptException}.
 * Needs Spindle's native library: {@link #open()} throws {@code IOException} without it.
 */
public final class UdpSocket extends SpindleChannel<UdpSocket, InetSocketAddress> implements ByteChannel, MulticastChannel {
    private final NativeDatagram io;

    private UdpSocket(int family) throws IOException {
        this.io = new NativeDatagram(NativeDatagram.newSocket(family), family, owner);
    }

    @Override
    NativeDatagram io() {
        return io;
    }

    /** An unbound socket: dual-stack IPv6 where the host has IPv6, else IPv4. */
    public static UdpSocket open() throws IOException {
        return new UdpSocket(Addresses.FAMILY == NativeConstants.FAMILY_NONE ? NativeConstants.FAMILY_IPV6 : Addresses.FAMILY);
    }

    /** An unbound socket of {@code family}: {@code INET}, or {@code INET6} (dual-stack). */
    public static UdpSocket open(ProtocolFamily family) throws IOException {
        Objects.requireNonNull(family, "family");
        if (family == StandardProtocolFamily.INET) return new UdpSocket(NativeConstants.FAMILY_IPV4);
        if (family != StandardProtocolFamily.INET6) throw new UnsupportedOperationException("UDP over " + family);
        if (Addresses.FAMILY == NativeConstants.FAMILY_IPV4)
            throw new UnsupportedOperationException("IPv6 is not available on this host");
        return new UdpSocket(NativeConstants.FAMILY_IPV6);
    }

    /** Whether {@link #send(ByteBuffer, int, SocketAddress)} can use the kernel's UDP GSO (Linux 4.18+). */
    public static boolean isGsoSupported() {
        return NativeDatagram.isGsoSupported();
    }

    /** Whether {@link UdpOptions#GRO} can be turned on (Linux 5.0+). */
    public static boolean isGroSupported() {
        return NativeDatagram.isGroSupported();
    }

    /** Binds the local end; null picks any address and an ephemeral port. */
    @Override
    public UdpSocket bind(SocketAddress local) throws IOException {
        io.bind(local == null ? new InetSocketAddress(0) : Addresses.check(local));
        return this;
    }

    /** Connects: then only {@code remote}'s datagrams are received, and {@link #read}/{@link #write} work. */
    public UdpSocket connect(SocketAddress remote) throws IOException {
        io.connect(Addresses.check(remote));
        return this;
    }

    /** Dissolves the connection; the local port stays bound. */
    public UdpSocket disconnect() throws IOException {
        io.disconnect();
        return this;
    }

    public boolean isConnected() {
        return io.isConnected();
    }

    /** The connected peer; null when not connected. */
    public InetSocketAddress remoteAddress() throws IOException {
        return io.remoteAddress();
    }

    // ---- single datagrams ----

    /**
     * Sends {@code src}'s remaining bytes as one datagram to target, waiting for buffer space if
     * needed: returns the bytes sent (all of them). On a connected socket target must be the peer.
     */
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        return io.send(Objects.requireNonNull(src, "src"), Addresses.check(target), 0);
    }

    /**
     * Sends {@code src} with UDP GSO in one syscall: the kernel splits it into datagrams of
     * {@code segmentSize} bytes, the last possibly shorter (at most 64 segments, each within the
     * path's MTU). Throws {@code UnsupportedOperationException} where the kernel or OS lacks GSO.
     */
    public int send(ByteBuffer src, int segmentSize, SocketAddress target) throws IOException {
        if (segmentSize <= 0 || segmentSize > 65535)
            throw new IllegalArgumentException("segment size must be within 1..65535, got " + segmentSize);
        return io.send(Objects.requireNonNull(src, "src"), Addresses.check(target), segmentSize);
    }

    /**
     * Receives one datagram into {@code dst}, waiting for one: returns its source. A datagram longer
     * than {@code dst.remaining()} is cut to fit and the rest is lost, as in {@code DatagramChannel};
     * {@link #lastReceiveTruncated()} tells afterwards whether that happened (and {@link DatagramBatch}
     * per slot). Throws {@link java.net.SocketTimeoutException} after the read timeout.
     */
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        return io.receive(Objects.requireNonNull(dst, "dst"));
    }

    /** Whether the last {@link #receive(ByteBuffer)} or {@link #read} cut its datagram to fit the buffer. */
    public boolean lastReceiveTruncated() {
        return io.lastReceiveTruncated();
    }

    /**
     * Reads one datagram from the connected peer: the bytes stored (0 for an empty datagram).
     * {@link java.nio.channels.NotYetConnectedException} when not connected;
     * {@link java.net.PortUnreachableException} when the peer answered an earlier datagram with ICMP
     * port unreachable.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return io.read(Objects.requireNonNull(dst, "dst"));
    }

    /** Writes {@code src} as one datagram to the connected peer. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return io.write(Objects.requireNonNull(src, "src"));
    }

    // ---- batches ----

    /**
     * Receives up to {@code batch.capacity()} datagrams, waiting for the first: returns how many
     * slots were filled ({@code batch.count()}). One recvmmsg on Linux; elsewhere one native call
     * that loops over recvmsg while datagrams are queued.
     */
    public int receive(DatagramBatch batch) throws IOException {
        return batch.received(io.receive(batch.slots(), batch.capacity()));
    }

    /**
     * Sends slots [0, {@code batch.count()}), each to its slot's address, waiting until all are
     * sent: returns the count. sendmmsg on Linux. After {@link #receive(DatagramBatch)} the slots
     * hold their sources, so this replies to each in place.
     */
    public int send(DatagramBatch batch) throws IOException {
        return io.send(batch.slots(), batch.count());
    }

    /**
     * The kernel's count of datagrams this socket dropped because its receive buffer was full, as
     * of the latest datagram received (Linux's SO_RXQ_OVFL; drops after that datagram show with the
     * next one). Always 0 on other systems.
     */
    public long receiveDrops() {
        return io.receiveDrops();
    }

    // ---- timeouts and options ----

    /** How long a receive or read may wait before it throws {@link java.net.SocketTimeoutException}; zero waits forever. */
    public UdpSocket setReadTimeout(Duration timeout) {
        io.setReadTimeout(Timeouts.toNanos(timeout, "read timeout"));
        return this;
    }

    public Duration getReadTimeout() {
        return Duration.ofNanos(io.readTimeoutNanos());
    }


    // ---- multicast ----

    /** Joins {@code group} on {@code ni} for any source; the key can block and unblock sources. */
    @Override
    public MembershipKey join(InetAddress group, NetworkInterface ni) throws IOException {
        return io.join(this, group, ni, null);
    }

    /** Joins {@code group} on {@code ni} for datagrams from {@code source} only. */
    @Override
    public MembershipKey join(InetAddress group, NetworkInterface ni, InetAddress source) throws IOException {
        return io.join(this, group, ni, Objects.requireNonNull(source, "source"));
    }

    @Override
    public String toString() {
        return "UdpSocket[fd=" + io.fd() + (isOpen() ? "" : ", closed") + (io.isConnected() ? ", connected" : "") + "]";
    }
}
