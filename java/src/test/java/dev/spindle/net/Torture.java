package dev.spindle.net;

import dev.spindle.internal.poll.Pollers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What the torture tests share: sizes from system properties, process figures, child JVMs. */
final class Torture {
    private Torture() {}

    /** {@code spindle.torture.<name>}, or the CI size; the {@code stress} Maven profile sets the full sizes. */
    static int size(String name, int ciDefault) {
        return Integer.getInteger("spindle.torture." + name, ciDefault);
    }

    /** Open fds of this process, from /proc/self/fd. */
    static int openFds() {
        return ResourceLeakTest.openFds();
    }

    /** What each open fd points to (socket:[inode], anon_inode:[eventpoll], a path), for failure messages. */
    static List<String> fdTargets() {
        List<String> out = new ArrayList<>();
        String[] fds = new java.io.File("/proc/self/fd").list();
        for (String fd : fds == null ? new String[0] : fds) {
            try {
                out.add(fd + "->" + Files.readSymbolicLink(Path.of("/proc/self/fd", fd)));
            } catch (IOException closedMeanwhile) {
                // gone: not open any more
            }
        }
        return out;
    }

    /**
     * Hands freed malloc memory back to the OS (glibc's malloc_trim, through HotSpot's
     * System.trim_native_heap), so that RSS counts live memory, not what malloc keeps for reuse.
     */
    static void trimNativeHeap() {
        try {
            java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (javax.management.JMException e) {
            throw new AssertionError("cannot trim the native heap", e);
        }
    }

    /** Every thread's stack, virtual threads too (HotSpot's thread dump), for the message of a test that stalled. */
    static String threadDump() {
        try {
            Path file = Files.createTempFile("spindle-threads", ".txt");
            Files.delete(file); // the dump refuses to overwrite a file
            try {
                java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
                return Files.readString(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e;
        }
    }

    /** How the fds open now differ from {@code before}, both ways, for failure messages. */
    static String fdChanges(List<String> before) {
        List<String> now = fdTargets(), added = new ArrayList<>(now), gone = new ArrayList<>(before);
        added.removeAll(before);
        gone.removeAll(now);
        return "fds opened " + added + ", closed " + gone + ", pollers running " + Pollers.running();
    }

    /** Resident set size in KiB, from VmRSS in /proc/self/status. */
    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    /**
     * Waits (up to 10 s) until every poller has stopped and the fd count is at most {@code baseline}
     * (pollers keep their epoll, event and timer fds until 1 s idle); returns the last count.
     */
    static int awaitFdsAtMost(int baseline) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int fds = openFds();
        while ((fds > baseline || Pollers.running() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            fds = openFds();
        }
        return fds;
    }

    /**
     * Waits until no poller runs and the fd count has not changed for 1.5 s (a poller closes its fds
     * just after it stops counting as running, the master poller 1 s after the last poller stops);
     * returns that count: the baseline to compare with.
     */
    static int awaitPollersStopped() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L, stableSince = System.nanoTime();
        int fds = openFds();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            int now = openFds();
            if (now != fds || Pollers.running() > 0) {
                fds = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= 1_500_000_000L) {
                return fds;
            }
        }
        throw new AssertionError("pollers or fds still changing after 15 s: pollers running " + Pollers.running());
    }

    /** Ends a child this test started, by its handle, and waits for it. */
    static void kill(Process child) throws InterruptedException {
        if (child == null) return;
        child.destroy();
        if (!child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Keeps the first few problem descriptions for the failure message. */
    static final class Problems {
        private final ConcurrentLinkedQueue<String> first = new ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        void add(String what) {
            if (count.incrementAndGet() <= 20) first.add(what);
        }

        void add(String what, Throwable t) {
            add(what + ": " + t);
        }

        boolean isEmpty() {
            return count.get() == 0;
        }

        @Override
        public String toString() {
            return count.get() == 0 ? "none" : count + " in all, the first:\n  " + String.join("\n  ", first);
        }
    }
}
