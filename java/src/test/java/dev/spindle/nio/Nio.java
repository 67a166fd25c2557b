package dev.spindle.nio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers for the provider's contract tests: the provider, loopback pairs, threads, fd counts. */
final class Nio {
    static final SpindleSelectorProvider PROVIDER = new SpindleSelectorProvider();

    private Nio() {}

    /** Skips a test that needs the native channels (the jdk-fallback execution has none). */
    static void assumeNative() {
        assumeTrue(Spindle.isAvailable(), "needs Spindle's native channels");
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static ServerSocketChannel server() throws IOException {
        ServerSocketChannel s = PROVIDER.openServerSocketChannel();
        s.bind(loopback());
        return s;
    }

    /** A connected pair of blocking channels: [client, accepted]. */
    static SocketChannel[] pair() throws IOException {
        try (ServerSocketChannel s = server()) {
            SocketChannel c = PROVIDER.openSocketChannel();
            c.connect(s.getLocalAddress());
            return new SocketChannel[] {c, s.accept()};
        }
    }

    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) throw new AssertionError("no /proc/self/fd");
        return fds.length;
    }

    /** The soft limit on open files, from /proc/self/limits; 0 if unknown. */
    static long openFileLimit() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 0;
    }

    /** Waits (bounded) until the fd count is {@code expected}; returns the last count seen. */
    static int awaitFds(int expected) throws InterruptedException {
        int n = openFds();
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); n != expected && System.nanoTime() < until; ) {
            Thread.sleep(10);
            n = openFds();
        }
        return n;
    }

    record Running<T>(Thread thread, Future<T> result) {}

    static <T> Running<T> run(boolean virtual, Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        return new Running<>((virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(f), f);
    }

    /** Runs a task and waits until its thread is blocked in an I/O wait or a selection. */
    static <T> Running<T> blocked(boolean virtual, Callable<T> task) throws InterruptedException {
        Running<T> r = run(virtual, task);
        awaitBlocked(r.thread());
        return r;
    }

    static Throwable failureOf(Future<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the task to fail, it returned normally");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    static <T> T resultOf(Future<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Native methods where a platform thread waits in the kernel. */
    private static final Set<String> KERNEL_WAITS =
            Set.of("readBuffer", "writeBuffer", "accept", "pollFd", "pollerWait", "connect");

    static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!isBlocked(t)) {
            if (System.nanoTime() > deadline) throw new AssertionError("thread never blocked: " + t.getState());
            Thread.sleep(1);
        }
    }

    /** In the kernel in a Spindle syscall that waits, or parked on a Spindle edge. */
    private static boolean isBlocked(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0) return false;
        if (stack[0].isNativeMethod() && KERNEL_WAITS.contains(stack[0].getMethodName())
                && stack[0].getClassName().startsWith("dev.spindle.")) return true;
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement e : stack) if (e.getClassName().equals("dev.spindle.internal.poll.Edge")) return true;
        return false;
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static String readAscii(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (ch.read(b) < 0) throw new IOException("early end of stream");
        return new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
