package dev.spindle.bench.server.containers;

import dev.spindle.bench.server.Server;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Unmodified embedded Tomcat 11 serving one servlet through the NIO connector
 * ({@link Http11NioProtocol}: one acceptor and one poller on platform threads) with
 * {@code useVirtualThreads=true}, so each request runs on a virtual thread. No access log
 * (embedded Tomcat has no valve unless added), keep-alive unlimited ({@code maxKeepAliveRequests=-1};
 * Tomcat's default closes every 100th response). Tomcat always adds a Date header (it has no
 * setting to leave it out); otherwise the answer carries {@code HttpHandler.RESPONSE}'s headers.
 */
public final class TomcatServer implements Server {
    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;

    public TomcatServer(InetSocketAddress address, int backlog) throws IOException {
        baseDir = Files.createTempDirectory("spindle-bench-tomcat");
        tomcat.setBaseDir(baseDir.toString()); // its work directory, removed on close
        Http11NioProtocol nio = new Http11NioProtocol();
        nio.setAddress(address.getAddress());
        nio.setPort(address.getPort());
        nio.setAcceptCount(backlog);
        nio.setMaxKeepAliveRequests(-1);
        Connector connector = new Connector(nio);
        try {
            if (!connector.setProperty("useVirtualThreads", "true")) throw new IllegalStateException("no useVirtualThreads property");
            tomcat.setConnector(connector);
            Context root = tomcat.addContext("", null);
            Tomcat.addServlet(root, "hello", new Hello());
            root.addServletMappingDecoded("/", "hello");
            tomcat.start();
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() != address.getPort()) {
                throw new IllegalStateException("its connector is " + connector.getState() + " on port " + connector.getLocalPort()
                        + " (see its log above)");
            }
            Containers.checkChannel("tomcat", listeningChannel(nio));
        } catch (LifecycleException | RuntimeException e) {
            close();
            throw new IOException("tomcat did not start on " + address + ": " + e, e);
        }
        System.out.printf("tomcat: %s, NIO connector, useVirtualThreads=%s%n", org.apache.catalina.util.ServerInfo.getServerNumber(),
                connector.getProperty("useVirtualThreads"));
    }

    /** NioEndpoint keeps its ServerSocketChannel to itself (a protected getter): read it only to check its provider. */
    private static SelectableChannel listeningChannel(Http11NioProtocol nio) {
        try {
            Method endpoint = org.apache.coyote.AbstractProtocol.class.getDeclaredMethod("getEndpoint");
            endpoint.setAccessible(true);
            Method serverSocket = NioEndpoint.class.getDeclaredMethod("getServerSocket");
            serverSocket.setAccessible(true);
            return (SelectableChannel) serverSocket.invoke(endpoint.invoke(nio));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("tomcat: cannot reach the connector's ServerSocketChannel to check its provider: " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IOException("tomcat did not stop: " + e, e);
        } finally {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(TomcatServer::delete);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app: a plain servlet writing the body through the output stream (a writer would add a charset). */
    private static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType(Containers.CONTENT_TYPE);
            response.setContentLength(Containers.BODY.length);
            response.getOutputStream().write(Containers.BODY);
        }
    }
}
