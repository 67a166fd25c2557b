package dev.spindle;

import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.sys.NativeLoader;

/**
 * Library-wide switches and status. The channels live in {@code dev.spindle.net}.
 *
 * <p>System properties, read once:
 * <ul>
 *   <li>{@value dev.spindle.internal.poll.Pollers#COUNT_PROPERTY}: poller threads (default: available processors);
 *   <li>{@value dev.spindle.internal.poll.Pollers#IDLE_MILLIS_PROPERTY}: how long a poller with no sockets keeps
 *       its thread (default 1000 ms);
 *   <li>{@value dev.spindle.internal.sys.NativeLoader#PATH_PROPERTY}: load libspindle from this file;
 *   <li>{@value dev.spindle.internal.sys.NativeLoader#WORKDIR_PROPERTY}: extract the bundled library here
 *       (default {@code java.io.tmpdir}; it must not be mounted noexec).
 * </ul>
 */
public final class Spindle {
    private Spindle() {}

    /** Whether the native library loaded on this platform. */
    public static boolean isAvailable() {
        return NativeLoader.failure() == null;
    }

    /** Why the native library did not load, or null if it did. */
    public static Throwable unavailabilityCause() {
        return NativeLoader.failure();
    }

    /**
     * Closes every open Spindle channel (blocked threads get {@code AsynchronousCloseException})
     * and stops the poller threads, releasing their fds. Pollers start again on the next use.
     * Without this call, pollers stop by themselves once idle.
     */
    public static void shutdown() {
        if (!isAvailable()) return;
        try {
            Pollers.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
