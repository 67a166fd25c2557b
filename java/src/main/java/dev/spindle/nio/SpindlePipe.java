package dev.spindle.nio;

import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;

/** A {@link Pipe} on pipe2(2) (pipe(2) and fcntl on macOS); each end is a {@link PipeEnd} on the native core. */
final class SpindlePipe extends Pipe {
    private final Source source;
    private final Sink sink;

    private SpindlePipe(Source source, Sink sink) {
        this.source = source;
        this.sink = sink;
    }

    static Pipe open(SpindleSelectorProvider provider) throws IOException {
        long fds = Native.pipe();
        if (fds < 0) throw Errors.of("pipe", (int) fds);
        int readFd = (int) (fds >>> 32), writeFd = (int) fds;
        Source source;
        try {
            source = new Source(provider, readFd);
        } catch (IOException | RuntimeException e) {
            Native.close(writeFd); // the source closed its own fd
            throw e;
        }
        try {
            return new SpindlePipe(source, new Sink(provider, writeFd));
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    @Override
    public SourceChannel source() {
        return source;
    }

    @Override
    public SinkChannel sink() {
        return sink;
    }

    static final class Source extends SourceChannel implements Selectable, NioOwner.Calls {
        private final PipeEnd end;

        Source(SpindleSelectorProvider provider, int fd) throws IOException {
            super(provider);
            end = new PipeEnd(SocketFd.pipe(fd, new NioOwner<>(this)));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (dst.isReadOnly()) throw new IllegalArgumentException("cannot read into a read-only buffer");
            return end.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                if (!dsts[i].hasRemaining()) continue;
                int want = dsts[i].remaining();
                int n = total == 0 ? read(dsts[i]) : end.readNow(dsts[i]);
                if (n < 0) return total == 0 ? -1 : total;
                total += n;
                if (n < want) break;
            }
            return total;
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
            end.socket.waiting.setBlocking(block);
        }

        @Override
        protected void implCloseSelectableChannel() {
            end.socket.close();
        }

        @Override
        public int readyOps(boolean readable, boolean writable, int interest) {
            return readable ? interest & SelectionKey.OP_READ : 0;
        }

        @Override
        public SocketFd core() {
            return end.socket;
        }

        @Override
        public void beginCall() {
            begin();
        }

        @Override
        public void endCall(boolean completed) throws AsynchronousCloseException {
            end(completed);
        }
    }

    static final class Sink extends SinkChannel implements Selectable, NioOwner.Calls {
        private final PipeEnd end;

        Sink(SpindleSelectorProvider provider, int fd) throws IOException {
            super(provider);
            end = new PipeEnd(SocketFd.pipe(fd, new NioOwner<>(this)));
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return end.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                int want = srcs[i].remaining();
                int n = write(srcs[i]);
                total += n;
                if (n < want) break;
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
            end.socket.waiting.setBlocking(block);
        }

        @Override
        protected void implCloseSelectableChannel() {
            end.socket.close();
        }

        @Override
        public int readyOps(boolean readable, boolean writable, int interest) {
            return writable ? interest & SelectionKey.OP_WRITE : 0;
        }

        @Override
        public SocketFd core() {
            return end.socket;
        }

        @Override
        public void beginCall() {
            begin();
        }

        @Override
        public void endCall(boolean completed) throws AsynchronousCloseException {
            end(completed);
        }
    }
}
