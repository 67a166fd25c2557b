package dev.spindle.bench.costs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceTest {
    @Test
    void countsEpollReturnsByThreadAndNamesUnlistedSyscalls() {
        Syscalls syscalls = new Syscalls();
        Trace t = new Trace();
        for (String line : new String[] {
                " multiThreadIoEv   812 syscalls:sys_exit_epoll_pwait2: 0x3",
                " multiThreadIoEv   812 syscalls:sys_exit_epoll_pwait2: 0x0",
                "ForkJoinPool-1-  901 syscalls:sys_exit_epoll_wait: 0x1",
                "C2 CompilerThre  77 syscalls:sys_exit_epoll_wait: 0xfffffffffffffffc",
                "ForkJoinPool-1-  902 raw_syscalls:sys_enter: NR 35 (7f00, 0, 0, 0, 0, 0)",
                "'trace' not valid for hardware events. Ignoring.",
        }) {
            t.accept(line, syscalls);
        }
        assertEquals(3, t.waits);
        assertEquals(1, t.zeroWaits);
        assertEquals(4, t.events);
        assertEquals(1, t.failedWaits);
        assertArrayEquals(new long[] {2, 3, 1}, t.byThread.get("multiThreadIoEv"));
        assertArrayEquals(new long[] {1, 1, 0}, t.byThread.get("ForkJoinPool-#-"));
        String nanosleep = syscalls.numbered() ? "nanosleep" : "nr 35"; // 35 on x86_64
        if (System.getProperty("os.arch").equals("amd64")) assertEquals(Map.of(nanosleep, 1L), t.unlisted);
    }

    @Test
    void readsPerfStatCsv() throws IOException {
        Path f = Files.createTempFile("perf-stat", ".csv");
        try {
            Files.writeString(f, """
                    # started on Fri Nov 27 07:40:17 2026

                    420.47,msec,task-clock,420474202,100.00,0.125,CPUs utilized
                    67500,,raw_syscalls:sys_enter,420474202,100.00,160.533,K/sec
                    35437,,syscalls:sys_enter_recvfrom,427130497,100.00,84.279,K/sec
                    <not counted>,,syscalls:sys_enter_futex,0,100.00,,
                    """);
            Map<String, Double> m = Perf.readStat(f);
            assertEquals(Map.of("task-clock", 420.47, "raw_syscalls:sys_enter", 67500.0, "syscalls:sys_enter_recvfrom", 35437.0), m);
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void otherIsTotalMinusListed() {
        ImplCosts c = new ImplCosts("x");
        c.load = new dev.spindle.bench.compare.LoadResult(100, 1, 2, 3, 1000, 0, 1, 50, "");
        c.perf = Map.of("raw_syscalls:sys_enter", 3500.0, "syscalls:sys_enter_read", 2000.0,
                "syscalls:sys_enter_write", 1000.0, "syscalls:sys_enter_epoll_wait", 300.0, "syscalls:sys_enter_epoll_pwait", 100.0,
                "task-clock", 12.0);
        assertEquals(3.5, c.syscallsTotal(), 1e-9);
        assertEquals(0.4, c.epollWaits(), 1e-9);
        assertEquals(0.1, c.other(), 1e-9);
        assertEquals(12.0, c.cpuMicros(), 1e-9); // 12 ms over 1000 requests
    }
}
