package dev.spindle.bench.thesis;

import java.io.IOException;
import java.util.List;

/** The variants by name. */
final class Variants {
    static final List<String> ALL = List.of("jdk-platform", "jdk-virtual", "spindle-platform", "spindle-virtual", "event-loop");

    private Variants() {}

    /** The names, as the command line's choices. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ALL.iterator();
        }
    }

    /**
     * {@code unix}: every variant's pairs are AF_UNIX (Spindle's socketpairs; the JDK, which has no
     * socketpair, connects pairs through a UNIX listener); else loopback TCP for every variant.
     */
    static Variant create(String name, boolean unix) throws IOException {
        return switch (name) {
            case "jdk-platform" -> new ThreadVariant(name, new ChannelLink.Factory(unix), Thread.ofPlatform(), "platform threads");
            case "jdk-virtual" -> new ThreadVariant(name, new ChannelLink.Factory(unix), Thread.ofVirtual(), "virtual threads");
            case "spindle-platform" -> new ThreadVariant(name, SpindleLink.factory(unix), Thread.ofPlatform(), "platform threads");
            case "spindle-virtual" -> new ThreadVariant(name, SpindleLink.factory(unix), Thread.ofVirtual(), "virtual threads");
            case "event-loop" -> new EventLoopVariant(unix);
            default -> throw new IllegalArgumentException("unknown variant " + name + "; one of " + ALL);
        };
    }
}
