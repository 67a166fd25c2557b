package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The sending methods {@link GsoSender} knows; Spindle's are added with its UDP API. */
final class Bursts {
    static final List<String> METHODS = List.of("jdk-single");

    private Bursts() {}

    static Burst open(String method, InetSocketAddress target, int size, int segments) throws IOException {
        return switch (method) {
            case "jdk-single" -> new JdkBurst(target, size, segments);
            default -> throw new IllegalArgumentException("unknown method " + method + "; one of " + METHODS);
        };
    }
}
