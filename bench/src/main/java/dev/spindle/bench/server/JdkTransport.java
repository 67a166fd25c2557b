package dev.spindle.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** java.net.ServerSocket / Socket. */
final class JdkTransport implements Transport {
    @Override
    public Listener listen(InetSocketAddress address, int backlog) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, backlog);
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                return new Connection() {
                    @Override
                    public InputStream in() throws IOException {
                        return s.getInputStream();
                    }

                    @Override
                    public OutputStream out() throws IOException {
                        return s.getOutputStream();
                    }

                    @Override
                    public void close() throws IOException {
                        s.close();
                    }
                };
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }
}
