package dev.spindle.bench.server;

import java.io.IOException;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Which {@link SelectorProvider} this JVM really uses, and whether that is what
 * the impl asked for: so that a {@code *-spindle} result can never silently be
 * the JDK's provider (property not set or misspelt), nor Spindle's provider
 * handing over to the JDK's channels (native library unavailable).
 */
public final class ProviderCheck {
    private ProviderCheck() {}

    /** "provider=CLASS channels=CLASS,CLASS,CLASS" (server socket, socket, selector). */
    public static String describe() throws IOException {
        String channels;
        try (ServerSocketChannel s = ServerSocketChannel.open();
             SocketChannel c = SocketChannel.open();
             Selector sel = Selector.open()) {
            channels = s.getClass().getName() + "," + c.getClass().getName() + "," + sel.getClass().getName();
        }
        return "provider=" + SelectorProvider.provider().getClass().getName() + " channels=" + channels;
    }

    /** Null when the JVM's provider matches {@code impl}, else why not. */
    public static String mismatch(Impl impl) throws IOException {
        String provider = SelectorProvider.provider().getClass().getName();
        boolean spindle = provider.equals(Impl.SPINDLE_PROVIDER);
        if (impl.spindleProvider() != spindle) {
            return impl.label() + " needs " + (impl.spindleProvider() ? Impl.SPINDLE_PROVIDER : "the JDK's provider")
                    + " but SelectorProvider.provider() is " + provider
                    + " (-D" + Impl.PROVIDER_PROPERTY + "=" + System.getProperty(Impl.PROVIDER_PROPERTY) + ")";
        }
        if (spindle) {
            try (ServerSocketChannel s = ServerSocketChannel.open();
                 SocketChannel c = SocketChannel.open();
                 Selector sel = Selector.open()) {
                for (Object o : new Object[] {s, c, sel}) {
                    if (!o.getClass().getName().startsWith("dev.spindle.nio.")) {
                        return impl.label() + ": Spindle's provider is installed but opened a " + o.getClass().getName()
                                + " (the JDK's channels: is the native library unavailable?)";
                    }
                }
            }
        }
        return null;
    }
}
