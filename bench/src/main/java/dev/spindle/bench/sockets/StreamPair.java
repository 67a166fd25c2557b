package dev.spindle.bench.sockets;

import java.io.Closeable;
import java.io.IOException;

/** Two connected ends; {@code a} connected, {@code b} was accepted (or both came from a socketpair). */
public record StreamPair(StreamSocket a, StreamSocket b) implements Closeable {
    @Override
    public void close() throws IOException {
        try (a; b) {
            // closes both
        }
    }
}
