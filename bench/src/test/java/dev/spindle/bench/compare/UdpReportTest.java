package dev.spindle.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpReportTest {
    private static Point point(int round, String impl, int flows, double pps, double loss) {
        LoadResult r = new LoadResult(pps, 10, 20, 30, (long) pps, 0, 1, 50, "", 0, 0, pps / flows, loss);
        return new Point(round, UdpCompare.MODE, flows, impl, "gen", r, 90, 95, 60, false, null);
    }

    /** netty-epoll, netty-epoll-mmsg and jdk-platform at 1 and 16 flows, 3 rounds; jdk-platform's round 3 at 16 failed. */
    private static List<Point> points() {
        List<Point> ps = new ArrayList<>();
        double[] epoll = {100, 120, 110};
        double[] mmsg = {150, 170, 160};
        double[] lossMmsg = {0, 1, 4};
        for (int round = 1; round <= 3; round++) {
            for (int flows : new int[] {1, 16}) {
                ps.add(point(round, "netty-epoll", flows, epoll[round - 1] * flows, 0));
                ps.add(point(round, "netty-epoll-mmsg", flows, mmsg[round - 1] * flows, lossMmsg[round - 1]));
                if (flows == 16 && round == 3) {
                    ps.add(new Point(round, UdpCompare.MODE, flows, "jdk-platform", "gen", null, Double.NaN, Double.NaN, Double.NaN,
                            false, "server exited:\nboom, twice"));
                } else {
                    ps.add(point(round, "jdk-platform", flows, 50 * flows * round, 0));
                }
            }
        }
        return ps;
    }

    @Test
    void mediansLossAndSpeedups() {
        UdpReport report = new UdpReport(points(), Map.of("seconds", "1"), 3);
        assertEquals(160.0 / 110, report.speedup(1, "netty-epoll-mmsg", "netty-epoll"), 1e-9);
        assertEquals(16 * 75.0 / (16 * 110), report.speedup(16, "jdk-platform", "netty-epoll"), 1e-9); // median of 50 and 100
        assertTrue(Double.isNaN(report.speedup(1, "spindle-batch", "spindle")));
        Summary mmsg = report.summaries().stream().filter(s -> s.impl().equals("netty-epoll-mmsg") && s.conns() == 16).findFirst().orElseThrow();
        assertEquals(1.0, mmsg.lossPct(), 1e-9);

        String md = report.markdown();
        assertTrue(md.contains("| 1 | netty-epoll-mmsg | 160 | 150–170 | 1.45 | 1.00% |"), md);
        assertTrue(md.contains("| netty-epoll-mmsg / netty-epoll |"), md);
        assertTrue(!md.contains("spindle-batch / spindle"), "no column for impls that did not run:\n" + md);
        assertTrue(md.contains("jdk-platform (2 of 3 rounds)"), md);
        assertTrue(md.contains("\n| flows | impl | round 1 | round 2 | round 3 |\n"), md);
        assertTrue(md.contains("\n| 1 | netty-epoll-mmsg | 150; 0.00% | 170; 1.00% | 160; 4.00% |\n"), md);
        assertTrue(md.contains("\n| 16 | jdk-platform | 800; 0.00% | 1,600; 0.00% | failed |\n"), md);
        assertTrue(md.contains("failed: 16 flows jdk-platform round 3: server exited:"), md);
        // rows sorted by flows, then in UdpImpl's order
        assertTrue(md.indexOf("| 1 | netty-epoll |") < md.indexOf("| 1 | jdk-platform |"), md);
        assertTrue(md.indexOf("| 1 | jdk-platform |") < md.indexOf("| 16 | netty-epoll |"), md);
    }

    @Test
    void csvHasOneRowPerRoundAndOneMedianRowPerPoint() {
        String csv = new UdpReport(points(), Map.of(), 3).csv();
        List<String> lines = csv.lines().toList();
        int columns = lines.get(0).split(",", -1).length;
        assertEquals(1 + 18 + 6, lines.size());
        for (String l : lines) {
            if (!l.contains("\"")) assertEquals(columns, l.split(",", -1).length, l);
        }
        assertTrue(csv.contains("16,jdk-platform,3,"), csv);
        assertTrue(csv.contains("\"server exited: / boom, twice\""), csv);
        assertTrue(csv.contains("1,netty-epoll-mmsg,median,160.00,150.00,170.00,1.45,1.00,"), csv);
    }
}
