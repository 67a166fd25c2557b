package dev.spindle.bench.thesis;

import java.io.Closeable;
import java.io.IOException;

/** One end of a connected socket pair, used a byte at a time with blocking calls. */
interface Link extends Closeable {
    /** Blocks for one byte; -1 at end of stream. */
    int read() throws IOException;

    void write(int b) throws IOException;

    /** Lets the peer's reader see end of stream. */
    void shutdownOutput() throws IOException;

    /** Two connected ends. */
    record Pair(Link a, Link b) implements Closeable {
        @Override
        public void close() throws IOException {
            try (a; b) {
                // closes both
            }
        }
    }

    /** Makes connected pairs of one kind of socket. */
    interface Factory extends Closeable {
        Pair open() throws IOException;

        /** E.g. "AF_UNIX" or "TCP loopback". */
        String sockets();
    }
}
