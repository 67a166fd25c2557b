package dev.spindle;

import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.poll.Timeouts;

/**
 * Library-wide switches and status. The channels live in {@code dev.spindle.net}.
 *
 * <p>System properties, each read once, when Spindle first needs one:
 * <table class="striped">
 * <caption>Spindle's system properties</caption>
 * <thead><tr><th scope="col">Property</th><th scope="col">Default</th><th scope="col">Meaning</th></tr></thead>
 * <tbody>
 * <tr><td>{@code dev.spindle.native}</td><td>{@code true}</td>
 *     <td>false skips the native library: every channel runs on the JDK's own NIO instead</td></tr>
 * <tr><td>{@code dev.spindle.native.path}</td><td>none</td>
 *     <td>load libspindle from this file rather than from java.library.path or the jar</td></tr>
 * <tr><td>{@code dev.spindle.native.workdir}</td><td>java.io.tmpdir</td>
 *     <td>where the library bundled in the jar is extracted; it must not be mounted noexec</td></tr>
 * <tr><td>{@code dev.spindle.platformWait}</td><td>{@code kernel}</td>
 *     <td>how platform threads wait: kernel (measured faster: a blocking syscall, or poll(2) with a timeout) or
 *     poller (parked after EAGAIN and woken by the poller, as virtual threads are)</td></tr>
 * <tr><td>{@code dev.spindle.shortReadDrains}</td><td>{@code true}</td>
 *     <td>true lets a short read stand for the read that would return EAGAIN before a wait, where the backend
 *     proves it safe (Linux TCP); false always reads to EAGAIN</td></tr>
 * <tr><td>{@code dev.spindle.pollers}</td><td>the number of processors (with virtual-thread pollers, at most jdk.virtualThreadScheduler.parallelism)</td>
 *     <td>how many pollers run; each socket belongs to one, round-robin</td></tr>
 * <tr><td>{@code dev.spindle.poller.virtual}</td><td>{@code true}</td>
 *     <td>true runs each poller's loop on a virtual thread, false on a platform thread that blocks in epoll_wait
 *     (kqueue)</td></tr>
 * <tr><td>{@code dev.spindle.poller.idle}</td><td>{@code carrier}</td>
 *     <td>how a virtual-thread poller that finds nothing waits: carrier waits in epoll_wait (kqueue) on its carrier
 *     while threads wait on it, parking after a wait of dev.spindle.poller.carrierMillis, so each wake-up is one
 *     switch, as in an event loop; spin polls dev.spindle.poller.spins more times whenever threads wait on it
 *     (lowest latency; under steady load it keeps a core busy); budget polls on for at most
 *     dev.spindle.poller.spinMicros after its last events, then parks; park parks at once</td></tr>
 * <tr><td>{@code dev.spindle.poller.carrierMillis}</td><td>{@code 1}</td>
 *     <td>with carrier: how long, in ms, a poller's wait on its carrier may last before the master poller ends it
 *     and the poller parks, and how long it holds its carrier in all through a stream of events before it lets
 *     queued virtual threads run; about the most a wake-up that does not come from I/O waits when every carrier
 *     is held</td></tr>
 * <tr><td>{@code dev.spindle.poller.spins}</td><td>{@code 64}</td>
 *     <td>with spin: how many more polls a virtual-thread poller that finds nothing makes, letting other threads
 *     run before each, before it parks idle</td></tr>
 * <tr><td>{@code dev.spindle.poller.spinMicros}</td><td>{@code 50}</td>
 *     <td>with budget: how long, in µs, a poller keeps polling after its last events before it parks</td></tr>
 * <tr><td>{@code dev.spindle.poller.idleMillis}</td><td>{@code 1000}</td>
 *     <td>how long, in ms, a poller with no sockets and no timers keeps its thread and fds before it
 *     stops</td></tr>
 * <tr><td>{@code dev.spindle.agent.hooks}</td><td>{@code provider+socket+serversocket+datagram}</td>
 *     <td>the hooks the agent installs (its hooks= argument wins)</td></tr>
 * </tbody>
 * </table>
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
