package dev.spindle.nio;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * Spindle as the JVM's {@link SelectorProvider}: unmodified NIO code ({@code SocketChannel.open()},
 * {@code Selector.open()}, Netty's NIO transport, the JDK's HttpClient) runs on Spindle's native
 * channels. Install it with
 * {@code -Djava.nio.channels.spi.SelectorProvider=dev.spindle.nio.SpindleSelectorProvider}, or by
 * adding the {@code dev.spindle:spindle-provider} artifact, whose only content names this class as
 * the service. The main jar never installs it by itself.
 *
 * <p>Supported: TCP {@link SocketChannel} and {@link ServerSocketChannel}, UDP {@link DatagramChannel}
 * with multicast (IPv4, IPv6, dual stack), the UNIX family's stream channels
 * ({@link java.net.UnixDomainSocketAddress}; their {@code socket()} is unsupported, as in the JDK),
 * {@link java.nio.channels.Selector}, {@link Pipe}. Not supported: UNIX datagram channels (the JDK has
 * none either), which throw {@link UnsupportedOperationException}; {@link #inheritedChannel()} is null.
 *
 * <p>When the native library cannot load, every method hands over to the JDK's own provider if
 * {@code sun.nio.ch} is exported to Spindle ({@code --add-exports java.base/sun.nio.ch=dev.spindle},
 * or {@code =ALL-UNNAMED} on the class path); without that export each method that opens a
 * channel, selector or pipe throws an {@link IOException} that names the cause and the fix. It never recurses into
 * itself, so Spindle's own JDK fallback is safe under it.
 */
public final class SpindleSelectorProvider extends SelectorProvider {
    private volatile Channels channels;

    /** Called by the JDK; never throws, so that a missing native library cannot break all of java.nio. */
    public SpindleSelectorProvider() {}

    /** How this provider makes channels: natively, through the JDK's provider, or not at all. */
    interface Channels {
        SocketChannel socket(ProtocolFamily family) throws IOException;

        ServerSocketChannel server(ProtocolFamily family) throws IOException;

        DatagramChannel datagram(ProtocolFamily family) throws IOException;

        AbstractSelector selector() throws IOException;

        Pipe pipe() throws IOException;
    }

    private Channels channels() {
        Channels c = channels;
        if (c == null) {
            synchronized (this) {
                if ((c = channels) == null) channels = c = Backend.CURRENT.select(Natives::new, JdkChannels::choose);
            }
        }
        return c;
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return channels().datagram(null);
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        if (family == null) throw new NullPointerException("family");
        if (family == StandardProtocolFamily.UNIX) // the JDK has no UNIX-domain DatagramChannel either
            throw new UnsupportedOperationException("UNIX-domain datagram channels are not supported");
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6)
            throw new UnsupportedOperationException("Protocol family not supported: " + family);
        return channels().datagram(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return channels().pipe();
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        return channels().selector();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return channels().server(null);
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return channels().socket(null);
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        return channels().socket(checkFamily(family));
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return channels().server(checkFamily(family));
    }

    private static ProtocolFamily checkFamily(ProtocolFamily family) {
        if (family == null) throw new NullPointerException("family");
        if (family != StandardProtocolFamily.UNIX && family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6)
            throw new UnsupportedOperationException("Protocol family not supported: " + family);
        return family;
    }


    /** The native channels. */
    private final class Natives implements Channels {
        @Override
        public SocketChannel socket(ProtocolFamily family) throws IOException {
            int f = familyOf(family);
            return new SpindleSocketChannel(SpindleSelectorProvider.this, SocketFd.newSocket(f, NativeConstants.STREAM), f, false);
        }

        @Override
        public ServerSocketChannel server(ProtocolFamily family) throws IOException {
            int f = familyOf(family);
            return new SpindleServerSocketChannel(SpindleSelectorProvider.this, SocketFd.newSocket(f, NativeConstants.STREAM), f);
        }

        @Override
        public DatagramChannel datagram(ProtocolFamily family) throws IOException {
            int f = familyOf(family);
            return new SpindleDatagramChannel(SpindleSelectorProvider.this, SocketFd.newSocket(f, NativeConstants.DATAGRAM), f);
        }

        @Override
        public AbstractSelector selector() throws IOException {
            return new SpindleSelector(SpindleSelectorProvider.this);
        }

        @Override
        public Pipe pipe() throws IOException {
            return SpindlePipe.open(SpindleSelectorProvider.this);
        }

        /** null: the host's family (dual-stack IPv6 where it has IPv6); INET: IPv4 only; UNIX. */
        private int familyOf(ProtocolFamily family) throws IOException {
            if (family == StandardProtocolFamily.UNIX) return NativeConstants.FAMILY_UNIX;
            if (family == StandardProtocolFamily.INET) return NativeConstants.FAMILY_IPV4;
            if (family == StandardProtocolFamily.INET6 && Addresses.FAMILY != NativeConstants.FAMILY_IPV6)
                throw new UnsupportedOperationException("IPv6 not available");
            return Addresses.FAMILY;
        }
    }
}
