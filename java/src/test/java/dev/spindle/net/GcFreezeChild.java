package dev.spindle.net;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link GcFreezeTest}: for each case, blocks a thread in one operation on a
 * loopback pair, allocates about 2 GB of short-lived garbage on another thread (many collections on
 * a 256 MB heap), checks the blocked thread is still blocked, then closes the pair and moves on.
 * It prints {@code CASE <case>} as each case starts, {@code BLOCKED <id>} before its allocation and
 * {@code SURVIVED <id> ...} after it, so a parent that sees no line for a while knows which case
 * froze, and {@code DONE <n>} at the end.
 * Arguments name cases to run ({@code read-stream/platform}, ...); none means all.
 */
public final class GcFreezeChild {
    static final long GARBAGE_BYTES = 2L << 30;
    static final int WRITE_BYTES = 32 << 20; // far more than both loopback socket buffers

    enum Op {
        READ_STREAM("InputStream.read(byte[]) on an idle connection"),
        READ_BUFFER("TcpStream.read(heap ByteBuffer) on an idle connection"),
        WRITE_STREAM("OutputStream.write(byte[32 MiB]) to a peer that does not read"),
        WRITE_BUFFER("TcpStream.write(heap ByteBuffer of 32 MiB) to a peer that does not read");

        final String description;

        Op(String description) {
            this.description = description;
        }

        String id() {
            return name().toLowerCase().replace('_', '-');
        }

        boolean writes() {
            return this == WRITE_STREAM || this == WRITE_BUFFER;
        }
    }

    record Case(Op op, boolean virtual) {
        String id() {
            return op.id() + "/" + (virtual ? "virtual" : "platform");
        }

        @Override
        public String toString() {
            return op.description + " on a " + (virtual ? "virtual" : "platform") + " thread [" + id() + "]";
        }
    }

    static List<Case> allCases() {
        List<Case> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            cases.add(new Case(op, false));
            cases.add(new Case(op, true));
        }
        return cases;
    }

    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (Case c : allCases()) if (args.length == 0 || List.of(args).contains(c.id())) cases.add(c);
        if (cases.isEmpty()) throw new IllegalArgumentException("no such case: " + List.of(args));
        System.out.println("START gc=" + gcNames() + " native=" + dev.spindle.Spindle.isAvailable()
                + " java=" + Runtime.version());
        for (Case c : cases) run(c);
        System.out.println("DONE " + cases.size());
        System.exit(0);
    }

    private static void run(Case c) throws Exception {
        System.out.println("CASE " + c);
        TcpStream[] pair = Loopback.pair();
        TcpStream mine = pair[0], peer = pair[1];
        if (c.op.writes()) {
            mine.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 16);
            peer.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 16);
        }
        Runnable op = () -> {
            try {
                switch (c.op) {
                    case READ_STREAM -> mine.inputStream().read(new byte[4096]);
                    case READ_BUFFER -> mine.read(ByteBuffer.allocate(4096));
                    case WRITE_STREAM -> mine.outputStream().write(new byte[WRITE_BYTES]);
                    case WRITE_BUFFER -> mine.write(ByteBuffer.allocate(WRITE_BYTES));
                }
                System.out.println("UNEXPECTED " + c.id() + ": the operation completed");
            } catch (IOException expected) {
                // closed under it at the end of the case
            }
        };
        Thread blocked = (c.virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).name(c.id()).start(op);
        Loopback.awaitBlocked(blocked);
        System.out.println("BLOCKED " + c.id());

        long gcsBefore = collections(), t0 = System.nanoTime();
        Thread garbage = Thread.ofPlatform().name("garbage").start(GcFreezeChild::allocate);
        garbage.join();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), gcs = collections() - gcsBefore;
        if (!blocked.isAlive()) throw new AssertionError(c.id() + ": the blocked thread finished during the allocation");
        System.out.println("SURVIVED " + c.id() + " collections=" + gcs + " ms=" + ms);

        mine.close();
        peer.close();
        blocked.join(TimeUnit.SECONDS.toMillis(30));
        if (blocked.isAlive()) throw new AssertionError(c.id() + ": close did not wake the blocked thread");
    }

    /** About 2 GB in 1 MiB arrays, 16 live at a time. */
    private static void allocate() {
        byte[][] ring = new byte[16][];
        for (long total = 0, i = 0; total < GARBAGE_BYTES; total += 1 << 20, i++) {
            ring[(int) (i & 15)] = new byte[1 << 20];
        }
        sink = ring;
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) names.add(gc.getName());
        return String.join(",", names);
    }
}
