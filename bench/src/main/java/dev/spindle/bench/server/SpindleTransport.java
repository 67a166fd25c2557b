package dev.spindle.bench.server;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/** Spindle's TcpListener / TcpStream. */
final class SpindleTransport implements Transport {
    @Override
    public Listener listen(InetSocketAddress address, int backlog) throws IOException {
        TcpListener listener = TcpListener.open()
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .bind(address, backlog);
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                TcpStream s = listener.accept();
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new Connection() {
                    @Override
                    public InputStream in() {
                        return s.inputStream();
                    }

                    @Override
                    public OutputStream out() {
                        return s.outputStream();
                    }

                    @Override
                    public void close() throws IOException {
                        s.close();
                    }
                };
            }

            @Override
            public void close() throws IOException {
                listener.close();
            }
        };
    }
}
