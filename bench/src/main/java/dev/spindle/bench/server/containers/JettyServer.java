package dev.spindle.bench.server.containers;

import dev.spindle.bench.server.HttpHandler;
import dev.spindle.bench.server.Server;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * Unmodified Jetty 12 with one plain core {@link Handler}, set up the way Jetty's programming
 * guide recommends for virtual threads: a {@link QueuedThreadPool} (platform threads for the
 * acceptor and the selectors) whose virtual-threads executor is a {@link VirtualThreadPool}, so
 * that the blocking handler runs on a virtual thread. No request log, keep-alive on (HTTP/1.1's
 * default), no Server or Date header, so it answers with {@link HttpHandler#RESPONSE}'s headers.
 */
public final class JettyServer implements Server {
    /** Virtual threads running requests at once: above any connection count the bench drives, so it never throttles. */
    private static final int MAX_VIRTUAL_THREADS = 32 * 1024;

    private final org.eclipse.jetty.server.Server jetty;

    /** {@code selectors}: Jetty's selector threads, as many as Netty gets event loops. */
    public JettyServer(InetSocketAddress address, int selectors, int backlog) throws IOException {
        QueuedThreadPool platform = new QueuedThreadPool();
        platform.setName("jetty");
        VirtualThreadPool virtual = new VirtualThreadPool(MAX_VIRTUAL_THREADS);
        virtual.setName("jetty-virtual");
        platform.setVirtualThreadsExecutor(virtual);
        jetty = new org.eclipse.jetty.server.Server(platform);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(jetty, 1, selectors, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setAcceptQueueSize(backlog);
        jetty.addConnector(connector);
        jetty.setHandler(new Hello());
        try {
            jetty.start();
            Containers.checkChannel("jetty", (SelectableChannel) connector.getTransport());
        } catch (Exception e) {
            close(); // Jetty's pool threads are not daemons: left running, they would keep this JVM up
            throw new IOException("jetty did not start on " + address + ": " + e, e);
        }
        System.out.printf("jetty: %s, 1 acceptor, %d selector%s, virtual threads (%s)%n", org.eclipse.jetty.server.Server.getVersion(),
                selectors, selectors == 1 ? "" : "s", virtual.getName());
    }

    @Override
    public void close() throws IOException {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IOException("jetty did not stop: " + e, e);
        }
    }

    /** The app: a blocking handler (Jetty's default invocation type), so Jetty runs it on a virtual thread. */
    private static final class Hello extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Containers.BODY.length);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Containers.CONTENT_TYPE);
            response.write(true, ByteBuffer.wrap(Containers.BODY), callback);
            return true;
        }
    }
}
