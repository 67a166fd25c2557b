package dev.spindle.nio;

import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.NativeConstants;
import java.nio.channels.SelectionKey;

/** What {@link SpindleSelector} needs from each of the provider's channels. */
interface Selectable {
    /** The channel's fd and its close protocol. */
    SocketFd core();

    boolean isOpen();

    boolean isRegistered();

    /** The ready set for {@code interest}, given what the fd reported (HUP and errors report both). */
    int readyOps(boolean readable, boolean writable, int interest);

    /** The fd to watch; valid while a key of this channel is registered (closing waits for deregistration). */
    default int selectorFd() {
        return core().fd;
    }

    /** A selector dropped its last key for this channel: a closed channel may now release its fd. */
    default void deregistered() {
        if (!isOpen() && !isRegistered()) core().releaseIfIdle();
    }

    /** The epoll/kqueue interest for a key's interest set. */
    static int events(int interestOps) {
        int events = 0;
        if ((interestOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) events |= NativeConstants.SEL_READ;
        if ((interestOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) events |= NativeConstants.SEL_WRITE;
        return events;
    }
}
