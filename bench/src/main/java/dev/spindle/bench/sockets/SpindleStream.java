package dev.spindle.bench.sockets;

import dev.spindle.net.TcpStream;
import dev.spindle.net.UnixStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;

/** Spindle's TcpStream or UnixStream; its streams are the library's own, which allocate nothing per call. */
final class SpindleStream extends StreamSocket {
    private final ByteChannel channel; // a TcpStream or a UnixStream: their common supertype is not public

    SpindleStream(TcpStream stream) {
        super(stream);
        this.channel = stream;
    }

    SpindleStream(UnixStream stream) {
        super(stream);
        this.channel = stream;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) channel.write(src); // one call: Spindle writes everything
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (channel instanceof TcpStream tcp) tcp.shutdownOutput();
        else unix().shutdownOutput();
    }

    @Override
    public InputStream in() {
        return channel instanceof TcpStream tcp ? tcp.inputStream() : unix().inputStream();
    }

    @Override
    public OutputStream out() {
        return channel instanceof TcpStream tcp ? tcp.outputStream() : unix().outputStream();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        if (channel instanceof TcpStream tcp) tcp.setReadTimeout(timeout);
        else unix().setReadTimeout(timeout);
    }

    private UnixStream unix() {
        return (UnixStream) channel;
    }
}
