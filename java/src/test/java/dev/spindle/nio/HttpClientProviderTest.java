package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.net.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK's HttpClient and HttpServer, unmodified, on Spindle installed as the JVM's SelectorProvider. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpClientProviderTest {
    @Test
    void httpClientFetchesFromHttpServerOnSpindle() throws Exception {
        Nio.assumeNative();
        try (ChildJvm child = ChildJvm.start(
                List.of("-Djava.nio.channels.spi.SelectorProvider=" + SpindleSelectorProvider.class.getName()),
                HttpClientChild.class)) {
            ChildJvm.Result r = child.await(Duration.ofSeconds(30), Duration.ofSeconds(90));
            assertFalse(r.killed(), r.why() + "\n" + r.output());
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(SpindleSelectorProvider.class.getName(), r.last("provider="), r.output());
            List<String> statuses = r.lines().stream().filter(l -> l.startsWith("status=")).toList();
            assertEquals(List.of("status=200 length=100006 same=true", "status=200 length=100006 same=true",
                    "status=200 length=100006 same=true"), statuses, r.output());
            assertEquals(List.of("done"), r.lines().stream().filter(l -> l.equals("done")).toList(), r.output());
        }
    }
}
