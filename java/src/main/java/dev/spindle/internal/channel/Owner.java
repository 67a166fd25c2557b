package dev.spindle.internal.channel;

import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;

/**
 * What a {@link SocketFd} needs from the public channel that owns it. {@code begin} and {@code end}
 * are {@code AbstractInterruptibleChannel}'s, which only the channel itself can call: they make an
 * interrupt close the channel, and turn a close during a blocking call into the right exception.
 */
public interface Owner {
    Channel channel();

    void begin();

    void end(boolean completed) throws AsynchronousCloseException;

    /**
     * Whether an interrupt status already set when a blocking call starts ends it before its syscall,
     * as {@code AbstractInterruptibleChannel}'s channels do; java.net's sockets ({@code NioSocketImpl})
     * look at it only when they would wait, so a read with data at hand still returns it.
     */
    default boolean interruptEndsCallsAtOnce() {
        return true;
    }

    /** Whether something outside the channel (a selector's registration) still uses the fd number. */
    default boolean fdInUse() {
        return false;
    }
}
