package dev.spindle.internal.channel;

import dev.spindle.PollerStats;
import dev.spindle.ScheduledTask;
import dev.spindle.internal.sys.NativeLoader;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where channels run: on Spindle's native core, or on the JDK's own NIO when the native library
 * cannot load (or {@code -Ddev.spindle.native=false}). Chosen once, when first used
 * ({@link #CURRENT}); what differs between the two is said here, so no other class asks which runs.
 */
public sealed interface Backend permits NativeBackend, JdkBackend {
    Backend CURRENT = NativeLoader.failure() == null ? new NativeBackend() : new JdkBackend(NativeLoader.failure());

    /** Why the native library is not in use, or null when it is. */
    Throwable unavailabilityCause();

    /** The upper layers' part for this backend: {@code onNative}'s, or {@code onJdk}'s given why natives are out. */
    <T> T select(Supplier<T> onNative, Function<Throwable, T> onJdk);

    /** A new unconnected TCP stream's I/O, for the channel that will own it. */
    ListenerIo.Accepted tcpStream() throws IOException;

    /** A new unbound TCP listener's I/O. */
    ListenerIo.Opener tcpListener() throws IOException;

    /** The family of new IP sockets: 6 (dual-stack) or 4; 0 where the JDK picks its own. */
    int ipFamily();

    /** Whether an option of the table ({@code id}, or Spindle's own) exists here. */
    boolean hasOption(int id, boolean spindleOwn);

    /** What the message for an option this socket lacks adds about the backend. */
    String missingOptionNote();

    /** A pipe to splice through, its read fd in the high 32 bits and its write fd in the low; -1: none, copy instead. */
    long splicePipe() throws IOException;

    /** Throws a clear IOException where a feature has no JDK fallback (UNIX sockets, raw fds). */
    void requireNative() throws IOException;

    /** As {@link #requireNative()}, for factories that throw UnsupportedOperationException: {@code what} needs it. */
    void requireNative(String what);

    /** Whether the kernel takes UDP_SEGMENT (GSO) and UDP_GRO; false on the JDK. */
    boolean udpGso();

    boolean udpGro();

    /** Runs task after delayNanos: on a poller thread, or on the JDK, on a timer thread. */
    ScheduledTask schedule(long delayNanos, Runnable task) throws IOException;

    /** Every poller's counters; empty on the JDK. */
    List<PollerStats> pollerStats();
}
