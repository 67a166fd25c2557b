package dev.spindle.bench.server;

import java.io.IOException;

/** A running benchmark server. */
public interface Server extends AutoCloseable {
    /** Stops accepting, drops every connection and releases threads; idempotent. */
    @Override
    void close() throws IOException, InterruptedException;
}
