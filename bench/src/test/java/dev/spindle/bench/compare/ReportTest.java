package dev.spindle.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static final String GEN = "gen, with a comma";

    private static Point point(int round, String impl, int conns, double rps, double p99) {
        LoadResult r = new LoadResult(rps, p99 / 2, p99, p99 * 2, (long) rps, 0, 1, 50, "");
        return new Point(round, "echo", conns, impl, GEN, r, 90, 95, 60, false, null);
    }

    /** netty-epoll and spindle-virtual at 16 and 256 connections, 3 rounds; spindle's round 2 at 256 failed. */
    private static List<Point> points() {
        List<Point> ps = new ArrayList<>();
        double[] nettyRps = {100, 120, 110};
        double[] spindleRps = {150, 90, 130};
        for (int round = 1; round <= 3; round++) {
            for (int conns : new int[] {16, 256}) {
                ps.add(point(round, "netty-epoll", conns, nettyRps[round - 1] * conns, 1000 + 100 * round));
                if (conns == 256 && round == 2) {
                    ps.add(new Point(round, "echo", conns, "spindle-virtual", GEN, null, Double.NaN, Double.NaN, Double.NaN, false,
                            "server exited:\nline one\nline two"));
                } else {
                    ps.add(point(round, "spindle-virtual", conns, spindleRps[round - 1] * conns, 500 * round));
                }
            }
        }
        return ps;
    }

    @Test
    void mediansMinMaxAndRatiosOfMedians() {
        Report report = new Report(points(), Map.of(), 3);
        Summary netty = find(report, "netty-epoll", 16);
        Summary spindle = find(report, "spindle-virtual", 16);
        assertEquals(1760, netty.rps(), 1e-9);
        assertEquals(1600, netty.rpsMin(), 1e-9);
        assertEquals(1920, netty.rpsMax(), 1e-9);
        assertEquals(1200, netty.p99us(), 1e-9);
        assertEquals(1100, netty.p99MinUs(), 1e-9);
        assertEquals(1300, netty.p99MaxUs(), 1e-9);
        assertEquals(130.0 / 110, report.rpsRatio(spindle), 1e-9);
        assertEquals(1000.0 / 1200, report.p99Ratio(spindle), 1e-9);

        Summary failedOnce = find(report, "spindle-virtual", 256);
        assertEquals(2, failedOnce.ok().size());
        assertEquals(3, failedOnce.rounds().size());
        assertEquals(140 * 256, failedOnce.rps(), 1e-9); // median of 150 and 130
        assertTrue(report.markdown().contains("spindle-virtual (2 of 3 rounds)"));
        assertTrue(report.markdown().contains("\n| conns | impl | round 1 | round 2 | round 3 |\n|---:|---|---:|---:|---:|\n"));
        assertTrue(report.markdown().contains("\n| 256 | spindle-virtual | 38,400; 500 µs | failed | 33,280; 1.50 ms |\n"), report.markdown());
    }

    @Test
    void csvKeepsEveryRoundAndMedianReadsThem(@TempDir Path dir) throws Exception {
        Report report = new Report(points(), Map.of(), 3);
        String csv = report.csv();
        List<String> lines = csv.lines().toList();
        assertEquals(1 + 12 + 4, lines.size(), csv); // header, 12 rounds' rows, 4 median rows
        assertTrue(lines.stream().filter(l -> l.contains(",median,")).count() == 4);
        Path file = dir.resolve("compare.csv");
        Files.writeString(file, csv);
        List<MedianCommand.Row> rows = MedianCommand.read(file);
        assertEquals(12, rows.size()); // the "median" rows are skipped
        assertEquals(11, rows.stream().filter(MedianCommand.Row::ok).count());
    }

    @Test
    void chartDraws(@TempDir Path dir) throws Exception {
        Report report = new Report(points(), Map.of(), 3);
        Path png = dir.resolve("compare.png");
        Chart.write(report.summaries(), png);
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void ranges() {
        assertEquals("1,000–2,000", Format.rpsRange(1000, 2000));
        assertEquals("0.90–1.20 ms", Format.latencyRange(900, 1200));
        assertEquals("80–950 µs", Format.latencyRange(80, 950));
        assertEquals("-", Format.rpsRange(Double.NaN, Double.NaN));
    }

    private static Summary find(Report r, String impl, int conns) {
        return r.summaries().stream().filter(s -> s.impl().equals(impl) && s.conns() == conns).findFirst().orElseThrow();
    }
}
