package dev.spindle.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers every HTTP/1.1 request (a head ending in an empty line; bodies are
 * not expected) with a fixed "Hello, World!" response. Requests may be
 * pipelined or split across reads: a small state machine follows the
 * "\r\n\r\n" terminator across read boundaries, and all the answers owed for
 * one read go out in one write.
 */
public final class HttpHandler implements Handler {
    public static final String BODY = "Hello, World!";
    public static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n"
            + "Content-Type: text/plain\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);

    /** RESPONSE repeated, so that k answers are one slice of this array. */
    private static final int BATCH = 64;
    private static final byte[] RESPONSES = new byte[RESPONSE.length * BATCH];

    static {
        for (int i = 0; i < BATCH; i++) System.arraycopy(RESPONSE, 0, RESPONSES, i * RESPONSE.length, RESPONSE.length);
    }

    @Override
    public void serve(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int state = 0; // how much of "\r\n\r\n" has been seen
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            int complete = 0;
            for (int i = 0; i < n; i++) {
                state = next(state, buf[i]);
                if (state == 4) {
                    complete++;
                    state = 0;
                }
            }
            while (complete > 0) {
                int k = Math.min(complete, BATCH);
                out.write(RESPONSES, 0, k * RESPONSE.length);
                complete -= k;
            }
        }
    }

    /** One step of a matcher for CR LF CR LF. */
    static int next(int state, byte b) {
        if (b == '\r') return state == 2 ? 3 : 1;
        if (b == '\n') return state == 1 ? 2 : state == 3 ? 4 : 0;
        return 0;
    }
}
