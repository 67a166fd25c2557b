package dev.spindle.net;

import dev.spindle.internal.channel.OptionTable;
import java.net.SocketOption;

/**
 * Spindle's own socket options, beyond the JDK's ({@link java.net.StandardSocketOptions} and
 * {@code jdk.net.ExtendedSocketOptions}, which Spindle's channels support as the JDK's do). Set them with
 * {@code setOption} on {@link TcpStream}, {@link TcpListener}, {@link UdpSocket} or the provider's channels;
 * each channel's {@code supportedOptions()} lists those it has on this platform. Where the OS lacks one,
 * setting or reading it throws {@link UnsupportedOperationException} saying so; where the OS has it and the
 * running kernel does not, likewise.
 *
 * <table class="striped">
 * <caption>Per OS</caption>
 * <tr><th>Option</th><th>Linux</th><th>macOS</th><th>Channels</th></tr>
 * <tr><td>{@link #TCP_USER_TIMEOUT}</td><td>yes (2.6.37+)</td><td>no</td><td>stream, listener (inherited)</td></tr>
 * <tr><td>{@link #TCP_FASTOPEN}</td><td>yes (3.7+)</td><td>no</td><td>listener</td></tr>
 * <tr><td>{@link #TCP_FASTOPEN_CONNECT}</td><td>yes (4.11+)</td><td>no</td><td>stream, before connect</td></tr>
 * <tr><td>{@link #TCP_CORK}</td><td>TCP_CORK</td><td>TCP_NOPUSH</td><td>stream</td></tr>
 * <tr><td>{@link #TCP_NOTSENT_LOWAT}</td><td>yes (3.12+)</td><td>yes</td><td>stream, listener</td></tr>
 * <tr><td>{@link #SO_BUSY_POLL}</td><td>yes (3.11+)</td><td>no</td><td>stream, UDP</td></tr>
 * <tr><td>{@link #TCP_CONGESTION}</td><td>yes</td><td>no</td><td>stream, listener</td></tr>
 * <tr><td>{@link #TCP_INFO}</td><td>yes</td><td>no</td><td>stream (read only)</td></tr>
 * <tr><td>{@link #SO_OOBINLINE}</td><td>yes</td><td>yes</td><td>stream</td></tr>
 * <tr><td>{@link #UDP_GRO}</td><td>yes (5.0+)</td><td>no</td><td>UDP</td></tr>
 * </table>
 *
 * <p>{@code SO_REUSEPORT} is the JDK's {@link java.net.StandardSocketOptions#SO_REUSEPORT}: on Linux, listeners
 * bound to one port with it set share its incoming connections (see {@code examples/}).
 */
public final class SpindleOptions {
    private SpindleOptions() {}

    /**
     * TCP_USER_TIMEOUT, in milliseconds (0: the system's default): how long sent data may stay unacknowledged
     * before the kernel drops the connection, and a blocked or later write or read fails with
     * {@code ETIMEDOUT}. Bounds how long a write to a dead peer can hang. With keepalive on, it also bounds
     * how long probes go unanswered.
     */
    public static final SocketOption<Integer> TCP_USER_TIMEOUT = OptionTable.TCP_USER_TIMEOUT;

    /**
     * TCP_FASTOPEN on a listener (before or after it listens): the length of its queue of connections whose
     * SYN carried data and that are not yet accepted (0: off). The server half of TCP Fast Open needs bit 2 of
     * the {@code net.ipv4.tcp_fastopen} sysctl.
     */
    public static final SocketOption<Integer> TCP_FASTOPEN = OptionTable.TCP_FASTOPEN;

    /**
     * TCP_FASTOPEN_CONNECT on a stream before it connects: connect then returns at once, and the first write
     * goes out with the SYN once the client has a Fast Open cookie for the server (from an earlier
     * connection); without one, the handshake runs as usual and the cookie is asked for. Needs bit 1 of the
     * {@code net.ipv4.tcp_fastopen} sysctl (the default).
     */
    public static final SocketOption<Boolean> TCP_FASTOPEN_CONNECT = OptionTable.TCP_FASTOPEN_CONNECT;

    /**
     * TCP_CORK (Linux) or TCP_NOPUSH (macOS): while set, partial segments are held back so that headers and
     * body leave in full segments; clearing it sends what is held.
     */
    public static final SocketOption<Boolean> TCP_CORK = OptionTable.TCP_CORK;

    /**
     * TCP_NOTSENT_LOWAT, in bytes: the socket reports writable only while less than this much written data is
     * still unsent, keeping the send queue (and the latency of the data behind it) short.
     */
    public static final SocketOption<Integer> TCP_NOTSENT_LOWAT = OptionTable.TCP_NOTSENT_LOWAT;

    /**
     * SO_BUSY_POLL, in microseconds: how long a read with nothing queued may busy-poll the device queue
     * before sleeping. Raising it above {@code net.core.busy_read} needs CAP_NET_ADMIN.
     */
    public static final SocketOption<Integer> SO_BUSY_POLL = OptionTable.SO_BUSY_POLL;

    /**
     * TCP_CONGESTION: the congestion control algorithm by name ({@code cubic}, {@code bbr}, ...); those not
     * in {@code net.ipv4.tcp_allowed_congestion_control} need CAP_NET_ADMIN, unknown ones are a
     * {@link java.net.SocketException}.
     */
    public static final SocketOption<String> TCP_CONGESTION = OptionTable.TCP_CONGESTION;

    /** TCP_INFO, read only: a {@link TcpInfo} snapshot of the connection's round-trip times, window and counters. */
    public static final SocketOption<TcpInfo> TCP_INFO = OptionTable.TCP_INFO;

    /**
     * SO_OOBINLINE: urgent data is read inline with the rest. The JDK's channels have it under an option
     * object they do not export; Spindle's accept theirs too.
     */
    public static final SocketOption<Boolean> SO_OOBINLINE = OptionTable.SO_OOBINLINE;

    /** UDP_GRO, the same as {@link UdpOptions#GRO}. */
    public static final SocketOption<Boolean> UDP_GRO = OptionTable.UDP_GRO;
}
