package dev.spindle.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test helpers: loopback listeners, connected pairs, and threads of either kind. */
final class Loopback {
    private Loopback() {}

    static InetSocketAddress v4() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static TcpListener listener() throws IOException {
        return TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    /** A connected pair: [client, server]. */
    static TcpStream[] pair() throws Exception {
        try (TcpListener l = listener()) {
            Future<TcpStream> accepted = start(false, l::accept);
            TcpStream client = TcpStream.open(l.localAddress());
            return new TcpStream[] {client, accepted.get(10, TimeUnit.SECONDS)};
        }
    }

    /** Runs a task on a new platform or virtual thread. */
    static <T> Future<T> start(boolean virtual, Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(f);
        return f;
    }

    /** Waits for a task and returns the exception it threw. */
    static Throwable failureOf(Future<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the task to fail, it returned normally");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Waits until thread t is parked, or blocked in poll(2), so a test acts on a truly blocked thread. */
    static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!isBlocked(t)) {
            if (System.nanoTime() > deadline) throw new AssertionError("thread never blocked: " + t.getState());
            Thread.sleep(1);
        }
    }

    /**
     * Native methods where a platform thread waits in the kernel: Spindle's poll(2) or, with kernel
     * waits on (the default), its syscalls on a blocking fd; the JDK's blocking I/O.
     */
    private static final java.util.Set<String> KERNEL_WAITS = "poller".equals(System.getProperty("dev.spindle.platformWait"))
            ? java.util.Set.of("read0", "write0", "writev0", "readv0", "accept0", "poll", "poll0", "connect0")
            : java.util.Set.of("pollFd", "readArray", "readBuffer", "writeArray", "writeBuffer", "accept",
                    "read0", "write0", "writev0", "readv0", "accept0", "poll", "poll0", "connect0");

    private static boolean isBlocked(Thread t) {
        Thread.State state = t.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) return true;
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod() && KERNEL_WAITS.contains(stack[0].getMethodName());
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Reads exactly n bytes or fails at end of stream. */
    static ByteBuffer readExactly(TcpStream s, int n, boolean direct) throws IOException {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (s.read(b) < 0) throw new IOException("early end of stream");
        return b.flip();
    }
}
