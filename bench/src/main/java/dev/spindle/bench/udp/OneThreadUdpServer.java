package dev.spindle.bench.udp;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.io.Closeable;

/**
 * A UDP echo server that is one socket and one thread running an echo loop until the socket is
 * closed; the JDK's and Spindle's servers differ only in the socket and the loop.
 */
final class OneThreadUdpServer implements UdpServer {
    /** Receives and sends back until the socket is closed (then returns, or throws ClosedChannelException). */
    interface EchoLoop {
        void run() throws IOException;
    }

    private final Closeable socket;
    private final String buffers;
    private final Thread thread;

    /** {@code socket} is bound already; the loop starts on a thread from {@code threads}. */
    OneThreadUdpServer(Closeable socket, String buffers, Thread.Builder threads, EchoLoop loop) {
        this.socket = socket;
        this.buffers = buffers;
        this.thread = threads.name("udp-echo").start(() -> {
            try {
                loop.run();
            } catch (ClosedChannelException closed) {
                // close() ends the loop
            } catch (IOException e) {
                System.out.println("udp echo failed: " + e);
            }
        });
    }

    @Override
    public String describe() {
        return buffers + " thread=" + (thread.isVirtual() ? "virtual" : "platform");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
