package dev.spindle.internal.poll;

import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.nio.channels.Channel;

/** One socket's registration on its poller: its token and a read and a write {@link Edge}. */
public final class Registration {
    private static final int READ_MASK = NativeConstants.EVENT_READ_MASK, WRITE_MASK = NativeConstants.EVENT_WRITE_MASK,
            EXCEPTIONAL_MASK = NativeConstants.EVENT_EXCEPTIONAL_MASK;

    public final Edge read;
    public final Edge write;
    final Poller poller;
    final int fd;
    /** The slot (low 32 bits) and that slot's generation (high 32 bits). */
    final long token;
    /** Closed by {@code Spindle.shutdown()}. */
    final Channel owner;
    /** Set before the read edge it came with moves: an end of stream, an error or urgent data was reported. */
    private volatile boolean exceptional;
    /** Why the poller stopped serving this socket, or null while it does. */
    private volatile IOException failure;

    Registration(Poller poller, int fd, long token, Channel owner) {
        this.poller = poller;
        this.fd = fd;
        this.token = token;
        this.owner = owner;
        this.read = new Edge(poller);
        this.write = new Edge(poller);
    }

    /** Returns how many waiting threads it woke. */
    int fire(int bits) {
        int woke = 0;
        if ((bits & EXCEPTIONAL_MASK) != 0 && !exceptional) exceptional = true;
        if ((bits & READ_MASK) != 0 && read.fire()) woke++;
        if ((bits & WRITE_MASK) != 0 && write.fire()) woke++;
        return woke;
    }

    /**
     * Whether an event reported an end of stream, an error or urgent data. A reader that saw the
     * read edge's seq after such an event sees this true (it is written first).
     */
    public boolean sawExceptional() {
        return exceptional;
    }

    /** Wakes every waiter for good; the channel is closing. */
    public void wakeAll() {
        read.close();
        write.close();
    }

    /** The poller gave up on this socket: wakes its waiters, and every later wait must throw. */
    void fail(IOException cause) {
        failure = cause;
        wakeAll();
    }

    /** Why this socket can no longer wait for readiness (its poller failed), or null. */
    public IOException failure() {
        return failure;
    }

    /** Whether any thread is waiting on either direction. */
    public boolean hasWaiters() {
        return read.hasWaiter() || write.hasWaiter();
    }

    /** Removes the fd from its poller; later events for the old token are dropped. Call before close(fd). */
    public void deregister() {
        poller.deregister(this);
    }
}
