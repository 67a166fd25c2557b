package dev.spindle.bench.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class HttpHandlerTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Hands out its data in reads of at most {@code chunk} bytes. */
    private static InputStream chunked(String data, int chunk) {
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == bytes.length) return -1;
                int n = Math.min(Math.min(len, chunk), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static byte[] responses(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) out.writeBytes(HttpHandler.RESPONSE);
        return out.toByteArray();
    }

    private static byte[] serve(String input, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HttpHandler().serve(chunked(input, chunk), out);
        return out.toByteArray();
    }

    @Test
    void answersTheExactBytes() {
        assertArrayEquals(("HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\n\r\nHello, World!")
                .getBytes(StandardCharsets.US_ASCII), HttpHandler.RESPONSE);
    }

    @Test
    void answersPipelinedRequests() throws IOException {
        assertArrayEquals(responses(100), serve(GET.repeat(100), 1 << 20));
    }

    @Test
    void answersRequestsSplitAcrossReads() throws IOException {
        for (int chunk = 1; chunk <= GET.length() + 1; chunk++) {
            assertArrayEquals(responses(3), serve(GET.repeat(3), chunk), "reads of " + chunk + " bytes");
        }
    }

    @Test
    void answersNothingForAnIncompleteRequest() throws IOException {
        assertArrayEquals(new byte[0], serve(GET.substring(0, GET.length() - 1), 7));
    }
}
