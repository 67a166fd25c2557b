package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One-byte ping-pong: every round trip parks both sides after EAGAIN, so a readiness edge lost
 * between EAGAIN and the park would hang the test (and fail it by timeout).
 */
@Timeout(120)
class WakeupStressTest {
    @ParameterizedTest(name = "client virtual={0}, server virtual={1}")
    @CsvSource({"false,false", "true,true", "false,true"})
    void pingPongNeverLosesAWakeup(boolean clientVirtual, boolean serverVirtual) throws Exception {
        final int trips = 20_000;
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            Future<Integer> server = Loopback.start(serverVirtual, () -> {
                ByteBuffer b = ByteBuffer.allocateDirect(1);
                int n = 0;
                while (s.read(b.clear()) > 0) {
                    s.write(b.flip());
                    n++;
                }
                return n;
            });
            Future<Integer> client = Loopback.start(clientVirtual, () -> {
                ByteBuffer b = ByteBuffer.allocate(1);
                for (int i = 0; i < trips; i++) {
                    b.clear().put((byte) i).flip();
                    c.write(b);
                    b.clear();
                    if (c.read(b) != 1 || b.get(0) != (byte) i) throw new AssertionError("bad echo at " + i);
                }
                c.shutdownOutput();
                return trips;
            });
            assertEquals(trips, client.get(100, TimeUnit.SECONDS));
            assertEquals(trips, server.get(10, TimeUnit.SECONDS));
        }
    }
}
