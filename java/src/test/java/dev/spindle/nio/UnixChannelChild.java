package dev.spindle.nio;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link UnixChannelTest} in a JVM with Spindle installed as the provider: opens UNIX channels
 * through the static {@code open(UNIX)} methods, as unmodified code does, and echoes over them.
 */
public final class UnixChannelChild {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "spc");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            System.out.println("server=" + server.getClass().getSimpleName() + " client=" + client.getClass().getSimpleName());
            client.connect(address);
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("over unix".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer in = ByteBuffer.allocate(9);
                while (in.hasRemaining()) accepted.read(in);
                System.out.println("echo=" + new String(in.array(), StandardCharsets.US_ASCII));
            }
        } finally {
            Files.deleteIfExists(address.getPath());
            Files.delete(dir);
        }
        System.out.println("done");
    }
}
