package dev.spindle.internal.poll;

import java.time.Duration;
import java.util.Objects;

/** Timeout arithmetic shared by channels and timers. Deadlines are System.nanoTime() values. */
public final class Timeouts {
    /** The deadline of an operation without a timeout. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** An operation that has not waited yet: its deadline is set at its first wait. */
    public static final long UNSET = Long.MIN_VALUE;
    /** Longer timeouts are clamped here, so now + timeout never overflows. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private Timeouts() {}

    /** Validates a timeout: null throws NPE, negative throws IAE, zero means none. */
    public static long toNanos(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) throw new IllegalArgumentException(what + " must not be negative: " + timeout);
        return timeout.compareTo(Duration.ofNanos(MAX_NANOS)) > 0 ? MAX_NANOS : timeout.toNanos();
    }

    /** The deadline for a timeout starting now; NO_DEADLINE for zero. */
    public static long deadline(long timeoutNanos) {
        return timeoutNanos == 0 ? NO_DEADLINE : System.nanoTime() + timeoutNanos;
    }

    public static boolean expired(long deadline) {
        return deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0;
    }

    /** Milliseconds for poll(2) until deadline, rounded up so it never returns early; -1 for none. */
    public static int pollMillis(long deadline) {
        if (deadline == NO_DEADLINE) return -1;
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) return 0;
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    /** A readable form for messages: "250 ms", "1.5 s". */
    public static String describe(long nanos) {
        if (nanos < 1_000_000) return nanos / 1000 + " us";
        if (nanos < 10_000_000_000L) return nanos / 1_000_000 + " ms";
        return nanos / 1_000_000_000 + " s";
    }
}
