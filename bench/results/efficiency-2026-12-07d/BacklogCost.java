import java.lang.invoke.*;
public class BacklogCost {
    public static void main(String[] a) throws Throwable {
        Class<?> bean = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
        Object inst = java.lang.management.ManagementFactory.getPlatformMXBean((Class) bean);
        MethodHandle mh = MethodHandles.publicLookup().findVirtual(bean, "getQueuedVirtualThreadCount", MethodType.methodType(long.class)).bindTo(inst);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                long sink = 0;
                for (int r = 0; r < 5; r++) {
                    int n = 5_000_000;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) sink += (long) mh.invokeExact();
                    long t1 = System.nanoTime();
                    for (int i = 0; i < n / 10; i++) Thread.yield();
                    long t2 = System.nanoTime();
                    System.out.printf("queued count: %.1f ns; yield: %.1f ns%n", (t1 - t0) / (double) n, (t2 - t1) / (n / 10.0));
                }
                System.out.println(sink);
            } catch (Throwable e) { throw new RuntimeException(e); }
        });
        t.join();
    }
}
