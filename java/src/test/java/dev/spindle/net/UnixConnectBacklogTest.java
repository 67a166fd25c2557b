package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Linux refuses a UNIX-domain connect with EAGAIN, at once, while the listener's backlog is full,
 * and no readiness says when it has room. A blocking connect waits for room, as the JDK's does.
 */
class UnixConnectBacklogTest {
    @Test
    void aBlockingConnectWaitsWhileTheBacklogIsFull() throws Exception {
        Unix.assumeNative();
        assumeTrue(Unix.isLinux(), "the EAGAIN refusal is Linux's");
        UnixDomainSocketAddress address = Unix.freshPath();
        List<SocketChannel> queued = new ArrayList<>();
        try (UnixListener listener = UnixListener.open(address, 1)) {
            boolean full = false;
            for (int i = 0; i < 64 && !full; i++) { // the JDK's non-blocking connects fill the backlog
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.configureBlocking(false);
                try {
                    c.connect(address);
                    queued.add(c);
                } catch (IOException refused) {
                    c.close();
                    full = true;
                }
            }
            assumeTrue(full, "the backlog never filled");
            CompletableFuture<UnixStream> connecting = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    connecting.complete(UnixStream.open(address));
                } catch (Throwable t) {
                    connecting.completeExceptionally(t);
                }
            });
            Thread.sleep(200);
            assertFalse(connecting.isDone(), () -> "connect gave up on a full backlog: " + connecting.exceptionNow());
            for (int i = 0; i <= queued.size(); i++) listener.accept().close(); // room, and the waiting one
            try (UnixStream s = connecting.get(10, TimeUnit.SECONDS)) {
                assertTrue(s.isConnected());
                assertEquals(-1, s.read(ByteBuffer.allocate(1)), "the listener's end was accepted and closed");
            }
        } finally {
            for (SocketChannel c : queued) c.close();
        }
    }
}
