package dev.spindle.bench.thesis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory readings for the blocked-tasks experiment. */
final class Memory {
    private Memory() {}

    /** VmRSS from /proc/self/status, in KiB. */
    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    /** Live Java heap after a full GC, in KiB. */
    static long liveHeapKiB() throws InterruptedException {
        System.gc();
        Thread.sleep(20);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    /** Least-squares line through (x, y): {slope, intercept, r²}. */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new double[] {slope, my - slope * mx, r2};
    }
}
