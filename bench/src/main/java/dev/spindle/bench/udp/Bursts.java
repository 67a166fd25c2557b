package dev.spindle.bench.udp;

import dev.spindle.bench.harness.Registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The sending methods {@link GsoSender} knows: Spindle's three and the JDK's. */
final class Bursts {
    /** Opens a sender of bursts of {@code segments} datagrams of {@code size} bytes to {@code target}. */
    private interface Opener {
        Burst open(InetSocketAddress target, int size, int segments) throws IOException;
    }

    private static final Registry<Opener> REGISTRY = new Registry<Opener>("method")
            .add("single", SpindleBursts.Single::new)
            .add("sendmmsg", SpindleBursts.Batch::new)
            .add("gso", SpindleBursts.Gso::new)
            .add("jdk-single", JdkBurst::new);
    static final List<String> METHODS = REGISTRY.names();

    private Bursts() {}

    static Burst open(String method, InetSocketAddress target, int size, int segments) throws IOException {
        return REGISTRY.get(method).open(target, size, segments);
    }
}
