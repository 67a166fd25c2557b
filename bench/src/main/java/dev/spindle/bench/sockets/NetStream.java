package dev.spindle.bench.sockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * A java.net {@link Socket}, as blocking code that predates channels uses it: through its streams
 * (the JDK's impl, or Spindle's with {@code -javaagent}). Buffer calls go through the streams too,
 * so they take heap buffers only.
 */
final class NetStream extends StreamSocket {
    private final Socket socket;

    NetStream(Socket socket) {
        super(socket);
        this.socket = socket;
    }

    @Override
    public InputStream in() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = in().read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) dst.position(dst.position() + n);
        return n;
    }

    @Override
    public OutputStream out() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        out().write(src.array(), src.arrayOffset() + src.position(), src.remaining());
        src.position(src.limit());
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }
}
