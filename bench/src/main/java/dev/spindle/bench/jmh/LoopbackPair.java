package dev.spindle.bench.jmh;

import dev.spindle.bench.harness.Registry;
import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.StreamPair;
import dev.spindle.bench.sockets.StreamPairs;

import java.io.IOException;

/** The connected loopback TCP pair the read/write benchmarks run on, by their {@code impl} parameter. */
final class LoopbackPair {
    private static final Registry<SocketApi> IMPLS = new Registry<SocketApi>("impl")
            .add("spindle", SocketApi.SPINDLE)
            .add("jdk", SocketApi.NIO); // blocking SocketChannel, from the JDK's provider

    private LoopbackPair() {}

    /** {a: the client, b: the server's end}; impl is "spindle" or "jdk". */
    static StreamPair open(String impl) throws IOException {
        try (StreamPairs pairs = StreamPairs.loopback(IMPLS.get(impl))) {
            return pairs.open(); // the listener goes; the pair stays
        }
    }
}
