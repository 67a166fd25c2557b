package dev.spindle;

import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.poll.Timeouts;

/**
 * Library-wide switches and status. The channels live in {@code dev.spindle.net}.
 *
 * <p>System properties, read once:
 * <ul>
 *   <li>{@code dev.spindle.platformWait}: how platform threads wait: {@code kernel} (the default, measured
 *       faster: a blocking syscall, or poll(2) when there is a timeout) or {@code poller} (parked after
 *       EAGAIN, woken by the poller);
 *   <li>{@value dev.spindle.internal.poll.Pollers#VIRTUAL_PROPERTY}: {@code true} (the default) runs poller
 *       loops on virtual threads, {@code false} on platform threads;
 *   <li>{@value dev.spindle.internal.poll.Pollers#COUNT_PROPERTY}: poller threads (default: available processors);
 *   <li>{@code dev.spindle.shortReadDrains}: {@code true} (the default) lets a short read stand for the read
 *       that would return EAGAIN before a wait, where the backend proves it safe (Linux); {@code false} always
 *       reads to EAGAIN;
 *   <li>{@value dev.spindle.internal.poll.Pollers#IDLE_PROPERTY}: how a virtual-thread poller that finds
 *       nothing waits: {@code spin} (the default), latency first, polls
 *       {@value dev.spindle.internal.poll.Pollers#SPIN_PROPERTY} more times whenever threads wait on it (which
 *       under steady load keeps a core busy); {@code budget} polls on for at most
 *       {@value dev.spindle.internal.poll.Pollers#SPIN_MAX_MICROS_PROPERTY} µs after its last events (default
 *       {@value dev.spindle.internal.poll.Pollers#SPIN_MAX_MICROS_DEFAULT}), then parks; {@code park} parks at
 *       once;
 *   <li>{@value dev.spindle.internal.poll.Pollers#SPIN_PROPERTY}: with {@code spin}, how many more times a
 *       virtual-thread poller that finds nothing polls, letting other threads run before each poll, before it
 *       parks idle (default {@value dev.spindle.internal.poll.Pollers#SPIN_DEFAULT});
 *   <li>{@value dev.spindle.internal.poll.Pollers#IDLE_MILLIS_PROPERTY}: how long a poller with no sockets keeps
 *       its thread (default 1000 ms);
 *   <li>{@value dev.spindle.internal.sys.NativeLoader#PATH_PROPERTY}: load libspindle from this file;
 *   <li>{@value dev.spindle.internal.sys.NativeLoader#WORKDIR_PROPERTY}: extract the bundled library here
 *       (default {@code java.io.tmpdir}; it must not be mounted noexec).
 * </ul>
 */
public final class Spindle {
    private Spindle() {}

    /** What {@link #install} puts Spindle behind. */
    public enum Hook {
        /** java.nio: {@code SelectorProvider.provider()}, so every {@code SocketChannel.open()}, {@code Selector.open()}, ... */
        SELECTOR_PROVIDER,
        /** java.net: {@code new Socket(...)}, through {@code Socket.setSocketImplFactory}. */
        SOCKET,
        /** java.net: {@code new ServerSocket(...)}, through {@code ServerSocket.setSocketFactory}; needs {@link #SOCKET}. */
        SERVER_SOCKET,
        /** java.net: {@code new DatagramSocket(...)} and {@code MulticastSocket}, through {@code DatagramSocket.setDatagramSocketImplFactory}. */
        DATAGRAM_SOCKET
    }

    /**
     * Puts every {@link Hook} on Spindle: unmodified java.nio and java.net code then runs on
     * Spindle's native core. The JVM takes each hook once, so call this early, before anything opens
     * a socket or a selector; {@code java -javaagent:spindle.jar} does it before {@code main}.
     *
     * @return the hooks that are Spindle's now
     * @see #install(Set)
     */
    public static java.util.Set<Hook> install() {
        return install(java.util.EnumSet.allOf(Hook.class));
    }

    /**
     * Puts the given hooks on Spindle. Calling it again is harmless: hooks already Spindle's stay so.
     * Where the native library is unavailable it installs nothing, logs one line that says why
     * (logger {@code dev.spindle}), and returns an empty set: everything stays on the JDK.
     * Sockets opened before the call keep the implementation they were made with.
     *
     * @return the hooks that are Spindle's now
     * @throws IllegalStateException if a hook asked for belongs to other code already (another factory
     *     was set first, or the JVM's SelectorProvider was chosen before this call): the message names
     *     each one; the others are installed. {@link Hook#SERVER_SOCKET} is left alone when
     *     {@link Hook#SOCKET} is refused, since a ServerSocket accepts into a Socket's impl.
     */
    public static java.util.Set<Hook> install(java.util.Set<Hook> hooks) {
        java.util.Set<Hook> wanted = java.util.EnumSet.noneOf(Hook.class);
        wanted.addAll(hooks);
        return dev.spindle.javanet.Installer.install(wanted);
    }

    /** The hooks {@link #install} has put on Spindle in this JVM. */
    public static java.util.Set<Hook> installed() {
        return dev.spindle.javanet.Installer.installed();
    }

    /**
     * Whether the native library loaded on this platform. When it did not, every channel runs on
     * the JDK's own NIO instead, with the same API (write timeouts excepted); set
     * {@code -Ddev.spindle.native=false} to choose that.
     */
    public static boolean isAvailable() {
        return Backend.CURRENT.unavailabilityCause() == null;
    }

    /** Why the native library did not load, or null if it did. */
    public static Throwable unavailabilityCause() {
        return Backend.CURRENT.unavailabilityCause();
    }

    /**
     * Runs {@code task} once, on a poller thread, after {@code delay}. Use it for idle-connection
     * reaping, keepalives and the like.
     *
     * <p>The task runs on the thread that delivers socket readiness, so it must be short and must
     * not block: hand longer work to another thread. An exception it throws is logged and dropped.
     * It never runs early; it runs within a few milliseconds of the delay when the poller is idle,
     * and within one poller loop when it is busy.
     *
     * @throws IllegalArgumentException if delay is negative
     * @throws java.io.IOException if the poller cannot start
     */
    public static ScheduledTask schedule(java.time.Duration delay, Runnable task) throws java.io.IOException {
        java.util.Objects.requireNonNull(task, "task");
        return Backend.CURRENT.schedule(Timeouts.toNanos(delay, "delay"), task);
    }

    /**
     * Each poller's counters since the process started (empty when the JDK fallback runs): wake-ups,
     * events per wait, parked waiters, hand-offs to the master poller, timer arms. Cheap enough to
     * sample every second; take two samples and subtract to see rates.
     */
    public static java.util.List<PollerStats> pollerStats() {
        return Backend.CURRENT.pollerStats();
    }

    /**
     * Closes every open Spindle channel (blocked threads get {@code AsynchronousCloseException})
     * and stops the poller threads, releasing their fds. Pollers start again on the next use.
     * Without this call, pollers stop by themselves once idle.
     */
    public static void shutdown() {
        try {
            Pollers.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
