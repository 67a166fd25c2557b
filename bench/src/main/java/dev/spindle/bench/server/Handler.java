package dev.spindle.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The application code of the thread-per-connection servers, written once
 * against plain streams so that the transport is the only variable.
 * {@link #serve} returns when the peer closes its side.
 */
public interface Handler {
    void serve(InputStream in, OutputStream out) throws IOException;

    static Handler of(Mode mode) {
        return switch (mode) {
            case ECHO -> new EchoHandler();
            case HTTP -> new HttpHandler();
        };
    }
}
