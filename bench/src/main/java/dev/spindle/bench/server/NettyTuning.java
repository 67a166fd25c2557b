package dev.spindle.bench.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Netty at its best": what the JVM of a Netty server is started with, and what
 * the server reports about it in its {@code listening} line.
 *
 * <p>Netty 4.2 turns {@code sun.misc.Unsafe} off by itself on Java 25+ (and whenever
 * {@code --sun-misc-unsafe-memory-access} is set to anything but {@code allow}); without it,
 * every direct-buffer access goes through {@code ByteBuffer} bounds checks instead of raw
 * addresses. A speed-minded user turns it back on with {@code -Dio.netty.noUnsafe=false}
 * and lets the JDK allow the memory access with {@code --sun-misc-unsafe-memory-access=allow}
 * (JDK 23+, JEP 471; older JVMs reject the flag and need only the property). Resource-leak
 * sampling ({@code io.netty.leakDetection.level}, "simple" by default) is a debugging aid that
 * production users switch off; Spindle's servers have nothing like it.
 */
public final class NettyTuning {
    /** The first JDK that knows {@code --sun-misc-unsafe-memory-access} (JEP 471). */
    public static final int UNSAFE_FLAG_SINCE = 23;

    private NettyTuning() {}

    /** JVM options for a Netty server JVM of Java {@code javaFeature}, at its best. */
    public static List<String> jvmOptions(int javaFeature) {
        List<String> o = new ArrayList<>();
        if (javaFeature >= UNSAFE_FLAG_SINCE) o.add("--sun-misc-unsafe-memory-access=allow");
        o.add("-Dio.netty.noUnsafe=false");
        o.add("-Dio.netty.leakDetection.level=disabled");
        return o;
    }

    /** For the listening line: "unsafe=true|false leak_detection=LEVEL allocator=CLASS". */
    public static String describe() {
        return "unsafe=" + PlatformDependent.hasUnsafe()
                + " leak_detection=" + ResourceLeakDetector.getLevel().name().toLowerCase(Locale.ROOT)
                + " allocator=" + ByteBufAllocator.DEFAULT.getClass().getSimpleName();
    }

    /** Why Netty runs without sun.misc.Unsafe, or null when it has it. */
    public static String unsafeUnavailability() {
        return PlatformDependent.hasUnsafe() ? null : causes(PlatformDependent.getUnsafeUnavailabilityCause());
    }

    /** A throwable and its causes on one line. */
    static String causes(Throwable t) {
        if (t == null) return "no cause given";
        StringBuilder sb = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) sb.append("; caused by ").append(c);
        return sb.toString();
    }
}
