package dev.spindle.net;

import dev.spindle.internal.channel.Owner;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/** A public channel whose core borrows its interrupt bracket ({@code begin}/{@code end} are protected). */
abstract class GuardedChannel extends AbstractInterruptibleChannel {
    /** The owner to hand the core when making its I/O. */
    final Owner owner = new Guard();

    private final class Guard implements Owner {
        @Override
        public Channel channel() {
            return GuardedChannel.this;
        }

        @Override
        public void begin() {
            GuardedChannel.this.begin();
        }

        @Override
        public void end(boolean completed) throws AsynchronousCloseException {
            GuardedChannel.this.end(completed);
        }
    }
}
