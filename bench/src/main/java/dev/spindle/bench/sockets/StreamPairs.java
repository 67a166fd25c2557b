package dev.spindle.bench.sockets;

import dev.spindle.net.UnixStream;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes connected pairs of one kind of stream socket; closing it closes what it shares, not the pairs. */
public sealed interface StreamPairs extends Closeable permits ListenerPairs, SocketPairs {
    StreamPair open() throws IOException;

    /** E.g. "AF_UNIX socketpair" or "TCP loopback". */
    String sockets();

    /** Loopback TCP pairs, through one listener on 127.0.0.1. */
    static StreamPairs loopback(SocketApi api) throws IOException {
        return new ListenerPairs(api, api.listen(new InetSocketAddress("127.0.0.1", 0), 4096), "TCP loopback", null);
    }

    /**
     * AF_UNIX pairs: Spindle's are socketpairs ({@link UnixStream#pair()}); java.nio, which has no
     * socketpair, connects them through a listener on a temporary path.
     */
    static StreamPairs unix(SocketApi api) throws IOException {
        if (api == SocketApi.SPINDLE) return new SocketPairs();
        Path dir = Files.createTempDirectory("spindle-pairs");
        StreamListener listener = api.listen(UnixDomainSocketAddress.of(dir.resolve("s")), 4096);
        return new ListenerPairs(api, listener, "AF_UNIX via a listener", dir);
    }
}
