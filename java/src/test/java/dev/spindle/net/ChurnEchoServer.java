package dev.spindle.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The echo server of {@link ChurnTortureTest}, in a child JVM so that 10,000 connections fit the
 * fd limit: Spindle, one virtual thread per connection. Prints {@code port=N}; on stdin,
 * {@code stats} prints {@code accepted=A open=O errors=E}; end of stdin (the parent closed it
 * or died) exits.
 */
public final class ChurnEchoServer {
    private static final AtomicLong accepted = new AtomicLong(), open = new AtomicLong(), errors = new AtomicLong();

    public static void main(String[] args) throws Exception {
        TcpListener listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofPlatform().daemon().start(ChurnEchoServer::commands);
        System.out.println("port=" + listener.localAddress().getPort());
        System.out.flush();
        try {
            for (;;) {
                TcpStream conn = listener.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread.ofVirtual().start(() -> echo(conn));
            }
        } catch (ClosedChannelException done) {
            // not reached: the process exits from commands()
        }
    }

    private static void echo(TcpStream conn) {
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            while (conn.read(buf.clear()) >= 0) conn.write(buf.flip());
        } catch (IOException e) {
            errors.incrementAndGet();
            System.err.println("echo server: " + e);
        } finally {
            open.decrementAndGet();
        }
    }

    private static void commands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("stats")) {
                    System.out.println("accepted=" + accepted + " open=" + open + " errors=" + errors);
                    System.out.flush();
                }
            }
        } catch (IOException e) {
            // the parent is gone: exit all the same
        }
        System.exit(0);
    }
}
