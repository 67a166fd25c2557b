package dev.spindle.bench.thesis;

import dev.spindle.bench.harness.Registry;
import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.StreamPairs;

import java.io.IOException;
import java.util.List;

/** The variants by name. */
final class Variants {
    /** Makes one variant; {@code unix}: see {@link #create}. */
    private interface Factory {
        Variant create(String name, boolean unix) throws IOException;
    }

    private static final Registry<Factory> REGISTRY = new Registry<Factory>("variant")
            .add("jdk-platform", (name, unix) -> new ThreadVariant(name, pairs(SocketApi.NIO, unix), Thread.ofPlatform(), "platform threads"))
            .add("jdk-virtual", (name, unix) -> new ThreadVariant(name, pairs(SocketApi.NIO, unix), Thread.ofVirtual(), "virtual threads"))
            .add("spindle-platform", (name, unix) -> new ThreadVariant(name, pairs(SocketApi.SPINDLE, unix), Thread.ofPlatform(), "platform threads"))
            .add("spindle-virtual", (name, unix) -> new ThreadVariant(name, pairs(SocketApi.SPINDLE, unix), Thread.ofVirtual(), "virtual threads"))
            .add("event-loop", (name, unix) -> new EventLoopVariant(unix));
    static final List<String> ALL = REGISTRY.names();

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
        return REGISTRY.get(name).create(name, unix);
    }

    /** Every variant's pairs: see {@link #create}. */
    static StreamPairs pairs(SocketApi api, boolean unix) throws IOException {
        return unix ? StreamPairs.unix(api) : StreamPairs.loopback(api);
    }
}
