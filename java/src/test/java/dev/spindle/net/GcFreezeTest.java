package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thread blocked in a read or write must not stop the garbage collector. Pinning a heap array
 * (GetPrimitiveArrayCritical) across a syscall that waits for the peer holds the GC locker for as
 * long as the peer is quiet; under the Parallel and Serial collectors (and G1 before JDK 22) the
 * next collection then waits for it, and the whole JVM hangs (deaf to SIGTERM). Each collector
 * runs in a child JVM ({@link GcFreezeChild}) that blocks a platform or a virtual thread in each
 * heap-array read and write in turn and allocates about 2 GB meanwhile; a child that falls silent
 * is killed.
 */
class GcFreezeTest {
    /** One case takes about a second; a child silent this long has frozen. */
    private static final Duration SILENCE = Duration.ofSeconds(60);
    private static final Duration LIMIT = Duration.ofMinutes(5);

    /**
     * Parallel and Serial take the GC locker for pinned arrays. G1 does too before JDK 22 (JEP 423
     * pins regions instead), where it is the default collector; from 22 on it only adds run time.
     */
    static List<String> collectors() {
        return Runtime.version().feature() < 22
                ? List.of("-XX:+UseParallelGC", "-XX:+UseSerialGC", "-XX:+UseG1GC")
                : List.of("-XX:+UseParallelGC", "-XX:+UseSerialGC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collectors")
    void collectionsCompleteWhileThreadsAreBlockedInReadsAndWrites(String gc) throws Exception {
        assumeTrue(dev.spindle.Spindle.isAvailable(), "the JDK fallback pins no heap array");
        int cases = GcFreezeChild.allCases().size();
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m", gc), GcFreezeChild.class)) {
            ChildJvm.Result r = child.await(SILENCE, LIMIT);
            if (r.killed()) {
                String inCase = r.last("CASE ");
                fail(gc + ": GC froze while a thread was blocked in "
                        + (inCase != null ? inCase : "nothing yet (before the first case)")
                        + "; the child " + r.why() + " and was killed (SIGKILL). Its output:\n" + r.output());
            }
            assertEquals(0, r.exitCode(), gc + ": the child " + r.why() + ". Its output:\n" + r.output());
            assertEquals(String.valueOf(cases), r.last("DONE "), gc + ": not every case ran. Output:\n" + r.output());
        }
    }
}
