package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UnixPeerCredentialsTest {
    @BeforeEach
    void needsNatives() {
        Unix.assumeNative();
    }

    /** This process's effective uid and gid: from /proc on Linux, else from id(1). */
    private static int[] uidGid() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (Files.exists(status)) {
            int uid = -1, gid = -1;
            for (String line : Files.readAllLines(status)) { // "Uid:\treal\teffective\tsaved\tfs"
                if (line.startsWith("Uid:")) uid = Integer.parseInt(line.split("\\s+")[2]);
                if (line.startsWith("Gid:")) gid = Integer.parseInt(line.split("\\s+")[2]);
            }
            return new int[] {uid, gid};
        }
        return new int[] {id("-u"), id("-g")};
    }

    private static int id(String flag) throws Exception {
        Process p = new ProcessBuilder("id", flag).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        return Integer.parseInt(new String(p.getInputStream().readAllBytes()).trim());
    }

    private static void assertIsThisProcess(PeerCredentials c) throws Exception {
        int[] ids = uidGid();
        assertEquals(ProcessHandle.current().pid(), c.pid());
        assertEquals(ids[0], c.uid());
        assertEquals(ids[1], c.gid());
    }

    @Test
    void aPairsPeerIsThisProcess() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            assertIsThisProcess(a.peerCredentials());
            assertIsThisProcess(b.peerCredentials());
        }
        assertThrows(ClosedChannelException.class, p[0]::peerCredentials);
    }

    @Test
    void bothEndsOfAnAcceptedConnectionSeeThisProcess() throws Exception {
        try (UnixListener l = UnixListener.open(Unix.freshPath());
                UnixStream c = UnixStream.open(l.localAddress());
                UnixStream s = l.accept()) {
            assertIsThisProcess(c.peerCredentials());
            assertIsThisProcess(s.peerCredentials());
        }
    }
}
