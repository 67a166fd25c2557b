package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Spindle;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the provider supports and how it says no: options, families, UDP, inherited channels, the JDK fallback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProviderSurfaceTest {
    @Test
    void socketOptionsRoundTripAndOthersAreUnsupported() throws Exception {
        Nio.assumeNative();
        try (SocketChannel c = PROVIDER.openSocketChannel(); ServerSocketChannel s = PROVIDER.openServerSocketChannel()) {
            Set<SocketOption<?>> standard = Set.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE,
                    StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_LINGER,
                    StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS);
            assertTrue(c.supportedOptions().containsAll(standard), c.supportedOptions().toString()); // and more: OptionParityTest
            for (SocketOption<?> o : standard) roundTrip(c, o);
            assertTrue(s.getOption(StandardSocketOptions.SO_REUSEADDR), "on from the start, as in the JDK");
            for (SocketOption<?> o : Set.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR,
                    StandardSocketOptions.SO_REUSEPORT)) roundTrip(s, o);
            assertEquals(-1, c.setOption(StandardSocketOptions.SO_LINGER, -1).getOption(StandardSocketOptions.SO_LINGER));
            for (SocketOption<?> o : Set.of(StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_MULTICAST_TTL)) {
                assertThrows(UnsupportedOperationException.class, () -> c.getOption(o));
                assertThrows(UnsupportedOperationException.class, () -> s.getOption(o));
            }
            assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.IP_TOS));
            assertThrows(IllegalArgumentException.class, () -> c.setOption(StandardSocketOptions.IP_TOS, 256));
            assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.TCP_NODELAY));
            assertThrows(NullPointerException.class, () -> c.getOption(null));
            assertThrows(IllegalArgumentException.class, () -> c.setOption(StandardSocketOptions.SO_RCVBUF, -5));
        }
    }

    /** Sets each option to a non-default value and reads it back (buffer sizes: the kernel may round up). */
    @SuppressWarnings("unchecked")
    private static void roundTrip(NetworkChannel ch, SocketOption<?> o) throws IOException {
        if (o.type() == Boolean.class) {
            SocketOption<Boolean> b = (SocketOption<Boolean>) o;
            boolean was = ch.getOption(b);
            ch.setOption(b, !was);
            assertEquals(!was, ch.getOption(b), o.name());
            ch.setOption(b, was);
            assertEquals(was, ch.getOption(b), o.name());
        } else if (o == StandardSocketOptions.IP_TOS) {
            ch.setOption(StandardSocketOptions.IP_TOS, 0x28);
            assertEquals(0x28, ch.getOption(StandardSocketOptions.IP_TOS));
        } else if (o == StandardSocketOptions.SO_LINGER) {
            ch.setOption(StandardSocketOptions.SO_LINGER, 7);
            assertEquals(7, ch.getOption(StandardSocketOptions.SO_LINGER));
        } else {
            SocketOption<Integer> i = (SocketOption<Integer>) o;
            ch.setOption(i, 64 * 1024);
            int got = ch.getOption(i);
            assertTrue(got >= 64 * 1024, o.name() + " = " + got);
        }
    }

    @Test
    void unixDatagramsSayWhatIsMissing() {
        UnsupportedOperationException d = assertThrows(UnsupportedOperationException.class,
                () -> PROVIDER.openDatagramChannel(StandardProtocolFamily.UNIX));
        assertTrue(d.getMessage().contains("UNIX-domain datagram channels are not supported"), d.getMessage());
        assertThrows(NullPointerException.class, () -> PROVIDER.openDatagramChannel(null));
        assertThrows(NullPointerException.class, () -> PROVIDER.openSocketChannel(null));
    }

    @Test
    void noInheritedChannel() throws Exception {
        assertNull(PROVIDER.inheritedChannel());
    }

    @Test
    void nativeChannelsBelongToThisProvider() throws Exception {
        Nio.assumeNative();
        try (SocketChannel c = PROVIDER.openSocketChannel(); var sel = PROVIDER.openSelector()) {
            assertInstanceOf(SpindleSocketChannel.class, c);
            assertSame(PROVIDER, c.provider());
            assertSame(PROVIDER, sel.provider());
            // A channel of another provider cannot join a Spindle selector.
            try (SocketChannel jdk = java.nio.channels.spi.SelectorProvider.provider().openSocketChannel()) {
                jdk.configureBlocking(false);
                assertThrows(java.nio.channels.IllegalSelectorException.class, () -> jdk.register(sel, 0));
            }
        }
    }

    /** Without the natives: the JDK's own channels if sun.nio.ch is exported to Spindle, else a clear IOException. */
    @Test
    void withoutNativesFallsBackToTheJdkOrSaysHowTo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Spindle.isAvailable(), "the natives loaded: no fallback");
        SpindleSelectorProvider provider = new SpindleSelectorProvider();
        boolean exported = Object.class.getModule().isExported("sun.nio.ch", SpindleSelectorProvider.class.getModule());
        if (exported) {
            try (SocketChannel c = provider.openSocketChannel()) {
                assertTrue(c.getClass().getName().startsWith("sun.nio.ch."), c.getClass().getName());
            }
            return;
        }
        for (var call : java.util.List.<org.junit.jupiter.api.function.Executable>of(provider::openSocketChannel,
                provider::openServerSocketChannel, provider::openSelector, provider::openPipe)) {
            IOException e = assertThrows(IOException.class, call);
            assertTrue(e.getMessage().contains("--add-exports java.base/sun.nio.ch"), e.getMessage());
            assertSame(Spindle.unavailabilityCause(), e.getCause());
        }
    }
}
