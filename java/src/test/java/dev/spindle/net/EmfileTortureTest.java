package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EMFILE: a child JVM under {@code ulimit -n 256} ({@link EmfileChild}) runs out of fds; connect and
 * accept fail with "too many open files", a naive accept loop does not spin, and once fds are free
 * again every pending connection is accepted and works.
 */
@Tag("torture")
class EmfileTortureTest {
    @Test
    @Timeout(120)
    void runningOutOfFdsFailsCleanlyAndRecovers() throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n 256 && exec \"$@\"", "bash"));
        command.addAll(ChildJvm.command(List.of(), EmfileChild.class));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> r = new LinkedHashMap<>();
        int exit;
        try {
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        int eq = line.indexOf('=');
                        if (eq > 0) synchronized (r) {
                            r.put(line.substring(0, eq), line.substring(eq + 1));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child is gone; what it said is in r
                }
            });
            exit = child.waitFor(90, TimeUnit.SECONDS) ? child.exitValue() : -1;
            reader.join(5_000);
        } finally {
            Torture.kill(child);
        }
        final int exitCode = exit;
        String figures;
        synchronized (r) {
            figures = "exit=" + exit + " " + r;
        }
        System.out.println("torture emfile: pending=" + r.get("pending") + " hogs=" + r.get("hogs")
                + spinFigures(r, "platform") + spinFigures(r, "virtual") + "; accepted=" + r.get("accepted")
                + " roundTrips=" + r.get("roundTrips") + "; all: " + figures);
        String pending = String.valueOf(EmfileChild.PENDING);
        assertAll(figures,
                () -> assertEquals("true", r.get("done"), "the child ran to the end"),
                () -> assertEquals(0, exitCode, "child exit code"),
                () -> assertTooManyOpenFiles(r.get("connectError"), "connect (TcpStream.open(address))"),
                () -> assertTooManyOpenFiles(r.get("openError"), "TcpStream.open()"),
                () -> assertTooManyOpenFiles(r.get("acceptError"), "accept"),
                () -> assertEquals("true", r.get("listenerOpen"), "the listener stays open after EMFILE"),
                () -> assertSpinsNot(r, "platform"),
                () -> assertSpinsNot(r, "virtual"),
                () -> assertEquals(pending, r.get("accepted"), "every pending connection accepted once fds were free"),
                () -> assertEquals(pending, r.get("roundTrips"), "every accepted connection works"),
                () -> assertTrue(String.valueOf(r.get("afterPending")).startsWith("java.net.SocketTimeoutException"),
                        "no more than the pending connections: " + r.get("afterPending")),
                () -> assertEquals("ok", r.get("fresh"), "the listener accepts a new connection afterwards"));
    }

    private static String spinFigures(Map<String, String> r, String kind) {
        String p = "spin." + kind + ".";
        return "; spin " + kind + ": failures=" + r.get(p + "failures") + " cpu=" + r.get(p + "cpuPercent") + "% in "
                + r.get(p + "millis") + " ms";
    }

    private static void assertTooManyOpenFiles(String error, String what) {
        assertTrue(error != null && error.startsWith("java.net.SocketException: ")
                        && error.contains("too many open files"),
                what + " fails with a SocketException saying too many open files, got: " + error);
    }

    /** Fewer than 200 failed accepts in 2 s: each failure backs off (1 ms doubling to 100 ms) before it throws. */
    private static void assertSpinsNot(Map<String, String> r, String kind) {
        String p = "spin." + kind + ".";
        assertEquals("0", r.get(p + "other"), kind + " loop: failures other than EMFILE, first: "
                + r.get(p + "firstOther"));
        assertEquals("0", r.get(p + "accepted"), kind + " loop: nothing can be accepted without fds");
        long failures = Long.parseLong(r.getOrDefault(p + "failures", "-1"));
        assertTrue(failures >= 1 && failures < 200, kind + " loop: " + failures + " failed accepts in "
                + r.get(p + "millis") + " ms (cpu " + r.get(p + "cpuPercent") + "%), want 1 to 199");
    }
}
