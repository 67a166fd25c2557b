package dev.spindle.internal.poll;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether virtual threads wait in the scheduler's queues for a carrier. JDK 24 and later tell,
 * through {@code jdk.management.VirtualThreadSchedulerMXBean}; found once, by reflection, since
 * Spindle's bytecode is Java 21's and the management modules may be absent. Without it, the
 * answer is always "maybe", and a poller that has held its carrier for the bound gives it up
 * whether or not anyone waits.
 */
final class SchedulerBacklog {
    /** {@code getQueuedVirtualThreadCount()} bound to the platform bean, or null where there is none. */
    private static final MethodHandle QUEUED = find();

    private SchedulerBacklog() {}

    /** False only when the scheduler says no virtual thread is queued; an estimate, as the bean's is. */
    static boolean maybeQueued() {
        if (QUEUED == null) return true;
        try {
            return (long) QUEUED.invokeExact() != 0; // -1: the bean cannot tell
        } catch (Throwable e) {
            return true;
        }
    }

    /** Whether the scheduler's queues can be seen on this JDK. */
    static boolean visible() {
        return QUEUED != null;
    }

    private static MethodHandle find() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> bean = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> platformBean = Class.forName("java.lang.management.PlatformManagedObject");
            Object instance = lookup.findStatic(factory, "getPlatformMXBean", MethodType.methodType(platformBean, Class.class))
                    .invoke(bean);
            if (instance == null) return null;
            return lookup.findVirtual(bean, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
                    .bindTo(instance);
        } catch (Throwable e) { // JDK 21 to 23, or a runtime image without java.management or jdk.management
            return null;
        }
    }
}
