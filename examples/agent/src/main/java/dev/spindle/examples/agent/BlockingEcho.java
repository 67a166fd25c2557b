package dev.spindle.examples.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An ordinary blocking echo server and its clients, written against java.net only: a ServerSocket
 * accept loop with a virtual thread per connection, and clients that send length-prefixed messages
 * and check what comes back. Nothing here knows about Spindle; run it with
 * {@code java -javaagent:spindle.jar -jar agent.jar} and its sockets are Spindle's.
 */
public final class BlockingEcho {
    private BlockingEcho() {}

    /** What a run did: the round trips checked, and the server socket it ran on, for callers that look. */
    public record Result(int roundTrips, ServerSocket server, Socket lastAccepted) {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long t0 = System.nanoTime();
        Result r = run(clients, messages);
        System.out.printf("%d round trips by %d clients in %.0f ms, all echoed intact%n", r.roundTrips(), clients,
                (System.nanoTime() - t0) / 1e6);
    }

    public static Result run(int clients, int messages) throws Exception {
        Socket[] lastAccepted = new Socket[1];
        try (ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        lastAccepted[0] = s;
                        threads.submit(() -> echo(s));
                    }
                } catch (SocketException closed) {
                    // the server socket was closed: done
                } catch (IOException e) {
                    e.printStackTrace();
                }
            });
            Future<?>[] runs = new Future<?>[clients];
            for (int c = 0; c < clients; c++) runs[c] = threads.submit(() -> client(server.getLocalPort(), messages));
            for (Future<?> f : runs) f.get();
            server.close();
            acceptor.join();
            return new Result(clients * messages, server, lastAccepted[0]);
        }
    }

    private static Void echo(Socket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        }
        return null;
    }

    private static Void client(int port, int messages) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < messages; i++) {
                byte[] msg = new byte[1 + ThreadLocalRandom.current().nextInt(2000)];
                ThreadLocalRandom.current().nextBytes(msg);
                out.write(msg);
                byte[] back = new byte[msg.length];
                in.readFully(back);
                if (!Arrays.equals(msg, back)) throw new IOException("echo differs at message " + i);
            }
        }
        return null;
    }
}
