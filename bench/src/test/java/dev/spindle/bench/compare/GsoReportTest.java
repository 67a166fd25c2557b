package dev.spindle.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GsoReportTest {
    private static GsoReport.Run run(int round, String method, long datagrams, long calls) {
        return GsoReport.Run.parse(NativeLoad.resultLine("RESULT round=" + round + " size=64 segments=32 method=" + method
                + " datagrams=" + datagrams + " calls=" + calls + " seconds=2.000 cpu_s=1.000"));
    }

    @Test
    void parsesMeasuredAndUnsupportedLines() {
        GsoReport.Run r = run(1, "gso", 3200, 100);
        assertEquals(1600, r.rate(), 1e-9);
        assertNull(r.unsupported());
        GsoReport.Run u = GsoReport.Run.parse(NativeLoad.resultLine("RESULT round=2 size=1200 segments=32 method=gso unsupported=no_UDP_SEGMENT"));
        assertEquals("no UDP SEGMENT", u.unsupported());
        assertTrue(Double.isNaN(u.rate()));
    }

    @Test
    void mediansSyscallsAndSpeedups() {
        List<GsoReport.Run> runs = new ArrayList<>();
        long[] single = {1000, 1200, 1100};
        long[] mmsg = {2000, 2600, 2200};
        long[] gso = {6000, 6400, 6600};
        for (int round = 1; round <= 3; round++) {
            runs.add(run(round, "single", single[round - 1], single[round - 1]));
            runs.add(run(round, "sendmmsg", mmsg[round - 1], mmsg[round - 1] / 32));
            runs.add(run(round, "gso", gso[round - 1], gso[round - 1] / 32));
        }
        GsoReport report = new GsoReport(runs, "ctx");
        assertEquals(550, report.rate(64, "single"), 1e-9);
        assertEquals(3200, report.rate(64, "gso"), 1e-9);
        String md = report.markdown();
        assertTrue(md.contains("| 64 | 32 | sendmmsg | 1,100 | 1,000–1,300 |"), md);
        assertTrue(md.contains("- 64 bytes: gso / sendmmsg = 2.91, gso / single = 5.82, sendmmsg / single = 2.00"), md);
        assertTrue(md.indexOf("| single |") < md.indexOf("| sendmmsg |") && md.indexOf("| sendmmsg |") < md.indexOf("| gso |"), md);
        assertEquals(1 + 9, report.csv().lines().count());
    }
}
