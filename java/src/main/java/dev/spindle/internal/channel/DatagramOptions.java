package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.UdpLayout;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Objects;
import java.util.Set;

/**
 * A UDP socket's options ({@link NativeDatagram#udpOptions()}): the table's, and the two the table
 * cannot hold, UDP GRO (probed per kernel) and the multicast interface (no portable getter).
 */
final class DatagramOptions implements SocketOptions {
    private final SocketFd socket;
    private volatile NetworkInterface multicastInterface;

    DatagramOptions(SocketFd socket) {
        this.socket = socket;
    }

    @Override
    public void set(SocketOption<?> name, Object value) throws IOException {
        if (name == NativeDatagram.GRO) {
            setGro((Boolean) Objects.requireNonNull(value, "value"));
        } else if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            setMulticastInterface(value);
        } else {
            SocketAttributes.setOption(socket, supported(), name, value);
        }
    }

    private void setMulticastInterface(Object value) throws IOException {
        if (!(value instanceof NetworkInterface ni))
            throw new IllegalArgumentException("IP_MULTICAST_IF takes a NetworkInterface, not " + value);
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            int rc = Native.setOption(socket.fd, NativeConstants.OPT_IP_MULTICAST_IF, ni.getIndex());
            if (rc < 0) throw socket.failure("setsockopt(IP_MULTICAST_IF " + ni.getName() + ")", rc);
            multicastInterface = ni;
        }
    }

    /** {@code IP_MULTICAST_IF} answers the interface last set (null if none), as the kernel has no portable getter. */
    @Override
    public <T> T get(SocketOption<T> name) throws IOException {
        if (name == NativeDatagram.GRO) return name.type().cast(gro());
        if (name != StandardSocketOptions.IP_MULTICAST_IF) return SocketAttributes.getOption(socket, supported(), name);
        socket.ensureOpen();
        return name.type().cast(multicastInterface);
    }

    @Override
    public Set<SocketOption<?>> supported() {
        return DatagramControl.udpOptions();
    }

    /** Turns UDP GRO on or off: a receive may then return several datagrams of one flow coalesced, with their segment size. */
    private void setGro(boolean on) throws IOException {
        if (!UdpLayout.GRO) throw new UnsupportedOperationException(NativeDatagram.NO_GRO);
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            int rc = Native.setOption(socket.fd, NativeConstants.OPT_UDP_GRO, on ? 1 : 0);
            if (rc < 0) throw socket.failure("setsockopt(UDP_GRO)", rc);
        }
    }

    private boolean gro() throws IOException {
        if (!UdpLayout.GRO) throw new UnsupportedOperationException(NativeDatagram.NO_GRO);
        long raw;
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            raw = Native.getOption(socket.fd, NativeConstants.OPT_UDP_GRO);
        }
        if (raw < 0) throw socket.failure("getsockopt(UDP_GRO)", raw);
        return raw != 0;
    }
}
