package dev.spindle.bench.thesis;

import dev.spindle.bench.sockets.StreamSocket;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link Link} over a stream socket: one-byte reads and writes through direct buffers of its own. */
final class SocketLink implements Link {
    private final StreamSocket socket;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);

    SocketLink(StreamSocket socket) {
        this.socket = socket;
    }

    @Override
    public int read() throws IOException {
        in.clear();
        int n;
        do {
            n = socket.read(in);
        } while (n == 0);
        return n < 0 ? -1 : in.get(0) & 0xff;
    }

    @Override
    public void write(int b) throws IOException {
        out.clear();
        out.put(0, (byte) b);
        socket.write(out);
    }
}
