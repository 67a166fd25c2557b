package dev.spindle.javanet;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback proxy for {@link ProxyContractTest}: HTTP CONNECT or SOCKS5 (no authentication,
 * IPv4/domain/IPv6 targets), relaying bytes both ways on virtual threads. It is itself written on
 * java.net, so on the Spindle run it runs on Spindle's impls too. Records each target it was asked for.
 */
final class MiniProxy implements AutoCloseable {
    enum Kind { HTTP, SOCKS }

    private final Kind kind;
    private final ServerSocket server;
    final List<String> targets = new CopyOnWriteArrayList<>();

    MiniProxy(Kind kind) throws IOException {
        this.kind = kind;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            }
        } catch (IOException closed) {
            // close() ends it
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            Socket target = kind == Kind.HTTP ? httpConnect(in, out) : socksConnect(new DataInputStream(in), out);
            try (target) {
                Thread back = Thread.ofVirtual().start(() -> relay(target, client));
                relay(client, target);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private Socket httpConnect(InputStream in, OutputStream out) throws IOException {
        String request = readHeaders(in);
        String[] words = request.split(" ");
        if (!words[0].equals("CONNECT")) throw new IOException("not a CONNECT: " + request);
        targets.add(words[1]);
        int colon = words[1].lastIndexOf(':');
        Socket target = new Socket(words[1].substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(words[1].substring(colon + 1)));
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return target;
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0; // counts the bytes of \r\n\r\n seen in a row
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("end of stream in the request");
            head.write(b);
            state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    }

    private Socket socksConnect(DataInputStream in, OutputStream out) throws IOException {
        if (in.readUnsignedByte() != 5) throw new IOException("not SOCKS5");
        in.readNBytes(in.readUnsignedByte()); // the methods offered
        out.write(new byte[] {5, 0}); // no authentication
        out.flush();
        byte[] head = in.readNBytes(4); // VER CMD RSV ATYP
        if (head[1] != 1) throw new IOException("not CONNECT");
        InetAddress address = switch (head[3]) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4));
            case 4 -> InetAddress.getByAddress(in.readNBytes(16));
            case 3 -> InetAddress.getByName(new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII));
            default -> throw new IOException("address type " + head[3]);
        };
        int port = in.readUnsignedShort();
        targets.add(address.getHostAddress() + ":" + port);
        Socket target = new Socket(address, port);
        out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
        return target;
    }

    private static void relay(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
