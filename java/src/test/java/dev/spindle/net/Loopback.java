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
        return run(virtual, task).result();
    }

    /** A task on its own thread, with that thread (to interrupt it, or wait until it blocks). */
    record Running<T>(Thread thread, Future<T> result) {}

    static <T> Running<T> run(boolean virtual, Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        return new Running<>((virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(f), f);
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
     * Native methods where a platform thread waits in the kernel: Spindle's blocking-fd syscalls
     * (on direct memory only) and poll(2); the JDK's blocking I/O.
     */
    private static final java.util.Set<String> KERNEL_WAITS = java.util.Set.of("readBuffer", "writeBuffer", "accept",
            "pollFd", "recvBuffer", "recv", "read0", "write0", "writev0", "readv0", "accept0", "poll", "poll0", "connect0");

    /**
     * Blocked in an I/O wait, not merely parked somewhere (a class initialiser, a lock): in the
     * kernel, parked on a Spindle edge, or parked by the JDK's NIO.
     */
    private static boolean isBlocked(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0) return false;
        if (stack[0].isNativeMethod() && KERNEL_WAITS.contains(stack[0].getMethodName())) return true;
        if (stack[0].isNativeMethod() && stack[0].getClassName().equals("sun.nio.ch.EPoll")) return true; // a JDK Selector
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals("dev.spindle.internal.poll.Edge")) return true;
            if (e.getClassName().startsWith("sun.nio.ch.")
                    && (e.getMethodName().equals("park") || e.getMethodName().equals("doSelect"))) return true;
        }
        return false;
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Reads exactly n bytes or fails at end of stream. */
    static ByteBuffer readExactly(StreamChannel<?, ?> s, int n, boolean direct) throws IOException {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (s.read(b) < 0) throw new IOException("early end of stream");
        return b.flip();
    }
}
