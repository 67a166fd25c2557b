package dev.spindle.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process holding many client connections, so a test can have 10,000 of them without
 * hitting its own open-file limit. Commands on stdin: "send" writes one byte on every
 * connection, "close" closes them all and exits. It prints "ready" once all are connected.
 */
public final class ClientSwarm {
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int n = Integer.parseInt(args[1]);
        List<SocketChannel> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) clients.add(SocketChannel.open(server));
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("send")) {
                for (SocketChannel c : clients) c.write(ByteBuffer.wrap(new byte[] {'m'}));
                System.out.println("sent");
                System.out.flush();
            } else if (line.equals("close")) {
                break;
            }
        }
        for (SocketChannel c : clients) c.close();
    }

    /** Starts a swarm of n clients against port in a child JVM; returns once all are connected. */
    static Process start(int port, int n) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(List.of(), ClientSwarm.class, String.valueOf(port), String.valueOf(n)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        expect(p, "ready");
        return p;
    }

    static void command(Process p, String command, String reply) throws Exception {
        p.getOutputStream().write((command + "\n").getBytes());
        p.getOutputStream().flush();
        if (reply != null) expect(p, reply);
    }

    private static void expect(Process p, String want) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c; (c = p.getInputStream().read()) != '\n'; ) {
            if (c < 0) throw new IllegalStateException("client swarm exited: " + p.waitFor());
            line.append((char) c);
        }
        if (!line.toString().equals(want)) throw new IllegalStateException("swarm said " + line);
    }
}
