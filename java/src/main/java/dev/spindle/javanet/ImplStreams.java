package dev.spindle.javanet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The streams of a {@link SpindleSocketImpl}. {@code Socket} wraps them (its wrappers close the
 * socket on close, and on a virtual thread's interrupt). A read honours SO_TIMEOUT; each call is
 * one read or write on the core, with nothing allocated.
 */
final class ImplStreams {
    private ImplStreams() {}

    static final class In extends InputStream {
        private final SpindleSocketImpl impl;
        private final byte[] one = new byte[1];

        In(SpindleSocketImpl impl) {
            this.impl = impl;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            impl.ensureOpen();
            try {
                return impl.stream().read(b, off, len, impl.timeoutMillis() * 1_000_000L);
            } catch (IOException e) {
                throw JavaNetErrors.of(e);
            } catch (RuntimeException e) {
                throw JavaNetErrors.of(e);
            } finally {
                SocketHandle.restoreInterrupt();
            }
        }

        @Override
        public int available() throws IOException {
            return impl.available();
        }

        @Override
        public void close() {
            impl.close();
        }
    }

    static final class Out extends OutputStream {
        private final SpindleSocketImpl impl;
        private final byte[] one = new byte[1];

        Out(SpindleSocketImpl impl) {
            this.impl = impl;
        }

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            impl.ensureOpen();
            if (len == 0) return;
            try {
                impl.stream().write(b, off, len);
            } catch (java.nio.channels.ClosedChannelException e) {
                // open but the output is shut down: the JDK's impl says so this way
                if (impl.isOpen() && impl.stream().isOutputShutdown())
                    throw JavaNetErrors.withCause(new java.net.SocketException("Socket output shutdown"), e);
                throw JavaNetErrors.of(e);
            } catch (IOException e) {
                throw JavaNetErrors.of(e);
            } catch (RuntimeException e) {
                throw JavaNetErrors.of(e);
            } finally {
                SocketHandle.restoreInterrupt();
            }
        }

        @Override
        public void close() {
            impl.close();
        }
    }
}
