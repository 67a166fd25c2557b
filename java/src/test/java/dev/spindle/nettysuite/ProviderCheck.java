package dev.spindle.nettysuite;

import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every Netty test class unless NIO really runs on the provider the netty-testsuite execution names,
 * so a green run cannot be the JDK's own provider by mistake. Registered like {@link LoopbackBlackHole}.
 */
public final class ProviderCheck implements BeforeAllCallback {
    private static volatile boolean announced;

    @Override
    public void beforeAll(ExtensionContext context) {
        String wanted = System.getProperty("java.nio.channels.spi.SelectorProvider");
        String running = SelectorProvider.provider().getClass().getName();
        if (wanted != null && !wanted.equals(running))
            throw new IllegalStateException("Netty's NIO runs on " + running + ", not " + wanted);
        if (!announced) {
            announced = true;
            System.out.println("Netty's NIO transport runs on " + running);
        }
    }
}
