package dev.spindle.internal.poll;

import dev.spindle.ScheduledTask;
import java.io.IOException;
import java.nio.channels.Channel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the pollers do, for channels running on the JDK's NIO when the native library is
 * unavailable: track open channels for {@code Spindle.shutdown()}, and run user timers.
 */
public final class JdkFallback {
    private static final Set<Channel> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile ScheduledThreadPoolExecutor timers;

    private JdkFallback() {}

    public static void track(Channel c) {
        OPEN.add(c);
    }

    public static void untrack(Channel c) {
        OPEN.remove(c);
    }

    static void shutdown() {
        for (Channel c : List.copyOf(OPEN)) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // closing at shutdown: nothing more to do
            }
        }
        ScheduledThreadPoolExecutor t = timers;
        if (t != null) t.shutdownNow();
        timers = null;
    }

    public static ScheduledTask schedule(long delayNanos, Runnable task) {
        Task t = new Task(task);
        t.future = executor().schedule(t, delayNanos, TimeUnit.NANOSECONDS);
        return t;
    }

    /** Runs at most once; done as soon as it starts running or is cancelled, as on the pollers. */
    private static final class Task implements ScheduledTask, Runnable {
        private final AtomicInteger state = new AtomicInteger(); // 0 pending, 1 ran, 2 cancelled
        private final Runnable task;
        volatile ScheduledFuture<?> future;

        Task(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(0, 1)) return;
            try {
                task.run();
            } catch (Throwable e) {
                System.getLogger("dev.spindle.timer").log(System.Logger.Level.ERROR, "a scheduled task threw", e);
            }
        }

        @Override
        public boolean cancel() {
            if (!state.compareAndSet(0, 2)) return false;
            ScheduledFuture<?> f = future;
            if (f != null) f.cancel(false);
            return true;
        }

        @Override
        public boolean isDone() {
            return state.get() != 0;
        }
    }

    private static synchronized ScheduledThreadPoolExecutor executor() {
        if (timers == null) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "spindle-timer");
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            timers = t;
        }
        return timers;
    }
}
