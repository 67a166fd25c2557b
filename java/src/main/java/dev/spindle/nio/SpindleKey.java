package dev.spindle.nio;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;

/**
 * A registration of a channel with a {@link SpindleSelector}. A new interest set is recorded here
 * and queued; the selector applies it (one epoll_ctl) at the start of its next selection, as the
 * JDK's selectors do, so a change from another thread needs a {@code wakeup()} to affect a
 * selection already under way.
 */
final class SpindleKey extends AbstractSelectionKey {
    final SelectableChannel channel;
    final Selectable target;
    private final SpindleSelector selector;
    private volatile int interestOps;
    private volatile int readyOps;
    // Selector-thread state, under its select lock.
    /** Its token in the selector's table (slot and generation), -1 while it has none. */
    long token = -1;
    int registeredEvents;
    int pendingReady;
    long touchedIn;
    /** Set while the key sits in the selector's update queue. */
    volatile boolean queued;

    SpindleKey(SelectableChannel channel, SpindleSelector selector) {
        this.channel = channel;
        this.target = (Selectable) channel;
        this.selector = selector;
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interestOps;
    }

    @Override
    public SpindleKey interestOps(int ops) {
        ensureValid();
        if ((ops & ~channel.validOps()) != 0)
            throw new IllegalArgumentException("interest set " + ops + " has operations " + channel + " does not support");
        setInterest(ops);
        return this;
    }

    /** Records and queues an interest set already checked against the channel's valid ops, valid key or not. */
    void setInterest(int ops) {
        interestOps = ops;
        selector.queueUpdate(this);
    }

    /** The interest set without the validity check, for the selector. */
    int currentInterest() {
        return interestOps;
    }

    @Override
    public int readyOps() {
        ensureValid();
        return readyOps;
    }

    void setReadyOps(int ops) {
        readyOps = ops;
    }

    int nioReadyOps() {
        return readyOps;
    }

    private void ensureValid() {
        if (!isValid()) throw new CancelledKeyException();
    }

    @Override
    public String toString() {
        return "SpindleKey[" + channel + (isValid() ? ", interest=" + interestOps + ", ready=" + readyOps : ", cancelled") + "]";
    }
}
