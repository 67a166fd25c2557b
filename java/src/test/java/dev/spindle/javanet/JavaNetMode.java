package dev.spindle.javanet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.Spindle;
import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which java.net implementation the contract tests run on: the JDK's own (the javanet-jdk execution)
 * or Spindle's, installed once for the JVM (the javanet-spindle execution sets
 * {@code -Dspindle.javanet.impl=spindle}). The same test classes run in both, and every test checks
 * that its sockets really are the implementation under test, reading the JDK's private {@code impl}
 * fields (the executions open java.net to the tests for that).
 */
final class JavaNetMode {
    static final boolean SPINDLE = "spindle".equals(System.getProperty("spindle.javanet.impl"));

    static {
        if (SPINDLE) {
            Set<Spindle.Hook> on = Spindle.install();
            if (!on.containsAll(Set.of(Spindle.Hook.SOCKET, Spindle.Hook.SERVER_SOCKET)))
                throw new IllegalStateException("Spindle's java.net impls are not installed: " + on + "; " + Spindle.unavailabilityCause());
        }
    }

    private JavaNetMode() {}

    /** Makes sure the mode's implementation is installed (class initialisation does it). */
    static void init() {}

    static void check(Socket s) {
        check(implOf(Socket.class, s), "Socket");
    }

    static void check(ServerSocket s) {
        check(implOf(ServerSocket.class, s), "ServerSocket");
    }

    static void check(DatagramSocket s) {
        Object delegate = implOf(DatagramSocket.class, s, "delegate");
        Object impl = delegate.getClass().getName().equals("java.net.NetMulticastSocket")
                ? implOf(delegate.getClass(), delegate, "impl") : delegate;
        check(impl, "DatagramSocket");
    }

    private static void check(Object impl, String what) {
        String name = impl == null ? "null" : impl.getClass().getName();
        if (SPINDLE) assertTrue(name.startsWith("dev.spindle."), what + " should be on Spindle's impl but is on " + name);
        else assertTrue(!name.startsWith("dev.spindle."), what + " should be on the JDK's impl but is on " + name);
    }

    private static Object implOf(Class<?> type, Object o) {
        return implOf(type, o, "impl");
    }

    private static Object implOf(Class<?> type, Object o, String field) {
        try {
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AssertionError("cannot read " + type.getName() + "." + field
                    + " (the execution must --add-opens java.base/java.net=ALL-UNNAMED)", e);
        }
    }

    /** The two kinds of thread every contract runs on. */
    enum Kind {
        PLATFORM, VIRTUAL;

        Thread.Builder builder() {
            return this == VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        }

        Thread start(Body body, AtomicReference<Throwable> failure) {
            return builder().start(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        /** Runs body on a thread of this kind and rethrows what it threw. */
        void run(Body body) throws Exception {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = start(body, failure);
            if (!t.join(Duration.ofSeconds(30))) fail("the " + this + " thread did not finish in 30 s");
            Throwable f = failure.get();
            if (f instanceof Exception e) throw e;
            if (f instanceof Error e) throw e;
        }
    }

    interface Body {
        void run() throws Exception;
    }

    /** Gives a thread time to block in the call it just started. */
    static void letItBlock() throws InterruptedException {
        Thread.sleep(200);
    }
}
