package dev.spindle.nio;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * The provider's fallback when the native library cannot load: the JDK's own default provider,
 * reached through {@code sun.nio.ch.DefaultSelectorProvider} (not {@link SelectorProvider#provider()},
 * which would be Spindle again), or, where that package is not exported to Spindle, channels that
 * fail on first use and say how to fix it.
 */
final class JdkChannels implements SpindleSelectorProvider.Channels {
    private final SelectorProvider jdk;

    private JdkChannels(SelectorProvider jdk) {
        this.jdk = jdk;
    }

    /** The JDK's provider, or if it is out of reach a stand-in that says why; {@code cause}: why natives are out. */
    static SpindleSelectorProvider.Channels choose(Throwable cause) {
        try {
            Object p = Class.forName("sun.nio.ch.DefaultSelectorProvider").getMethod("get").invoke(null);
            return new JdkChannels((SelectorProvider) p);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Unavailable("Spindle's SelectorProvider is installed but its native library could not load ("
                    + cause.getMessage() + "), and the JDK's own provider is not accessible to fall back on."
                    + " Fix the native library, or add --add-exports java.base/sun.nio.ch=dev.spindle (module"
                    + " path) or java.base/sun.nio.ch=ALL-UNNAMED (class path), or remove the provider", cause);
        }
    }

    @Override
    public SocketChannel socket(ProtocolFamily family) throws IOException {
        return family == null ? jdk.openSocketChannel() : jdk.openSocketChannel(family);
    }

    @Override
    public ServerSocketChannel server(ProtocolFamily family) throws IOException {
        return family == null ? jdk.openServerSocketChannel() : jdk.openServerSocketChannel(family);
    }

    @Override
    public DatagramChannel datagram(ProtocolFamily family) throws IOException {
        return family == null ? jdk.openDatagramChannel() : jdk.openDatagramChannel(family);
    }

    @Override
    public AbstractSelector selector() throws IOException {
        return jdk.openSelector();
    }

    @Override
    public Pipe pipe() throws IOException {
        return jdk.openPipe();
    }

    /** Every channel fails on first use with the same explanation. */
    private record Unavailable(String why, Throwable cause) implements SpindleSelectorProvider.Channels {
        @Override
        public SocketChannel socket(ProtocolFamily family) throws IOException {
            throw new IOException(why, cause);
        }

        @Override
        public ServerSocketChannel server(ProtocolFamily family) throws IOException {
            throw new IOException(why, cause);
        }

        @Override
        public DatagramChannel datagram(ProtocolFamily family) throws IOException {
            throw new IOException(why, cause);
        }

        @Override
        public AbstractSelector selector() throws IOException {
            throw new IOException(why, cause);
        }

        @Override
        public Pipe pipe() throws IOException {
            throw new IOException(why, cause);
        }
    }
}
