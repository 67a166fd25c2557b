package dev.spindle.bench.server;

import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.StreamListener;
import dev.spindle.bench.sockets.StreamSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accepts on one thread and serves each connection on a thread of its own. */
final class ThreadPerConnectionServer implements Server {
    private final StreamListener listener;
    private final Thread.Builder threads;
    private final Handler handler;
    private final Thread acceptor;
    private final Set<StreamSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ThreadPerConnectionServer(SocketApi api, Thread.Builder threads, Handler handler,
                              InetSocketAddress address, int backlog) throws IOException {
        this.listener = api.listen(address, backlog);
        this.threads = threads;
        this.handler = handler;
        this.acceptor = threads.start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            StreamSocket c;
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

    private void serve(StreamSocket c) {
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

    private static void closeQuietly(StreamSocket c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // best effort at shutdown
        }
    }
}
