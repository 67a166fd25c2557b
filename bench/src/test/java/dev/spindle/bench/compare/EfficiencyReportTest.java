package dev.spindle.bench.compare;

import dev.spindle.bench.harness.ProcStat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EfficiencyReportTest {
    private static final String LABEL = PacedRuns.label("0.5", 20_000);

    /** 20,000 round trips per second over a 2 s window, costing cpuUs each, with 0.5 voluntary switches each, and round% steal. */
    private static PacedPoint point(int round, String impl, double cpuUs, double rps) {
        LoadResult r = new LoadResult(rps, 30, 300, 900, (long) (rps * 2), 0, 2, 40, "");
        double requests = rps * 2;
        return new PacedPoint(round, "echo", 256, 20_000, LABEL, impl, r, cpuUs * requests / 1e6, 2, (long) (requests / 2), 0, round, null);
    }

    private static List<PacedPoint> points() {
        List<PacedPoint> ps = new ArrayList<>();
        double[] netty = {14, 16, 15};
        double[] spindle = {30, 20, 25};
        for (int round = 1; round <= 3; round++) {
            ps.add(point(round, "netty-epoll", netty[round - 1], 20_000));
            ps.add(point(round, "spindle-virtual", spindle[round - 1], round == 3 ? 15_000 : 20_000));
        }
        ps.add(new PacedPoint(1, "echo", 256, 20_000, LABEL, "jdk-virtual", null, Double.NaN, Double.NaN, 0, 0, Double.NaN, "server exited:\nmore"));
        return ps;
    }

    @Test
    void cpuPerRequestIsTheMedianOverRoundsWithItsRangeAndRatio() {
        EfficiencyReport report = new EfficiencyReport(points(), "netty-epoll", 3);
        List<EfficiencyReport.Row> rows = report.rows();
        assertEquals(3, rows.size());
        EfficiencyReport.Row spindle = rows.get(1);
        assertEquals("spindle-virtual", spindle.impl());
        assertEquals(25, spindle.cpuUs(), 1e-9);
        assertEquals(20, spindle.min(PacedPoint::cpuUsPerRequest), 1e-9);
        assertEquals(30, spindle.max(PacedPoint::cpuUsPerRequest), 1e-9);
        assertEquals(0.5, spindle.median(PacedPoint::voluntaryPerRequest), 1e-3);
        assertEquals(15, report.referenceCpuUs(spindle), 1e-9);

        String md = report.markdown();
        assertTrue(md.contains("| 50% (20,000/s) | spindle-virtual | 20,000 | 25.0 (20.0–30.0) | 1.67 |"), md);
        assertTrue(md.contains("| 0.50 + 0.00 | 2.0% (3.0%) | 1 of 3 rounds fell behind the rate |"), md);
        assertTrue(md.contains("| jdk-virtual | failed: server exited:"), md);
    }

    @Test
    void csvHasOneLinePerRoundAndPoint() {
        String[] lines = new EfficiencyReport(points(), "netty-epoll", 3).csv().split("\n");
        assertEquals(1 + 7, lines.length);
        assertEquals(lines[0].split(",").length, lines[1].split(",", -1).length, lines[1]);
        assertTrue(lines[7].startsWith("1,echo,256,20000.00,jdk-virtual,"), lines[7]);
    }

    @Test
    void separateRunsReadBackFromTheirCsvAreRoundsOfOneTable() {
        List<String> csv = List.of(new EfficiencyReport(points(), "netty-epoll", 3).csv().split("\n"));
        List<PacedPoint> first = EfficiencyMedian.parse(csv, 1);
        List<PacedPoint> second = EfficiencyMedian.parse(csv, 4);
        assertEquals(7, first.size());
        assertEquals(4, second.get(0).round());
        assertEquals("20,000/s", first.get(0).rateLabel());
        List<PacedPoint> all = new ArrayList<>(first);
        all.addAll(second);
        EfficiencyReport.Row spindle = new EfficiencyReport(all, "netty-epoll", 6).rows().get(1);
        assertEquals(6, spindle.ok().size());
        assertEquals(25, spindle.cpuUs(), 0.01);
        assertEquals(0.5, spindle.median(PacedPoint::voluntaryPerRequest), 1e-3);
        assertEquals(300, spindle.median(p -> p.result().p99us()), 1e-9);
        assertEquals(2, spindle.median(PacedPoint::stealPct), 1e-9);
        assertTrue(new EfficiencyReport(all, "netty-epoll", 6).rows().get(2).ok().isEmpty(), "the failed point stays failed");
    }

    @Test
    void runsFromBeforeStealWasRecordedReadBackWithoutIt() {
        List<String> csv = new ArrayList<>(List.of(new EfficiencyReport(points(), "netty-epoll", 3).csv().split("\n")));
        int col = List.of(csv.get(0).split(",")).indexOf("steal_pct");
        assertTrue(col > 0, csv.get(0));
        csv.replaceAll(line -> {
            List<String> f = new ArrayList<>(List.of(line.split(",", -1)));
            f.remove(col);
            return String.join(",", f);
        });
        List<PacedPoint> old = EfficiencyMedian.parse(csv, 1);
        assertTrue(Double.isNaN(old.get(0).stealPct()));
        assertEquals(25, new EfficiencyReport(old, "netty-epoll", 3).rows().get(1).cpuUs(), 0.01);
        assertTrue(new EfficiencyReport(old, "netty-epoll", 3).markdown().contains("| 0.50 + 0.00 | - |"));
    }

    @Test
    void stealIsTheShareOfAllCpusTimeTheHypervisorTook() {
        long[][] a = {{10, 20}, {100, 200}, {1, 2}}; // {busy[], total[], steal[]} per CPU
        long[][] b = {{60, 70}, {200, 300}, {11, 2}};
        assertEquals(5.0, ProcStat.stealPct(a, b), 1e-9); // 10 of 200 ticks
        assertTrue(Double.isNaN(ProcStat.stealPct(null, b)));
        long[][] now = ProcStat.cpuTicks();
        assertTrue(now != null && now.length == 3 && now[2].length == now[1].length, "/proc/stat has steal per CPU");
    }

    @Test
    void onlyAWindowTheHostStoleMoreThanTheLimitFromIsMeasuredAgain() {
        PacedPoint twoPercent = point(2, "netty-epoll", 15, 20_000); // point() gives round% steal
        assertTrue(PacedRuns.stolen(twoPercent, 1.5));
        assertFalse(PacedRuns.stolen(twoPercent, 2.5));
        assertFalse(PacedRuns.stolen(twoPercent, 0), "0 turns it off");
        assertFalse(PacedRuns.stolen(points().get(6), 1.5), "a failed window is not measured again");
        LoadResult r = twoPercent.result();
        PacedPoint unknown = new PacedPoint(1, "echo", 256, 20_000, LABEL, "netty-epoll", r, 0.6, 2, 1, 0, Double.NaN, null);
        assertFalse(PacedRuns.stolen(unknown, 1.5), "unknown steal is not steal");
    }

    @Test
    void ratesAreFractionsOfSaturationOrAbsolute() {
        assertEquals(20_000, PacedRuns.resolve("0.25", 80_000), 1e-9);
        assertEquals(40_000, PacedRuns.resolve("40000", 80_000), 1e-9);
        assertEquals("25% (20,000/s)", PacedRuns.label("0.25", 20_000));
        assertEquals("40,000/s", PacedRuns.label("40000", 40_000));
        assertTrue(PacedRuns.needsSaturation(List.of("40000", "0.5")));
        assertFalse(PacedRuns.needsSaturation(List.of("40000")));
        assertThrows(IllegalArgumentException.class, () -> PacedRuns.checkRates(List.of("fast")));
        assertThrows(IllegalArgumentException.class, () -> PacedRuns.checkRates(List.of("-1")));
    }

    @Test
    void switchesAreSummedOverThreads() {
        long[] sum = new long[2];
        ProcStat.addSwitches(List.of("Name:\tjava", "voluntary_ctxt_switches:\t12", "nonvoluntary_ctxt_switches:\t3"), sum);
        ProcStat.addSwitches(List.of("voluntary_ctxt_switches:\t8", "nonvoluntary_ctxt_switches:\t1"), sum);
        assertEquals(20, sum[0]);
        assertEquals(4, sum[1]);
        long[] self = ProcStat.threadSwitches(ProcessHandle.current().pid());
        assertTrue(self != null && self[0] > 0, "this JVM's threads have switched");
    }
}
