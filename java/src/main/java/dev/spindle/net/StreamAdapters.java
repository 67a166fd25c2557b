package dev.spindle.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** java.io adapters over a {@link TcpStream} or {@link UnixStream}, calling its array paths directly. */
final class StreamAdapters {
    private StreamAdapters() {}

    static final class In extends InputStream {
        private final StreamChannel<?, ?> stream;
        private final byte[] one = new byte[1];

        In(StreamChannel<?, ?> stream) {
            this.stream = stream;
        }

        @Override
        public int read() throws IOException {
            return stream.readByte(one);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return stream.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    static final class Out extends OutputStream {
        private final StreamChannel<?, ?> stream;
        private final byte[] one = new byte[1];

        Out(StreamChannel<?, ?> stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            stream.writeByte(one, b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stream.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
