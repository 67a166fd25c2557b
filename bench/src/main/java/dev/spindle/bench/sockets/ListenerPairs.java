package dev.spindle.bench.sockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pairs made by connecting to a listener and accepting; {@code dir}, when not null, holds the listener's path. */
record ListenerPairs(SocketApi api, StreamListener listener, String sockets, Path dir) implements StreamPairs {
    @Override
    public StreamPair open() throws IOException {
        StreamSocket a = api.connect(listener.address());
        return new StreamPair(a, listener.accept());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (dir != null) {
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        }
    }
}
