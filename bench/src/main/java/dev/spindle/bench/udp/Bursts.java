package dev.spindle.bench.udp;

import dev.spindle.bench.harness.Registry;
import dev.spindle.bench.sockets.SocketApi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The sending methods {@link GsoSender} knows: Spindle's three and the JDK's. */
final class Bursts {
    /** Opens a sender of bursts of {@code segments} datagrams of {@code size} bytes to {@code target}. */
    private interface Opener {
        Burst<?> open(InetSocketAddress target, int size, int segments) throws IOException;
    }

    private static final Registry<Opener> REGISTRY = new Registry<Opener>("method")
            .add("single", (target, size, segments) -> new Burst.Single(SocketApi.SPINDLE, target, size, segments))
            .add("sendmmsg", Burst.Batch::new)
            .add("gso", Burst.Gso::new)
            .add("jdk-single", (target, size, segments) -> new Burst.Single(SocketApi.NIO, target, size, segments)); // DatagramChannel
    static final List<String> METHODS = REGISTRY.names();

    private Bursts() {}

    static Burst<?> open(String method, InetSocketAddress target, int size, int segments) throws IOException {
        return REGISTRY.get(method).open(target, size, segments);
    }
}
