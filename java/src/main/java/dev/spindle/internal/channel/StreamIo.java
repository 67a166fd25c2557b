package dev.spindle.internal.channel;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A connection's I/O beneath {@code TcpStream} and {@code UnixStream}: {@link NativeStream} on the native core, or
 * {@link NioStream} on the JDK's channels when the library cannot load. Reads wait for at least
 * one byte; writes write everything. Timeouts are in nanoseconds, zero for none.
 */
public interface StreamIo extends SocketIo {
    /** Connects; false only in a selectable channel's non-blocking mode, while the handshake goes on. A failure closes the channel. */
    boolean connect(SocketAddress target, long timeoutNanos) throws IOException;

    void bind(SocketAddress local) throws IOException;

    int read(ByteBuffer dst) throws IOException;

    int read(byte[] array, int offset, int length) throws IOException;

    long read(ByteBuffer[] dsts, int offset, int length) throws IOException;

    int write(ByteBuffer src) throws IOException;

    void write(byte[] array, int offset, int length) throws IOException;

    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Sends {@code count} bytes of a file from {@code position}, all of them unless the file ends first:
     * {@code file}, or the file at {@code path} when file is null. Returns the bytes sent.
     */
    long sendFile(FileChannel file, Path path, long position, long count) throws IOException;

    void shutdownInput() throws IOException;

    void shutdownOutput() throws IOException;

    boolean isConnected();

    SocketAddress remoteAddress() throws IOException;

    void setReadTimeout(long nanos) throws IOException;

    void setWriteTimeout(long nanos);
}
