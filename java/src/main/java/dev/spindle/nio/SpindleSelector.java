package dev.spindle.nio;

import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.EventBuffer;
import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.poll.Registration;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.poll.TokenTable;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link Selector} on its own epoll (Linux) or kqueue (macOS) instance, level-triggered as the
 * spec requires. A platform thread selects in epoll_wait; a virtual thread polls without waiting
 * and otherwise parks on one of Spindle's pollers, which watches this selector's fd, so it never
 * blocks its carrier in native code. {@link #wakeup} writes to an eventfd (a pipe on macOS) in the set.
 *
 * <p>A selection synchronizes on the selector, then on its selected-key set, as the {@link Selector}
 * javadoc says and the JDK does, and a {@code select(Consumer)} action runs holding both. A virtual
 * thread that parks holding a monitor pins its carrier before JDK 24 (JEP 491), so there a virtual
 * thread waits for events between two looks at the epoll set taken under the monitors, holding none
 * while it waits; from JDK 24 on it waits under them as a platform thread does.
 */
final class SpindleSelector extends AbstractSelector {
    private static final int MAX_EVENTS = 1024;
    private static final long WAKEUP_TOKEN = -1;

    private final int pfd;
    private final int wakeupHandle;
    private final EventBuffer events = new EventBuffer(MAX_EVENTS, MAX_EVENTS);
    /** Before JDK 24 a virtual thread parked in a monitor pins its carrier (see the class comment). */
    private static final boolean PARK_OUTSIDE_MONITORS = Runtime.version().feature() < 24;
    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final Set<SelectionKey> selected = new HashSet<>();
    private final Set<SelectionKey> publicSelected = new UngrowableSet<>(selected);
    private final ArrayDeque<SpindleKey> updates = new ArrayDeque<>(); // guarded by itself
    private final ArrayList<SpindleKey> touched = new ArrayList<>();
    /** Keys with interest registered, by token: a slot and its generation, so an event fetched for a dropped key reaches no other. */
    private final TokenTable<SpindleKey> table = new TokenTable<>(k -> k.token); // changed under this selector's monitor
    private long selections;
    private boolean inSelect; // under this selector's monitor
    private final Object wakeupLock = new Object();
    private boolean wakeupPending; // guarded by wakeupLock
    /** This selector's fd on a Spindle poller, for virtual threads; made on first use. */
    private volatile Registration parking;

    SpindleSelector(SpindleSelectorProvider provider) throws IOException {
        super(provider);
        int fd = Native.pollerCreate();
        if (fd < 0) throw Errors.of("epoll_create", fd);
        int w = Native.wakeupOpen(fd, WAKEUP_TOKEN);
        if (w < 0) {
            Native.close(fd);
            throw Errors.of("selector wakeup", w);
        }
        this.pfd = fd;
        this.wakeupHandle = w;
    }

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return publicSelected;
    }

    @Override
    public int selectNow() throws IOException {
        return doSelect(null, -1);
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) throw new IllegalArgumentException("negative timeout: " + timeout);
        return doSelect(null, timeout == 0 ? Long.MAX_VALUE : timeout);
    }

    @Override
    public int select() throws IOException {
        return doSelect(null, Long.MAX_VALUE);
    }

    @Override
    public int selectNow(Consumer<SelectionKey> action) throws IOException {
        return doSelect(Objects.requireNonNull(action), -1);
    }

    @Override
    public int select(Consumer<SelectionKey> action, long timeout) throws IOException {
        if (timeout < 0) throw new IllegalArgumentException("negative timeout: " + timeout);
        return doSelect(Objects.requireNonNull(action), timeout == 0 ? Long.MAX_VALUE : timeout);
    }

    @Override
    public int select(Consumer<SelectionKey> action) throws IOException {
        return doSelect(Objects.requireNonNull(action), Long.MAX_VALUE);
    }

    /** One selection; timeoutMillis -1: none (selectNow), Long.MAX_VALUE: forever. */
    private int doSelect(Consumer<SelectionKey> action, long timeoutMillis) throws IOException {
        if (timeoutMillis >= 0 && PARK_OUTSIDE_MONITORS && Thread.currentThread().isVirtual())
            return selectParkingOutside(action, timeoutMillis);
        synchronized (this) {
            ensureOpen();
            if (inSelect) // from a select(Consumer) action: the monitors would let it in
                throw new IllegalStateException("a selection is already in progress on this thread");
            inSelect = true;
            try {
                synchronized (publicSelected) {
                    processDeregistrations();
                    processUpdates();
                    int n = timeoutMillis < 0 ? poll(0) : waitForEvents(timeoutMillis);
                    processDeregistrations();
                    return processEvents(n, action);
                }
            } finally {
                inSelect = false;
            }
        }
    }

    /**
     * A blocking selection by a virtual thread before JDK 24: looks at the set without waiting under
     * the monitors, and parks on the selector's poller edge between looks with no monitor held. The
     * edge's seq is read before each look, so events that arrive after it end the park.
     */
    private int selectParkingOutside(Consumer<SelectionKey> action, long timeoutMillis) throws IOException {
        long deadline = deadline(timeoutMillis);
        Edge edge = parkingEdge();
        try {
            begin();
            for (boolean first = true; ; first = false) {
                int seen = edge.seq();
                int count;
                synchronized (this) {
                    if (!first && !isOpen()) return 0; // closed while this thread waited: the selection ends, as on wakeup
                    ensureOpen();
                    if (inSelect) throw new IllegalStateException("a selection is already in progress on this thread");
                    inSelect = true;
                    try {
                        synchronized (publicSelected) {
                            processDeregistrations();
                            processUpdates();
                            int n = poll(0);
                            processDeregistrations();
                            count = processEvents(n, action);
                            if (n > 0) return count;
                        }
                    } finally {
                        inSelect = false;
                    }
                }
                if (Thread.currentThread().isInterrupted() || Timeouts.expired(deadline)) return count;
                if (deadline == Timeouts.NO_DEADLINE) edge.await(seen);
                else edge.awaitUntil(seen, deadline);
            }
        } finally {
            end();
        }
    }

    private static long deadline(long timeoutMillis) {
        return timeoutMillis == Long.MAX_VALUE ? Timeouts.NO_DEADLINE // clamped: millis * 10^6 may overflow
                : Timeouts.deadline(Timeouts.toNanos(java.time.Duration.ofMillis(timeoutMillis), "timeout"));
    }

    private void ensureOpen() {
        if (!isOpen()) throw new ClosedSelectorException();
    }

    private int poll(int timeoutMillis) throws IOException {
        int n = events.waitOn(pfd, timeoutMillis);
        if (n == -Errno.EINTR) return 0;
        if (n < 0) throw Errors.of("select", n);
        return n;
    }

    /**
     * A blocking selection: interruptible, and woken by {@link #wakeup}. A platform thread waits in
     * epoll_wait; a virtual thread polls and parks. Either way a signal (EINTR) or an early return
     * waits again for the rest of the timeout, as the JDK's selectors do.
     */
    private int waitForEvents(long timeoutMillis) throws IOException {
        long deadline = deadline(timeoutMillis);
        boolean virtual = Thread.currentThread().isVirtual();
        try {
            begin();
            Edge edge = virtual ? parkingEdge() : null;
            for (;;) {
                int seen = virtual ? edge.seq() : 0;
                boolean stop = Thread.currentThread().isInterrupted() || !isOpen();
                int n = poll(virtual || stop ? 0 : Timeouts.pollMillis(deadline));
                if (n > 0 || stop || Thread.currentThread().isInterrupted() || Timeouts.expired(deadline)) return n;
                if (!virtual) continue;
                if (deadline == Timeouts.NO_DEADLINE) edge.await(seen);
                else edge.awaitUntil(seen, deadline);
            }
        } finally {
            end();
        }
    }

    private Edge parkingEdge() throws IOException {
        Registration r = parking;
        if (r == null) {
            synchronized (wakeupLock) {
                if ((r = parking) == null) parking = r = Pollers.register(pfd, new Handle());
            }
        }
        return r.read;
    }

    /** Applies queued interest changes: one epoll_ctl (or kevent) per key whose events changed. */
    private void processUpdates() throws IOException {
        for (;;) {
            SpindleKey k;
            synchronized (updates) {
                k = updates.poll();
                if (k == null) return;
                k.queued = false;
            }
            if (!k.isValid()) continue;
            int want = Selectable.events(k.currentInterest());
            if (want == k.registeredEvents) continue;
            if (k.token < 0) table.add(token -> {
                k.token = token;
                return k;
            });
            int rc = Native.selectorSet(pfd, k.target.selectorFd(), k.registeredEvents, want, k.token);
            if (rc == -Errno.EPIPE) { // kqueue: no write filter once the peer is gone; the read filter's EOF says it
                want = (want & ~NativeConstants.SEL_WRITE) | NativeConstants.SEL_READ;
                rc = Native.selectorSet(pfd, k.target.selectorFd(), k.registeredEvents, want, k.token);
            }
            if (rc < 0) throw Errors.of("register " + k.channel + " with the selector", rc);
            k.registeredEvents = want;
        }
    }

    void queueUpdate(SpindleKey k) {
        synchronized (updates) {
            if (k.queued) return;
            k.queued = true;
            updates.add(k);
        }
    }

    /** Removes cancelled keys: from the epoll set first, so the channel may then release its fd. */
    private void processDeregistrations() {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            if (cancelled.isEmpty()) return;
            for (Iterator<SelectionKey> it = cancelled.iterator(); it.hasNext(); ) {
                SpindleKey k = (SpindleKey) it.next();
                it.remove();
                drop(k);
            }
        }
    }

    private void drop(SpindleKey k) {
        if (k.registeredEvents != 0) Native.selectorSet(pfd, k.target.selectorFd(), k.registeredEvents, 0, k.token);
        k.registeredEvents = 0;
        if (k.token >= 0) {
            table.remove(k);
            k.token = -1;
        }
        keys.remove(k);
        selected.remove(k);
        deregister(k);
        k.target.deregistered();
    }

    /** Merges each key's events (kqueue reports read and write apart), then updates the key sets. */
    private int processEvents(int n, Consumer<SelectionKey> action) {
        long selection = ++selections;
        touched.clear();
        for (int i = 0; i < n; i++) {
            long token = events.token(i);
            if (token == WAKEUP_TOKEN) {
                clearWakeup();
                continue;
            }
            SpindleKey k = table.get(token);
            if (k == null || !k.isValid()) continue;
            int bits = events.bits(i);
            int ready = k.target.readyOps((bits & NativeConstants.EVENT_READ_MASK) != 0,
                    (bits & NativeConstants.EVENT_WRITE_MASK) != 0, k.currentInterest());
            if (k.touchedIn != selection) {
                k.touchedIn = selection;
                k.pendingReady = 0;
                touched.add(k);
            }
            k.pendingReady |= ready;
        }
        int count = 0;
        for (int i = 0, keysTouched = touched.size(); i < keysTouched; i++) { // no iterator per selection
            SpindleKey k = touched.get(i);
            int ready = k.pendingReady;
            if (ready == 0) continue;
            if (action != null) {
                k.setReadyOps(ready);
                count++;
                action.accept(k);
                ensureOpen(); // the action may have closed the selector
            } else if (selected.contains(k)) {
                if ((k.nioReadyOps() | ready) != k.nioReadyOps()) {
                    k.setReadyOps(k.nioReadyOps() | ready);
                    count++;
                }
            } else {
                k.setReadyOps(ready);
                selected.add(k);
                count++;
            }
        }
        touched.clear();
        return count;
    }

    @Override
    public Selector wakeup() {
        synchronized (wakeupLock) {
            if (!wakeupPending && isOpen()) {
                wakeupPending = true;
                Native.wakeupSignal(pfd, wakeupHandle);
            }
        }
        return this;
    }

    private void clearWakeup() {
        synchronized (wakeupLock) {
            Native.wakeupDrain(pfd, wakeupHandle);
            wakeupPending = false;
        }
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object attachment) {
        if (!(ch instanceof Selectable) || ch.provider() != provider())
            throw new IllegalSelectorException();
        SpindleKey k = new SpindleKey(ch, this);
        k.attach(attachment);
        keys.add(k);
        // Another thread may see the key in keys() and cancel it now; a cancelled key is then
        // returned, as the JDK does (JDK-8287580), never a CancelledKeyException.
        k.setInterest(ops);
        if (!isOpen()) { // closing: its sweep of the keys may have missed this one
            keys.remove(k);
            k.cancel();
            throw new ClosedSelectorException();
        }
        return k;
    }

    @Override
    protected void implCloseSelector() throws IOException {
        synchronized (wakeupLock) { // ends a selection under way; later wakeups signal nothing
            if (!wakeupPending) Native.wakeupSignal(pfd, wakeupHandle);
            wakeupPending = true;
        }
        synchronized (this) { // waits for that selection to end
            synchronized (publicSelected) {
                processDeregistrations();
                for (SelectionKey k : keys.toArray(new SelectionKey[0])) {
                    ((SpindleKey) k).cancel();
                }
                processDeregistrations();
                Registration r = parking;
                if (r != null) {
                    r.wakeAll(); // a virtual thread parked between looks (JDK 21-23) holds no monitor to wait for
                    r.deregister();
                }
                Native.pollerClose(pfd, wakeupHandle, -1);
            }
        }
    }

    /** The selector as a channel for its poller registration, so {@code Spindle.shutdown()} closes it. */
    private final class Handle implements Channel {
        @Override
        public boolean isOpen() {
            return SpindleSelector.this.isOpen();
        }

        @Override
        public void close() throws IOException {
            SpindleSelector.this.close();
        }
    }
}
