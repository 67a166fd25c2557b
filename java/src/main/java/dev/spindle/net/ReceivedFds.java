package dev.spindle.net;

import dev.spindle.internal.channel.FdTransfer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@link UnixStream#read(java.nio.ByteBuffer, ReceivedFds)} puts the fds that came with the
 * bytes it read. Each read replaces what the last one left here. The fds are the caller's to close;
 * those that came beyond {@link #capacity()} were closed by Spindle, never leaked, and counted in
 * {@link #dropped()}. Reuse one per reading thread: a read allocates only the {@link PassedFd}s it hands over.
 */
public final class ReceivedFds {
    /** The most fds one message can carry (253 on Linux). */
    public static final int MAX = FdTransfer.MAX_FDS;

    final int[] numbers;
    final int[] result = new int[3]; // see NativeUnix.receiveFds
    private final List<PassedFd> fds = new ArrayList<>();

    /** Room for {@code capacity} fds per read, 0 to {@link #MAX}. */
    public ReceivedFds(int capacity) {
        if (capacity < 0 || capacity > MAX)
            throw new IllegalArgumentException("capacity must be within 0.." + MAX + ", got " + capacity);
        this.numbers = new int[capacity];
    }

    public int capacity() {
        return numbers.length;
    }

    /** The fds the last read received, in the order they were sent; the caller owns them. */
    public List<PassedFd> fds() {
        return List.copyOf(fds);
    }

    /** The number of fds the last read received. */
    public int count() {
        return fds.size();
    }

    /** The {@code i}th fd the last read received. */
    public PassedFd get(int i) {
        return fds.get(i);
    }

    /** Fds that came with the last read's bytes but did not fit: Spindle closed them. */
    public int dropped() {
        return result[1];
    }

    /** Whether the last read lost fds: some did not fit, or the kernel cut the message's control data. */
    public boolean truncated() {
        return result[1] > 0 || result[2] != 0;
    }

    /** Forgets the last read's fds (they stay open: they are the caller's). */
    void reset() {
        fds.clear();
    }

    /** Takes in what a read reported. */
    void received() {
        for (int i = 0; i < result[0]; i++) fds.add(new PassedFd(numbers[i]));
    }

    @Override
    public String toString() {
        return "ReceivedFds[" + fds + (truncated() ? ", dropped " + dropped() : "") + "]";
    }
}
