package dev.spindle.net;

import dev.spindle.internal.channel.Owner;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * A channel of this package on the native core. {@code begin} and {@code end} are
 * {@code AbstractInterruptibleChannel}'s and only a subclass may call them, so the core borrows
 * them through {@link #owner}.
 */
abstract class CoreChannel extends AbstractInterruptibleChannel {
    /** Lends the core this channel's interrupt bracket. */
    final Owner owner = new Owner() {
        @Override
        public Channel channel() {
            return CoreChannel.this;
        }

        @Override
        public void begin() {
            CoreChannel.this.begin();
        }

        @Override
        public void end(boolean completed) throws AsynchronousCloseException {
            CoreChannel.this.end(completed);
        }
    };
}
