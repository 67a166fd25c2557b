package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The sending methods {@link GsoSender} knows: Spindle's three and the JDK's. */
final class Bursts {
    static final List<String> METHODS = List.of("single", "sendmmsg", "gso", "jdk-single");

    private Bursts() {}

    static Burst open(String method, InetSocketAddress target, int size, int segments) throws IOException {
        return switch (method) {
            case "single" -> new SpindleBursts.Single(target, size, segments);
            case "sendmmsg" -> new SpindleBursts.Batch(target, size, segments);
            case "gso" -> new SpindleBursts.Gso(target, size, segments);
            case "jdk-single" -> new JdkBurst(target, size, segments);
            default -> throw new IllegalArgumentException("unknown method " + method + "; one of " + METHODS);
        };
    }
}
