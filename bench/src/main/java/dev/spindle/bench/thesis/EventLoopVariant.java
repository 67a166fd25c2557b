package dev.spindle.bench.thesis;

import dev.spindle.bench.sockets.NioStream;
import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.StreamPair;
import dev.spindle.bench.sockets.StreamPairs;
import dev.spindle.bench.sockets.StreamSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: one thread walks the ring as an event loop over a
 * java.nio Selector (Spindle exposes no poller). A "task" is a registered
 * channel plus its small state object.
 */
final class EventLoopVariant implements Variant {
    private static final int POISON = Laps.POISON;

    private final StreamPairs pairs;
    private final List<StreamPair> blockedPairs = new ArrayList<>();
    private final List<SocketChannel> idleEnds = new ArrayList<>();
    private Selector blockedSelector;

    EventLoopVariant(boolean unix) throws IOException {
        this.pairs = Variants.pairs(SocketApi.NIO, unix);
    }

    @Override
    public String name() {
        return "event-loop";
    }

    @Override
    public String sockets() {
        return pairs.sockets();
    }

    @Override
    public String tasks() {
        return "1 thread, java.nio Selector";
    }

    /** Per-link state: where the byte goes next. */
    private record Hop(int index, SocketChannel next) {
    }

    @Override
    public Laps.Result ring(int n, Laps.Plan plan) throws IOException, InterruptedException {
        StreamPair[] ring = new StreamPair[n + 1];
        for (int i = 0; i <= n; i++) ring[i] = pairs.open();
        Selector selector = Selector.open();
        for (int i = 0; i < n; i++) {
            SocketChannel from = channel(ring[i].b());
            from.configureBlocking(false);
            from.register(selector, SelectionKey.OP_READ, new Hop(i, channel(ring[i + 1].a())));
        }
        Thread loop = Thread.ofPlatform().name("event-loop").start(() -> run(selector, n));
        Link head = new SocketLink(ring[0].a());
        Link tail = new SocketLink(ring[n].b());
        try {
            return plan.run(head, tail, n);
        } finally {
            Laps.stop(head, tail);
            loop.join(5000);
            selector.close();
            for (StreamPair p : ring) p.close();
        }
    }

    /** The channel under a java.nio end, for the Selector. */
    private static SocketChannel channel(StreamSocket end) {
        return ((NioStream) end).channel();
    }

    private static void run(Selector selector, int n) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1);
        boolean[] done = {false};
        try {
            while (!done[0]) {
                selector.select(key -> {
                    Hop hop = (Hop) key.attachment();
                    try {
                        buf.clear();
                        if (((SocketChannel) key.channel()).read(buf) <= 0) return;
                        buf.flip();
                        byte b = buf.get(0);
                        hop.next().write(buf); // a 1-byte write to an idle socket: never blocks
                        if ((b & 0xff) == POISON && hop.index() == n - 1) done[0] = true;
                    } catch (IOException e) {
                        System.err.println("event loop failed: " + e);
                        done[0] = true;
                    }
                });
            }
        } catch (IOException e) {
            System.err.println("event loop failed: " + e);
        }
    }

    @Override
    public double[] spawnMicros(int spawns, int iterations, long budgetNanos) {
        return null; // nothing is spawned: a new task is a registration on the loop
    }

    @Override
    public void prepareBlocking(int max) throws IOException {
        blockedSelector = Selector.open();
        for (int i = 0; i < max; i += 2) {
            StreamPair p = pairs.open();
            blockedPairs.add(p);
            idleEnds.add(channel(p.a()));
            idleEnds.add(channel(p.b()));
        }
    }

    @Override
    public void blockMore(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            SocketChannel ch = idleEnds.remove(idleEnds.size() - 1);
            ch.configureBlocking(false);
            ch.register(blockedSelector, SelectionKey.OP_READ, new Hop(i, ch));
        }
        blockedSelector.selectNow(); // the registrations reach epoll
    }

    @Override
    public void close() throws IOException {
        if (blockedSelector != null) blockedSelector.close();
        for (StreamPair p : blockedPairs) p.close();
        pairs.close();
    }
}
