package dev.spindle.javanet;

import com.sun.net.httpserver.HttpServer;
import dev.spindle.Spindle;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Programs that {@link JavaNetAgentTest} runs in child JVMs, most with {@code -javaagent}. Each does
 * what ordinary code does (no Spindle calls in its work) and then prints {@code key=value} lines
 * about what it ran on: the impl classes behind its sockets (read from java.net's private fields;
 * the child gets {@code --add-opens java.base/java.net=ALL-UNNAMED}), how many sockets Spindle's
 * impls opened, the JVM's SelectorProvider.
 */
public final class AgentPrograms {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "probe" -> probe();
            case "foreign" -> foreignFactoryFirst();
            case "twice" -> installTwice();
            case "http" -> http(Integer.parseInt(args[1]));
            case "tls" -> tls();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    /** An echo over a plain ServerSocket and Socket. */
    static void probe() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
                Socket client = new Socket(LOOPBACK, server.getLocalPort());
                Socket accepted = server.accept()) {
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            byte[] got = accepted.getInputStream().readNBytes(4);
            System.out.println("echo=" + new String(got, StandardCharsets.US_ASCII));
            System.out.println("serverImpl=" + implOf(ServerSocket.class, server));
            System.out.println("clientImpl=" + implOf(Socket.class, client));
            System.out.println("acceptedImpl=" + implOf(Socket.class, accepted));
        }
        report();
    }

    @SuppressWarnings("deprecation")
    static void foreignFactoryFirst() throws Exception {
        Socket.setSocketImplFactory(() -> null); // other code got there first; never used here
        try {
            Spindle.install();
            System.out.println("install=returned");
        } catch (IllegalStateException e) {
            System.out.println("install=refused: " + e.getMessage());
        }
        report();
    }

    static void installTwice() {
        System.out.println("first=" + Spindle.install());
        System.out.println("second=" + Spindle.install());
        report();
    }

    /** HttpURLConnection against com.sun.net.httpserver, each request on a new connection. */
    static void http(int requests) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        long before = Installer.socketsOpened();
        int ok = 0;
        try {
            for (int i = 0; i < requests; i++) {
                URI uri = URI.create("http://" + LOOPBACK.getHostAddress() + ":" + server.getAddress().getPort() + "/echo");
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Connection", "close");
                byte[] body = ("request " + i).getBytes(StandardCharsets.UTF_8);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                try (InputStream in = c.getInputStream()) {
                    if (c.getResponseCode() == 200 && new String(in.readAllBytes(), StandardCharsets.UTF_8).equals("request " + i)) ok++;
                }
                c.disconnect();
            }
        } finally {
            server.stop(0);
        }
        System.out.println("httpOk=" + ok);
        System.out.println("httpSocketsOpened=" + (Installer.socketsOpened() - before));
        report();
    }

    /** A TLS 1.3 echo through the JDK's SSLServerSocketFactory and SSLSocketFactory (key store from the test). */
    static void tls() throws Exception {
        SSLServerSocketFactory serverFactory = (SSLServerSocketFactory) SSLServerSocketFactory.getDefault();
        try (SSLServerSocket server = (SSLServerSocket) serverFactory.createServerSocket(0, 50, LOOPBACK)) {
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            Thread echo = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    System.out.println("tlsAcceptedImpl=" + implOf(Socket.class, s));
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[8192];
                    for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
                } catch (Exception e) {
                    e.printStackTrace(System.out);
                }
            });
            try (SSLSocket client = (SSLSocket) SSLSocketFactory.getDefault().createSocket(LOOPBACK, server.getLocalPort())) {
                client.setEnabledProtocols(new String[] {"TLSv1.3"});
                client.startHandshake();
                byte[] data = new byte[256 * 1024];
                for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        client.getOutputStream().write(data);
                        client.getOutputStream().flush();
                    } catch (Exception e) {
                        e.printStackTrace(System.out);
                    }
                });
                byte[] back = client.getInputStream().readNBytes(data.length);
                writer.join();
                System.out.println("tlsProtocol=" + client.getSession().getProtocol());
                System.out.println("tlsEchoOk=" + java.util.Arrays.equals(data, back));
                System.out.println("tlsClientImpl=" + implOf(Socket.class, client));
                System.out.println("tlsServerImpl=" + implOf(ServerSocket.class, server));
            }
            echo.join();
        }
        report();
    }

    static void report() {
        System.out.println("hooks=" + Spindle.installed());
        System.out.println("provider=" + SelectorProvider.provider().getClass().getName());
        System.out.println("opened=" + Installer.socketsOpened());
    }

    static String implOf(Class<?> type, Object o) throws ReflectiveOperationException {
        Field f = type.getDeclaredField("impl");
        f.setAccessible(true);
        Object impl = f.get(o);
        return impl == null ? "null" : impl.getClass().getName();
    }
}
