package dev.spindle.nio;

import dev.spindle.internal.channel.Owner;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractSelectableChannel;

/**
 * Lends the core a provider channel's interrupt bracket ({@code begin} and {@code end} are
 * protected, so each channel hands them out through {@link Bracketed}), and keeps the channel's
 * fd while a selector still holds it.
 */
record ChannelGuard<C extends AbstractSelectableChannel & ChannelGuard.Bracketed>(C channel) implements Owner {
    /** A channel's own {@code begin()} and {@code end(boolean)}. */
    interface Bracketed {
        void enter();

        void leave(boolean completed) throws AsynchronousCloseException;
    }

    @Override
    public void begin() {
        channel.enter();
    }

    @Override
    public void end(boolean completed) throws AsynchronousCloseException {
        channel.leave(completed);
    }

    @Override
    public boolean fdInUse() {
        return channel.isRegistered();
    }
}
