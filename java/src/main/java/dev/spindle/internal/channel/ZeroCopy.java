package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Native;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * Zero-copy transfers on a {@link NativeStream}: a file region to the socket (sendfile), and socket to
 * pipe and pipe to socket (splice, Linux) for proxies. The socket goes non-blocking for good, as for
 * vectored I/O, and splice never blocks on the pipe (SPLICE_F_NONBLOCK); after EAGAIN a call waits on
 * the socket's edge through {@link Waiting#run}, so timeouts, close and interrupt work as for read and
 * write. Where the OS lacks the call or refuses these fds, the answer is {@link #UNSUPPORTED} and the
 * caller copies instead.
 */
public final class ZeroCopy {
    /** The OS lacks the call (ENOSYS) or refuses these fds (EINVAL, EOPNOTSUPP, ENOTSUP) before moving anything. */
    public static final long UNSUPPORTED = Long.MIN_VALUE;
    private static final int SENDFILE = 0, SPLICE = 1;
    /** Linux's sendfile moves at most this much in one call. */
    private static final long MAX_CHUNK = 0x7fff_f000L;
    private static final int COPY_CHUNK = 64 * 1024;
    private static final Charset PATHS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private ZeroCopy() {}

    /** Sends count bytes of {@code file} (or of the file at {@code path}) from position; all unless the file ends. */
    static long sendFile(NativeStream stream, FileChannel file, Path path, long position, long count) throws IOException {
        if (file != null) {
            if (!file.isOpen()) throw new java.nio.channels.ClosedChannelException();
            int fd = FileDescriptors.of(file);
            long n = fd < 0 ? UNSUPPORTED : sendFile(stream, fd, position, count);
            return n != UNSUPPORTED ? n : copy(stream, file, position, count);
        }
        int fd = Native.openRead(path.toAbsolutePath().toString().getBytes(PATHS));
        if (fd >= 0) {
            try {
                long n = sendFile(stream, fd, position, count);
                if (n != UNSUPPORTED) return n;
            } finally {
                Native.close(fd);
            }
        }
        try (FileChannel opened = FileChannel.open(path)) { // open's failure as NIO says it (NoSuchFileException, ...)
            return copy(stream, opened, position, count);
        }
    }

    private static long sendFile(NativeStream stream, int fileFd, long position, long count) throws IOException {
        return moveOut(stream, SENDFILE, fileFd, position, count);
    }

    /**
     * Moves {@code count} bytes from {@code in} (a file from {@code offset}, or a pipe) to the stream,
     * waiting for room under its write timeout: the bytes moved, fewer only if a file ends first.
     */
    private static long moveOut(NativeStream to, int op, int in, long offset, long count) throws IOException {
        SocketFd socket = to.socket;
        socket.writeLock.lock();
        try {
            to.ensureWritable();
            socket.waiting.stayNonBlocking();
            long done = 0;
            while (done < count) {
                long n = move(socket, true, new Move(op, in, socket.fd, offset + done, Math.min(count - done, MAX_CHUNK)),
                        to.writeTimeout());
                if (n == UNSUPPORTED) {
                    if (done == 0) return UNSUPPORTED;
                    throw new SocketException(name(op) + " was refused after " + done + " bytes");
                }
                if (n == 0) break; // the file ended
                done += n;
            }
            return done;
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** The copying path: the file through a direct buffer into the stream's plain writes. */
    private static long copy(NativeStream stream, FileChannel file, long position, long count) throws IOException {
        if (count == 0) return 0;
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(COPY_CHUNK, count));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = file.read(buf, position + done);
            if (n <= 0) break;
            stream.write(buf.flip());
            done += n;
        }
        return done;
    }

    /**
     * Splices what {@code from} has into the pipe, at most {@code max}, waiting (under its read timeout)
     * for at least one byte: the bytes moved, -1 at the end of stream, or {@link #UNSUPPORTED}.
     */
    public static long spliceIn(NativeStream from, int pipeWrite, long max) throws IOException {
        SocketFd socket = from.socket;
        socket.readLock.lock();
        try {
            if (!from.readable()) return -1;
            socket.waiting.stayNonBlocking();
            long n = move(socket, false, new Move(SPLICE, socket.fd, pipeWrite, 0, max), from.readTimeout());
            return n == 0 ? socket.endOfStream() : n;
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** Splices {@code count} bytes the pipe holds out to {@code to}, waiting for room under its write timeout. */
    public static long spliceOut(NativeStream to, int pipeRead, long count) throws IOException {
        return moveOut(to, SPLICE, pipeRead, 0, count);
    }

    /** One transfer, retried on EINTR and after a wait for EAGAIN: bytes moved, or UNSUPPORTED. */
    private static long move(SocketFd socket, boolean out, Move move, long timeoutNanos) throws IOException {
        String name = name(move.op);
        long n = socket.waiting.run(out ? socket.readiness.write : socket.readiness.read, move, timeoutNanos, name);
        if (n >= 0) return n;
        if (n == -Errno.ENOSYS || n == -Errno.EINVAL || n == -Errno.EOPNOTSUPP || n == -Errno.ENOTSUP) return UNSUPPORTED;
        throw socket.failure(name, n);
    }

    /** One sendfile or splice call, made per chunk: zero-copy moves are large and few. */
    private record Move(int op, int in, int out, long offset, long count) implements IoCall {
        @Override
        public long attempt(WaitMode mode, int seen) {
            return op == SENDFILE ? Native.sendfile(out, in, offset, count) : Native.splice(in, out, count);
        }
    }

    private static String name(int op) {
        return op == SENDFILE ? "sendfile" : "splice";
    }

    /**
     * A FileChannel's fd number, where the JDK lets Spindle read it (java.base opened to it:
     * {@code --add-opens java.base/sun.nio.ch=dev.spindle --add-opens java.base/java.io=dev.spindle}, or
     * ALL-UNNAMED on the class path); -1 otherwise, and the file is copied.
     */
    private static final class FileDescriptors {
        private static final Field CHANNEL_FD = field("sun.nio.ch.FileChannelImpl", "fd");
        private static final Field FD_NUMBER = field("java.io.FileDescriptor", "fd");

        private static Field field(String type, String name) {
            try {
                Field f = Class.forName(type).getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static int of(FileChannel file) {
            if (CHANNEL_FD == null || FD_NUMBER == null || !CHANNEL_FD.getDeclaringClass().isInstance(file)) return -1;
            try {
                return FD_NUMBER.getInt((FileDescriptor) CHANNEL_FD.get(file));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }
    }
}
