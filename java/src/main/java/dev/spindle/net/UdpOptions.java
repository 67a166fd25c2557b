package dev.spindle.net;

import dev.spindle.internal.channel.NativeDatagram;
import java.net.SocketOption;

/** Spindle's own socket options for {@link UdpSocket}. */
public final class UdpOptions {
    private UdpOptions() {}

    /**
     * UDP generic receive offload (Linux 5.0+, {@code UDP_GRO}): the kernel may coalesce datagrams
     * of one flow into a single receive, whose segment size {@link DatagramBatch#segmentSize} reports.
     * Setting or reading it where the kernel or OS lacks it throws {@code UnsupportedOperationException};
     * {@link UdpSocket#isGroSupported()} asks first.
     */
    public static final SocketOption<Boolean> GRO = NativeDatagram.GRO;
}
