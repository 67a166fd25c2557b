package dev.spindle.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Writes back every byte it reads. */
final class EchoHandler implements Handler {
    @Override
    public void serve(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            if (n > 0) out.write(buf, 0, n);
        }
    }
}
