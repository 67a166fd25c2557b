package dev.spindle.examples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Spindle;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** This JVM was started with -javaagent:spindle.jar (see the pom's argLine), as the program would be. */
class BlockingEchoTest {
    @Test
    void theAgentInstalledSpindleBeforeAnyCodeRan() {
        assertTrue(Spindle.installed().containsAll(java.util.EnumSet.of(Spindle.Hook.SOCKET, Spindle.Hook.SERVER_SOCKET)),
                "installed: " + Spindle.installed() + "; " + Spindle.unavailabilityCause());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theUnmodifiedProgramEchoesOnSpindlesSockets() throws Exception {
        BlockingEcho.Result r = BlockingEcho.run(20, 100);
        assertEquals(2000, r.roundTrips());
        assertTrue(implOf(ServerSocket.class, r.server()).startsWith("dev.spindle."));
        assertTrue(implOf(Socket.class, r.lastAccepted()).startsWith("dev.spindle."));
    }

    private static String implOf(Class<?> type, Object socket) throws ReflectiveOperationException {
        Field f = type.getDeclaredField("impl");
        f.setAccessible(true);
        return f.get(socket).getClass().getName();
    }
}
