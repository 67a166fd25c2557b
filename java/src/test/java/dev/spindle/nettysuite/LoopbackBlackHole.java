package dev.spindle.nettysuite;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback address whose connects time out, for Netty's testsuite (the netty-testsuite execution): its
 * SocketConnectionAttemptTest times a connect out and cancels one in progress against
 * io.netty.testsuite.badHost:badPort, by default 198.51.100.254, an address off this machine. Here it is a
 * listener on 127.0.0.1 that never accepts and whose accept queue is full, so the kernel drops further SYNs
 * and a connect stays pending until it times out, without a packet leaving the machine.
 *
 * <p>Registered through META-INF/services and used only where JUnit's extension autodetection is on, which
 * only the netty-testsuite execution turns on. Its first beforeAll sets both properties, before any test has
 * loaded SocketTestPermutation (which reads them once); the listener and its queued connections stay open
 * until the test JVM exits.
 */
public final class LoopbackBlackHole implements BeforeAllCallback {
    private static final int MAX_FILLERS = 16;
    private static final int FILL_TIMEOUT_MILLIS = 500;
    private static ServerSocket listener;
    private static final List<Socket> fillers = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        synchronized (LoopbackBlackHole.class) {
            if (listener != null) {
                return;
            }
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            ServerSocket server = new ServerSocket(0, 1, loopback);
            InetSocketAddress address = new InetSocketAddress(loopback, server.getLocalPort());
            for (int i = 0; i < MAX_FILLERS; i++) {
                Socket s = new Socket();
                try {
                    s.connect(address, FILL_TIMEOUT_MILLIS);
                    fillers.add(s);
                } catch (SocketTimeoutException full) {
                    s.close();
                    listener = server;
                    System.setProperty("io.netty.testsuite.badHost", loopback.getHostAddress());
                    System.setProperty("io.netty.testsuite.badPort", Integer.toString(server.getLocalPort()));
                    return;
                }
            }
            for (Socket s : fillers) {
                s.close();
            }
            fillers.clear();
            server.close();
            throw new IllegalStateException("A listener with backlog 1 still completed " + MAX_FILLERS
                    + " connects: this kernel does not drop SYNs when the accept queue is full");
        }
    }
}
