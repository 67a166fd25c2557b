package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fd-reuse ABA: readers (virtual and platform) are parked in read() while other threads end their
 * connections and at once open new ones, which take the freed fd numbers. Each end sends only its
 * connection's 8-byte id, repeated, so a byte or an end that reaches the wrong connection shows.
 */
@Tag("torture")
class FdReuseTortureTest {
    /** Threads that each run cycles; each keeps a few fresh connections aging before it checks and reuses them. */
    private static final int LANES = 16, AGING = 2;

    /** How a connection ends. */
    enum End { LOCAL_CLOSE, DATA_RACING_CLOSE, PEER_RESET, PEER_CLOSE }

    /** One connection: our end, whose reader is tortured, and the peer's end. */
    private record Conn(long id, TcpStream ours, TcpStream peer) {}

    /** How a reader ended: bytes read, bytes not from its own connection, and the failure (null: end of stream). */
    private record Outcome(long bytes, long misdelivered, Throwable failure) {}

    private final AtomicLong started = new AtomicLong(), nextId = new AtomicLong();
    private final LongAdder cycles = new LongAdder(), virtualReaders = new LongAdder(), bytesChecked = new LongAdder(),
            misdelivered = new LongAdder(), foreignEnds = new LongAdder(), brokenFresh = new LongAdder(),
            freshChecked = new LongAdder(), wrongOutcomes = new LongAdder(), fdReused = new LongAdder();
    private final LongAdder[] ends = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final Torture.Problems problems = new Torture.Problems();
    /** Peer ends by the id their client sent first. */
    private final Map<Long, CompletableFuture<TcpStream>> peers = new ConcurrentHashMap<>();
    private InetSocketAddress address;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // last resort: the cycles stop by themselves at abaMaxSeconds
    void parkedReadersNeverSeeAnotherConnectionsBytesOrEnd() throws Exception {
        final long target = Torture.size("abaCycles", 100_000);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Torture.size("abaMaxSeconds", 240));
        long t0 = System.nanoTime();
        try (TcpListener listener = Loopback.listener()) {
            address = listener.localAddress();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) threads.add(Thread.ofVirtual().start(() -> acceptLoop(listener)));
            List<Thread> lanes = new ArrayList<>();
            for (int i = 0; i < LANES; i++) {
                long seed = i;
                lanes.add(Thread.ofPlatform().name("aba-lane-" + i).start(() -> lane(target, deadline, seed)));
            }
            for (Thread lane : lanes) lane.join();
            listener.close();
            for (Thread t : threads) t.join(10_000);
        }
        peers.values().forEach(f -> f.thenAccept(FdReuseTortureTest::closeQuietly)); // peers no lane claimed
        String figures = String.format("cycles=%d of %d (virtual readers %d, platform %d; localClose=%d "
                        + "dataRacingClose=%d peerReset=%d peerClose=%d; fresh took the freed fd %d times) "
                        + "bytesChecked=%d misdelivered=%d foreignEnds=%d brokenFresh=%d freshChecked=%d "
                        + "wrongOutcomes=%d in %.1f s",
                cycles.sum(), target, virtualReaders.sum(), cycles.sum() - virtualReaders.sum(), ends[0].sum(),
                ends[1].sum(), ends[2].sum(), ends[3].sum(), fdReused.sum(), bytesChecked.sum(), misdelivered.sum(),
                foreignEnds.sum(), brokenFresh.sum(), freshChecked.sum(), wrongOutcomes.sum(),
                (System.nanoTime() - t0) / 1e9);
        System.out.println("torture aba: " + figures);
        if (!problems.isEmpty()) System.out.println("torture aba problems:\n  " + problems);
        assertTrue(cycles.sum() == target && misdelivered.sum() == 0 && foreignEnds.sum() == 0
                && brokenFresh.sum() == 0 && wrongOutcomes.sum() == 0, figures + "\nfirst problems:\n  " + problems);
    }

    /** Accepts, and hands each peer end to the lane that connected it, by the id its client sends first. */
    private void acceptLoop(TcpListener listener) {
        try {
            for (;;) {
                TcpStream peer = listener.accept();
                peer.setReadTimeout(java.time.Duration.ofSeconds(30)); // the peer end is never the tortured reader
                Thread.ofVirtual().start(() -> {
                    try {
                        long id = Loopback.readExactly(peer, 8, false).getLong();
                        peers.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(peer);
                    } catch (IOException e) {
                        problems.add("a peer end failed before its id came", e);
                        closeQuietly(peer);
                    }
                });
            }
        } catch (ClosedChannelException listenerClosed) {
            // done
        } catch (IOException e) {
            problems.add("accept", e);
            wrongOutcomes.increment();
        }
    }

    /** A reused platform thread: starting a new one per cycle would cost more than the cycle. */
    private static final class PlatformThread {
        final ExecutorService executor;
        Thread thread;

        PlatformThread(String name) {
            executor = Executors.newSingleThreadExecutor(
                    r -> thread = Thread.ofPlatform().name(name).daemon().unstarted(r));
        }
    }

    private void lane(long target, long deadline, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ArrayDeque<Conn> aging = new ArrayDeque<>();
        PlatformThread reader = new PlatformThread("aba-reader-" + seed);
        PlatformThread writer = new PlatformThread("aba-writer-" + seed);
        try {
            while (started.getAndIncrement() < target && System.nanoTime() < deadline) {
                while (aging.size() < AGING + 1) {
                    Conn c = openFresh();
                    if (c == null) break;
                    aging.add(c);
                }
                Conn c = aging.poll();
                if (c == null || !roundTrip(c)) continue;
                End end = End.values()[rnd.nextInt(4)];
                Conn fresh = endWhileReaderParked(c, end, rnd.nextBoolean() ? null : reader, writer, rnd);
                if (fresh != null) aging.add(fresh);
                ends[end.ordinal()].increment();
                cycles.increment();
            }
        } catch (Exception | AssertionError e) {
            problems.add("lane stopped", e);
            wrongOutcomes.increment();
        } finally {
            for (Conn c : aging) if (roundTrip(c)) closeBoth(c);
            reader.executor.shutdown();
            writer.executor.shutdown();
        }
    }

    /**
     * Parks a reader on our end (a new virtual thread, or the lane's platform reader), ends the
     * connection the given way, and at once opens a fresh connection (returned), which takes a freed
     * fd number if there is one.
     */
    private Conn endWhileReaderParked(Conn c, End end, PlatformThread platformReader, PlatformThread platformWriter,
                                      SplittableRandom rnd) throws Exception {
        byte[] id = idBytes(c.id);
        int burst = 8 * (1 + rnd.nextInt(512));
        boolean direct = rnd.nextBoolean(), virtual = platformReader == null;
        int bufferSize = 1 + rnd.nextInt(4096);
        Callable<Outcome> read = () -> readOwnBytes(c.ours, id, direct, bufferSize);
        Future<Outcome> reader;
        Thread readerThread;
        if (virtual) {
            FutureTask<Outcome> task = new FutureTask<>(read);
            readerThread = Thread.ofVirtual().start(task);
            reader = task;
            virtualReaders.increment();
        } else {
            reader = platformReader.executor.submit(read);
            readerThread = platformReader.thread;
        }
        Future<Throwable> writer = null;
        if (end == End.DATA_RACING_CLOSE) {
            Callable<Throwable> write = () -> peerWrites(c.peer, id);
            if (rnd.nextBoolean()) {
                FutureTask<Throwable> task = new FutureTask<>(write);
                Thread.ofVirtual().start(task);
                writer = task;
            } else {
                writer = platformWriter.executor.submit(write);
            }
            LockSupport.parkNanos(rnd.nextInt(200_000)); // let the bytes flow for a random moment
            c.ours.close();
        } else {
            c.peer.write(ByteBuffer.wrap(pattern(id, burst)));
            Loopback.awaitBlocked(readerThread);
            switch (end) {
                case LOCAL_CLOSE -> c.ours.close();
                case PEER_RESET -> {
                    c.peer.setOption(StandardSocketOptions.SO_LINGER, 0);
                    c.peer.close();
                }
                default -> c.peer.close();
            }
        }
        Conn fresh = openFresh();
        if (fresh != null && (fresh.ours.fd() == c.ours.fd() || fresh.ours.fd() == c.peer.fd())) fdReused.increment();
        Outcome outcome;
        try {
            outcome = reader.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            outcome = new Outcome(0, 0, new AssertionError("reader still blocked 30 s after the " + end));
            c.ours.close();
        }
        judge(c, end, burst, virtual, outcome);
        if (writer != null) {
            Throwable w = writer.get(30, TimeUnit.SECONDS);
            if (w != null && !isResetOrBrokenPipe(w)) {
                wrongOutcomes.increment();
                problems.add("peer writer of " + hex(c.id) + " after our close", w);
            }
        }
        closeBoth(c);
        return fresh;
    }

    /** Checks a reader's outcome against how its connection ended. */
    private void judge(Conn c, End end, int burst, boolean virtual, Outcome o) {
        bytesChecked.add(o.bytes);
        misdelivered.add(o.misdelivered);
        String who = (virtual ? "virtual" : "platform") + " reader of " + hex(c.id) + " after " + end + ": ";
        if (o.misdelivered > 0) problems.add(who + o.misdelivered + " of " + o.bytes + " bytes not its own");
        Throwable f = o.failure;
        boolean closedHere = f != null
                && (f.getClass() == AsynchronousCloseException.class || f.getClass() == ClosedChannelException.class);
        boolean ok = switch (end) {
            case LOCAL_CLOSE, DATA_RACING_CLOSE -> {
                if (f == null || isResetOrBrokenPipe(f)) { // its peer never closed or reset it
                    foreignEnds.increment();
                    problems.add(who + (f == null ? "end of stream" : f.toString()) + " after " + o.bytes + " bytes");
                    yield true; // counted above
                }
                yield closedHere && (end == End.DATA_RACING_CLOSE || o.bytes <= burst);
            }
            case PEER_RESET -> f instanceof SocketException && f.getMessage().contains("reset") && o.bytes == burst;
            case PEER_CLOSE -> f == null && o.bytes == burst;
        };
        if (!ok) {
            wrongOutcomes.increment();
            problems.add(who + (f == null ? "end of stream" : f.toString()) + " after " + o.bytes + " of " + burst
                    + " bytes");
        }
    }

    /** Reads until end of stream or failure, checking each byte against the id at its stream offset. */
    private static Outcome readOwnBytes(TcpStream s, byte[] id, boolean direct, int bufferSize) {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
        byte[] expected = pattern(id, bufferSize + 8);
        long offset = 0, foreign = 0;
        try {
            for (;;) {
                int n = s.read(buf.clear());
                if (n < 0) return new Outcome(offset, foreign, null);
                int shift = (int) (offset & 7);
                // A fast compare first; count the foreign bytes only on a mismatch.
                if (buf.flip().mismatch(ByteBuffer.wrap(expected, shift, n)) >= 0)
                    for (int i = 0; i < n; i++) if (buf.get(i) != expected[shift + i]) foreign++;
                offset += n;
            }
        } catch (IOException e) {
            return new Outcome(offset, foreign, e);
        }
    }

    /** The peer writes its id pattern until the connection fails or 256 KiB are written; returns the failure. */
    private static Throwable peerWrites(TcpStream peer, byte[] id) {
        ByteBuffer chunk = ByteBuffer.wrap(pattern(id, 4096));
        try {
            for (int written = 0; written < 256 << 10; written += 4096) peer.write(chunk.clear());
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Opens a connection and finds its peer end; null (counted as broken) if either fails. */
    private Conn openFresh() {
        long id = mix(nextId.incrementAndGet());
        TcpStream ours = null;
        try {
            ours = TcpStream.open(address);
            ours.write(ByteBuffer.wrap(idBytes(id)));
            TcpStream peer = peers.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
            peers.remove(id);
            return new Conn(id, ours, peer);
        } catch (Exception e) {
            brokenFresh.increment();
            problems.add("fresh connection " + hex(id) + " did not open", e);
            closeQuietly(ours);
            return null;
        }
    }

    /** Our end sends the id, the peer checks and echoes it, our end checks the echo; false (counted) on failure. */
    private boolean roundTrip(Conn c) {
        String step = "our write";
        try {
            c.ours.write(ByteBuffer.wrap(idBytes(c.id)));
            step = "peer's read";
            ByteBuffer got = Loopback.readExactly(c.peer, 8, false);
            if (got.getLong(0) != c.id) throw new IOException("the peer got " + hex(got.getLong(0)));
            step = "peer's write";
            c.peer.write(got);
            step = "our read";
            ByteBuffer back = Loopback.readExactly(c.ours, 8, false);
            if (back.getLong(0) != c.id) throw new IOException("the echo was " + hex(back.getLong(0)));
            freshChecked.increment();
            return true;
        } catch (IOException e) {
            brokenFresh.increment();
            problems.add("round trip on fresh connection " + hex(c.id) + " (our fd " + c.ours.fd() + ", peer's fd "
                    + c.peer.fd() + "), " + step, e);
            closeBoth(c);
            return false;
        }
    }

    private static boolean isResetOrBrokenPipe(Throwable t) {
        return t instanceof SocketException
                && (t.getMessage().contains("reset") || t.getMessage().contains("broken pipe"));
    }

    private static byte[] idBytes(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    private static byte[] pattern(byte[] id, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = id[i & 7];
        return b;
    }

    /** SplitMix64's finalizer: a bijection, so ids stay unique and every byte varies. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String hex(long id) {
        return String.format("%016x", id);
    }

    private static void closeBoth(Conn c) {
        closeQuietly(c.ours);
        closeQuietly(c.peer);
    }

    private static void closeQuietly(TcpStream s) {
        try {
            if (s != null) s.close();
        } catch (IOException ignored) {
            // closing is all that matters here
        }
    }
}
