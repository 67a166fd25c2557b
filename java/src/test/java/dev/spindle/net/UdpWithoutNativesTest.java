package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.spindle.Spindle;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Without the native library (the jdk-fallback run), UDP says so plainly instead of failing to link. */
class UdpWithoutNativesTest {
    @Test
    void everyEntryPointSaysTheNativeLibraryIsMissing() {
        assumeFalse(Spindle.isAvailable(), "runs where the native library is disabled");
        IOException e = assertThrows(IOException.class, UdpSocket::open);
        assertTrue(e.getMessage().contains("native library"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> DatagramBatch.allocate(4, 100));
        assertFalse(UdpSocket.isGsoSupported());
        assertFalse(UdpSocket.isGroSupported());
    }
}
