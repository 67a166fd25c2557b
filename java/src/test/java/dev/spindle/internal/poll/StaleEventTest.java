package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.nio.channels.Channel;
import org.junit.jupiter.api.Test;

/** An event fetched for a closed socket must not wake the socket that reuses its slot and fd number. */
class StaleEventTest {
    private static final Channel NO_OWNER = new Channel() {
        public boolean isOpen() {
            return true;
        }

        public void close() {}
    };

    @Test
    void eventForAClosedSocketDoesNotWakeItsSuccessor() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.spindle.Spindle.isAvailable(), "native poller only");
        Poller poller = new Poller(99, 1000);
        int fdA = quietSocket();
        try {
            Registration a = register(poller, fdA);
            long staleToken = a.token;
            // A closes; B opens, gets the same fd number from the kernel and the same slot from the poller.
            a.deregister();
            Native.close(fdA);
            int fdB = quietSocket();
            assertEquals(fdA, fdB, "the kernel reuses the lowest free fd number");
            Registration b = register(poller, fdB);
            assertEquals((int) staleToken, (int) b.token, "same slot");
            assertNotEquals(staleToken, b.token, "new generation");
            int readSeq = b.read.seq(), writeSeq = b.write.seq();

            // An event for A that the poller fetched before A closed arrives now.
            poller.dispatch(staleToken, NativeConstants.EVENT_READ_MASK | NativeConstants.EVENT_WRITE_MASK);
            assertEquals(readSeq, b.read.seq());
            assertEquals(writeSeq, b.write.seq());

            // B's own events still get through.
            poller.dispatch(b.token, NativeConstants.EVENT_READ_MASK & ~NativeConstants.EVENT_WRITE_MASK);
            assertEquals(readSeq + 1, b.read.seq());
            assertEquals(writeSeq, b.write.seq());
            b.deregister();
            Native.close(fdB);
        } finally {
            poller.shutdown();
        }
    }

    /** A listening socket with no connections: the real poller sees no event for it. */
    private static int quietSocket() {
        int fd = Native.socket(NativeConstants.FAMILY_IPV4, NativeConstants.STREAM);
        assertTrue(fd >= 0);
        byte[] loopback = new byte[NativeConstants.ADDR_SIZE];
        loopback[0] = (byte) NativeConstants.FAMILY_IPV4;
        loopback[8] = 127;
        loopback[11] = 1;
        assertEquals(0, Native.bind(fd, loopback));
        assertEquals(0, Native.listen(fd, 1));
        return fd;
    }

    private static Registration register(Poller poller, int fd) {
        try {
            return poller.register(fd, NO_OWNER);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
