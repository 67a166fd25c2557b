package dev.spindle.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accepts on one thread and serves each connection on a thread of its own. */
final class ThreadPerConnectionServer implements Server {
    private final Transport.Listener listener;
    private final Thread.Builder threads;
    private final Handler handler;
    private final Thread acceptor;
    private final Set<Transport.Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ThreadPerConnectionServer(Transport transport, Thread.Builder threads, Handler handler,
                              InetSocketAddress address, int backlog) throws IOException {
        this.listener = transport.listen(address, backlog);
        this.threads = threads;
        this.handler = handler;
        this.acceptor = threads.start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            Transport.Connection c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                if (!closed) System.err.println("accept failed: " + e);
                continue;
            }
            open.add(c);
            if (closed) closeQuietly(c); // close() may have missed it
            threads.start(() -> serve(c));
        }
    }

    private void serve(Transport.Connection c) {
        try (c) {
            handler.serve(c.in(), c.out());
        } catch (IOException e) {
            // the peer reset the connection, or close() closed it under us
        } finally {
            open.remove(c);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        acceptor.join(2000);
        open.forEach(ThreadPerConnectionServer::closeQuietly);
    }

    private static void closeQuietly(Transport.Connection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // best effort at shutdown
        }
    }
}
