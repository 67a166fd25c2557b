package dev.spindle.bench.thesis;

import java.io.IOException;
import java.util.List;

/** The variants by name. */
final class Variants {
    static final List<String> ALL = List.of("jdk-platform", "jdk-virtual", "spindle-platform", "spindle-virtual", "event-loop");

    private Variants() {}

    /** {@code jdkUnix}: JDK variants use AF_UNIX pairs (else loopback TCP, like Spindle). */
    static Variant create(String name, boolean jdkUnix) throws IOException {
        return switch (name) {
            case "jdk-platform" -> new ThreadVariant(name, new ChannelLink.Factory(jdkUnix), Thread.ofPlatform(), "platform threads");
            case "jdk-virtual" -> new ThreadVariant(name, new ChannelLink.Factory(jdkUnix), Thread.ofVirtual(), "virtual threads");
            case "spindle-platform" -> new ThreadVariant(name, new SpindleLink.Factory(), Thread.ofPlatform(), "platform threads");
            case "spindle-virtual" -> new ThreadVariant(name, new SpindleLink.Factory(), Thread.ofVirtual(), "virtual threads");
            case "event-loop" -> new EventLoopVariant(jdkUnix);
            default -> throw new IllegalArgumentException("unknown variant " + name + "; one of " + ALL);
        };
    }
}
