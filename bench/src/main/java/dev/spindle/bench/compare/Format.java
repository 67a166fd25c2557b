package dev.spindle.bench.compare;

import java.util.Locale;

/** Number formatting shared by the console, Markdown, CSV and JSON outputs. */
public final class Format {
    private Format() {}

    public static String rps(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** A latency in the most readable unit. */
    public static String latency(double us) {
        if (Double.isNaN(us)) return "-";
        if (us < 1000) return String.format(Locale.ROOT, "%.0f µs", us);
        if (us < 1_000_000) return String.format(Locale.ROOT, "%.2f ms", us / 1e3);
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** "min–max" of req/s; "-" when unknown. */
    static String rpsRange(double min, double max) {
        return Double.isNaN(min) ? "-" : rps(min) + "–" + rps(max);
    }

    /** "min–max" of a latency, in the unit of the max. */
    static String latencyRange(double minUs, double maxUs) {
        if (Double.isNaN(minUs)) return "-";
        String hi = latency(maxUs);
        String unit = hi.substring(hi.indexOf(' '));
        double scale = unit.equals(" µs") ? 1 : unit.equals(" ms") ? 1e3 : 1e6;
        String lo = unit.equals(" µs") ? String.format(Locale.ROOT, "%.0f", minUs) : String.format(Locale.ROOT, "%.2f", minUs / scale);
        return lo + "–" + hi;
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Plain number for CSV/JSON: no grouping, NaN as empty/null handled by callers. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
