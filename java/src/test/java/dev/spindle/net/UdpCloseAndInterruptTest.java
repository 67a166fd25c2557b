package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A receiver blocked on a UDP socket wakes at close or interrupt, on either kind of thread, for each receive form. */
@Timeout(60)
class UdpCloseAndInterruptTest {
    @BeforeEach
    void needsNatives() {
        Udp.assumeNative();
    }

    /** The blocking receive of each kind: into a heap buffer, a direct buffer, a batch. */
    private static Callable<Object> receiver(UdpSocket s, String kind) {
        return switch (kind) {
            case "heap" -> () -> s.receive(ByteBuffer.allocate(10));
            case "direct" -> () -> s.receive(ByteBuffer.allocateDirect(10));
            default -> () -> {
                try (DatagramBatch batch = DatagramBatch.allocate(8, 100)) {
                    return s.receive(batch);
                }
            };
        };
    }

    @ParameterizedTest(name = "virtual={0} {1} {2}")
    @CsvSource({"false,heap,close", "false,direct,close", "false,batch,close", "true,heap,close", "true,direct,close",
            "true,batch,close", "false,heap,interrupt", "false,direct,interrupt", "false,batch,interrupt",
            "true,heap,interrupt", "true,direct,interrupt", "true,batch,interrupt"})
    void closeOrInterruptWakesABlockedReceiver(boolean virtual, String kind, String action) throws Exception {
        UdpSocket s = Udp.bound(false).setReadTimeout(java.time.Duration.ZERO);
        Loopback.Running<Object> r = Loopback.run(virtual, receiver(s, kind));
        Loopback.awaitBlocked(r.thread());
        if (action.equals("close")) s.close();
        else r.thread().interrupt();
        Class<?> expected = action.equals("close") ? AsynchronousCloseException.class : ClosedByInterruptException.class;
        assertInstanceOf(expected, Loopback.failureOf(r.result()));
        assertFalse(s.isOpen());
    }

    @ParameterizedTest(name = "virtual={0} {1}")
    @CsvSource({"false,heap", "false,direct", "false,batch", "true,heap", "true,direct", "true,batch"})
    void aBlockedReceiverGetsTheDatagramThatArrives(boolean virtual, String kind) throws Exception {
        try (UdpSocket s = Udp.bound(false); UdpSocket sender = Udp.bound(false)) {
            Loopback.Running<Object> r = Loopback.run(virtual, receiver(s, kind));
            Loopback.awaitBlocked(r.thread());
            sender.send(Udp.text("wake"), s.localAddress());
            Object got = r.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
            if (kind.equals("batch")) assertEquals(1, got);
            else assertEquals(sender.localAddress(), got);
            assertTrue(s.isOpen());
        }
    }
}
