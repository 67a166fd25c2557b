package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import dev.spindle.net.ChildJvm;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A virtual-thread scheduler with fewer carriers than processors
 * ({@code jdk.virtualThreadScheduler.parallelism=1}, here in a child JVM). A poller that holds the
 * only carrier keeps every other poller off it, so the round trips between two sockets on two
 * pollers once waited for the hold's bound (up to 8.9 ms, and 0.6 ms or more in 5 of 6 rounds,
 * instead of 30-49 µs). With two pollers the bound is set to ten minutes, so the round trips
 * finish only if no poller holds a carrier another poller needs.
 */
@Timeout(300)
class FewCarriersTest {
    private static final Duration SILENCE = Duration.ofSeconds(60), LIMIT = Duration.ofSeconds(120);
    private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

    /** By default there are no more virtual-thread pollers than carriers. */
    @Test
    void oneCarrierMeansOnePoller() throws Exception {
        // The default bound: the one poller may hold the one carrier, so the thread this child's main
        // thread starts after the first has parked runs only when the bound ends the hold.
        ChildJvm.Result r = run(List.of(ONE_CARRIER));
        String expected = "true".equals(r.last("VIRTUAL ")) ? "1" : String.valueOf(Runtime.getRuntime().availableProcessors());
        assertEquals(expected, r.last("POLLERS "), "platform-thread pollers hold no carrier, so one per processor\n" + r.output());
    }

    /** Two pollers set on one carrier: neither keeps it from the other. */
    @Test
    void twoPollersOnOneCarrierBothServe() throws Exception {
        ChildJvm.Result r = run(List.of(ONE_CARRIER, "-Ddev.spindle.pollers=2", "-Ddev.spindle.poller.carrierMillis=600000"));
        assertEquals("2", r.last("POLLERS "), r.output());
    }

    private static ChildJvm.Result run(List<String> options) throws Exception {
        assumeTrue(Spindle.isAvailable(), "the JDK fallback has no pollers"); // the child has this JVM's settings
        try (ChildJvm child = ChildJvm.start(options, Child.class)) {
            ChildJvm.Result r = child.await(SILENCE, LIMIT);
            assertFalse(r.killed(), "the round trips did not finish: " + r.why() + "\n" + r.output());
            assertEquals(0, r.exitCode(), r.output());
            assertNotNull(r.last("DONE "), r.output());
            return r;
        }
    }

    /** Round trips between a client and a server socket, which go to different pollers when there are two. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            if (!Spindle.isAvailable()) throw new IllegalStateException("no natives in the child");
            System.out.println("POLLERS " + Spindle.pollerStats().size());
            System.out.println("VIRTUAL " + Poller.ON_VIRTUAL_THREADS);
            int trips = 1000;
            try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
                 TcpStream client = TcpStream.open(l.localAddress());
                 TcpStream server = l.accept()) {
                Thread echo = Thread.ofVirtual().start(() -> {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    try {
                        while (server.read(b.clear()) > 0) server.write(b.flip());
                    } catch (Exception closed) {
                        // the round trips are over
                    }
                });
                Thread pinger = Thread.ofVirtual().start(() -> {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    try {
                        for (int i = 0; i < trips; i++) {
                            client.write(b.clear());
                            while (b.hasRemaining()) if (client.read(b) < 0) throw new IllegalStateException("EOF");
                            if (i % 100 == 0) System.out.println("trip " + i); // progress, for the silence limit
                        }
                    } catch (Exception e) {
                        e.printStackTrace(System.out);
                        System.exit(2);
                    }
                });
                pinger.join();
                client.shutdownOutput();
                echo.join();
            }
            System.out.println("DONE " + trips + " round trips; " + Spindle.pollerStats());
        }
    }
}
