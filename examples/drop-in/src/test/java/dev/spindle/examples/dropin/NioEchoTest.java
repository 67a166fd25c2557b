package dev.spindle.examples.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test JVM has this project's class path, as {@code java -cp} would: spindle-provider is on it. */
class NioEchoTest {
    @Test
    void spindleIsTheJvmsSelectorProvider() throws Exception {
        SelectorProvider provider = SelectorProvider.provider();
        assertEquals("dev.spindle.nio.SpindleSelectorProvider", provider.getClass().getName());
        try (Selector selector = Selector.open(); SocketChannel channel = SocketChannel.open()) {
            assertSame(provider, selector.provider());
            assertSame(provider, channel.provider());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theUnmodifiedProgramEchoes() throws Exception {
        NioEcho.run(1_000, Duration.ofSeconds(30));
    }
}
