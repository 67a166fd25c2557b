package dev.spindle.bench.sockets;

import dev.spindle.net.UnixStream;

import java.io.IOException;

/** socketpair(AF_UNIX, SOCK_STREAM), as in Blandy's ring: nothing is shared between pairs. */
final class SocketPairs implements StreamPairs {
    @Override
    public StreamPair open() throws IOException {
        UnixStream[] pair = UnixStream.pair();
        return new StreamPair(new SpindleStream(pair[0]), new SpindleStream(pair[1]));
    }

    @Override
    public String sockets() {
        return "AF_UNIX socketpair";
    }

    @Override
    public void close() {
        // nothing to close
    }
}
