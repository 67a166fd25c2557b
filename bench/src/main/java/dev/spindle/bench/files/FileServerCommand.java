package dev.spindle.bench.files;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.spindle.net.Splicer;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One file server (or proxy) of the {@code files} comparison, in its own JVM: keep-alive HTTP/1.1, each
 * {@code GET /NAME} answered with the file NAME from --dir, one virtual thread per connection (Netty: its
 * event loops). Prints {@code listening PORT} once it accepts.
 *
 * <ul>
 * <li>{@code spindle-sendfile}: TcpStream.sendFile (sendfile(2))
 * <li>{@code spindle-copy}: TcpStream, the file read into a direct buffer and written
 * <li>{@code jdk-transferto}: the JDK's blocking SocketChannel and FileChannel.transferTo (sendfile(2))
 * <li>{@code netty-epoll-fileregion}: Netty epoll, DefaultFileRegion (sendfile(2))
 * <li>{@code proxy-splice}, {@code proxy-copy}: a proxy to --upstream, each direction through a Splicer
 *     (splice(2)) or a 64 KiB direct buffer
 * </ul>
 */
@Command(name = "files-server", hidden = true, description = "Internal: one file server (or proxy) of files.")
public final class FileServerCommand implements Callable<Integer> {
    @Option(names = "--variant", required = true)
    String variant;
    @Option(names = "--port", defaultValue = "0")
    int port;
    @Option(names = "--dir", defaultValue = ".")
    Path dir;
    @Option(names = "--upstream", defaultValue = "0", description = "The proxies' upstream port.")
    int upstream;

    @Override
    public Integer call() throws Exception {
        if (variant.equals("netty-epoll-fileregion")) {
            NettyFileServer.run(port, dir);
            return 0;
        }
        if (variant.equals("jdk-transferto")) {
            jdk(port, dir);
            return 0;
        }
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", port))) {
            System.out.println("listening " + l.localAddress().getPort());
            for (;;) {
                TcpStream c = l.accept().setOption(StandardSocketOptions.TCP_NODELAY, true); // as Netty's servers
                Thread.ofVirtual().start(() -> {
                    try (c) {
                        switch (variant) {
                            case "spindle-sendfile" -> serve(c, dir, true);
                            case "spindle-copy" -> serve(c, dir, false);
                            case "proxy-splice", "proxy-copy" -> proxy(c, upstream, variant.equals("proxy-splice"));
                            default -> throw new IllegalArgumentException("unknown variant " + variant);
                        }
                    } catch (IOException gone) {
                        // the client went away
                    }
                });
            }
        }
    }

    private static void serve(TcpStream c, Path dir, boolean sendfile) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(4096);
        ByteBuffer copy = sendfile ? null : ByteBuffer.allocateDirect(64 * 1024);
        for (String name; (name = Requests.next(c, in)) != null; ) {
            Path file = dir.resolve(name);
            long size = Files.size(file);
            c.write(Requests.header(size));
            if (sendfile) {
                c.sendFile(file, 0, size);
            } else {
                try (FileChannel f = FileChannel.open(file)) {
                    for (long at = 0; at < size; ) {
                        int n = f.read(copy.clear(), at);
                        if (n < 0) break;
                        at += n;
                        c.write(copy.flip());
                    }
                }
            }
        }
    }

    private static void proxy(TcpStream client, int upstream, boolean splice) throws IOException {
        try (TcpStream server = TcpStream.open(new InetSocketAddress("127.0.0.1", upstream))
                .setOption(StandardSocketOptions.TCP_NODELAY, true)) {
            Thread down = Thread.ofVirtual().start(() -> pump(server, client, splice));
            pump(client, server, splice);
            try {
                down.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pump(TcpStream from, TcpStream to, boolean splice) {
        try {
            if (splice) {
                try (Splicer s = Splicer.open()) {
                    s.transferAll(from, to);
                }
            } else {
                ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
                while (from.read(b.clear()) >= 0) to.write(b.flip());
            }
            to.shutdownOutput();
        } catch (IOException gone) {
            // one side went away
        }
    }

    private static void jdk(int port, Path dir) throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port))) {
            System.out.println("listening " + ((InetSocketAddress) l.getLocalAddress()).getPort());
            for (;;) {
                SocketChannel c = l.accept().setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread.ofVirtual().start(() -> {
                    try (c) {
                        ByteBuffer in = ByteBuffer.allocate(4096);
                        for (String name; (name = Requests.next(c, in)) != null; ) {
                            Path file = dir.resolve(name);
                            try (FileChannel f = FileChannel.open(file)) {
                                long size = f.size();
                                ByteBuffer h = Requests.header(size);
                                while (h.hasRemaining()) c.write(h);
                                for (long at = 0; at < size; ) at += f.transferTo(at, size - at, c);
                            }
                        }
                    } catch (IOException gone) {
                        // the client went away
                    }
                });
            }
        }
    }

    /** Reading requests and writing headers, the same for every blocking server. */
    static final class Requests {
        private Requests() {}

        /** The next request's file name, or null at end of stream; in keeps what follows it. */
        static String next(java.nio.channels.ReadableByteChannel c, ByteBuffer in) throws IOException {
            for (;;) {
                int end = find(in);
                if (end >= 0) {
                    String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
                    in.flip().position(end + 4);
                    in.compact();
                    String line = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
                    String[] parts = line.split(" ");
                    return parts[1].substring(1);
                }
                if (c.read(in) < 0) return null;
            }
        }

        private static int find(ByteBuffer in) {
            byte[] b = in.array();
            for (int i = 0; i + 3 < in.position(); i++)
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
            return -1;
        }

        static ByteBuffer header(long size) {
            return ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
