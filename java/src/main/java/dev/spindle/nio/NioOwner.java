package dev.spindle.nio;

import dev.spindle.internal.channel.Owner;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractSelectableChannel;

/**
 * The {@link Owner} of a provider channel's core: lends the core the channel's interrupt bracket
 * ({@code begin} and {@code end} are protected, so each channel hands them out through
 * {@link Calls}), and keeps the channel's fd while a selector still holds it.
 */
record NioOwner<C extends AbstractSelectableChannel & NioOwner.Calls>(C channel) implements Owner {
    /** A channel's own {@code begin()} and {@code end(boolean)}, under names its class may make public. */
    interface Calls {
        void beginCall();

        void endCall(boolean completed) throws AsynchronousCloseException;
    }

    @Override
    public void begin() {
        channel.beginCall();
    }

    @Override
    public void end(boolean completed) throws AsynchronousCloseException {
        channel.endCall(completed);
    }

    @Override
    public boolean fdInUse() {
        return channel.isRegistered();
    }
}
