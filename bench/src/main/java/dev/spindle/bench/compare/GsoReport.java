package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Table;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GSO measurement: per datagram size and sending method, the median datagrams per second
 * of one sending thread over the rounds (min–max), syscalls and CPU per datagram, and speed-ups:
 * each method against one call per datagram, and GSO against sendmmsg.
 */
final class GsoReport {
    /** One measurement, from a {@code RESULT round=.. size=.. segments=.. method=..} line. */
    record Run(int round, int size, int segments, String method, long datagrams, long calls, double seconds, double cpuS,
               String unsupported) {
        static Run parse(Map<String, String> r) {
            int round = Integer.parseInt(r.get("round"));
            int size = Integer.parseInt(r.get("size"));
            int segments = Integer.parseInt(r.get("segments"));
            String why = r.get("unsupported");
            if (why != null) return new Run(round, size, segments, r.get("method"), 0, 0, 0, 0, why.replace('_', ' '));
            return new Run(round, size, segments, r.get("method"), Long.parseLong(r.get("datagrams")), Long.parseLong(r.get("calls")),
                    Double.parseDouble(r.get("seconds")), Double.parseDouble(r.get("cpu_s")), null);
        }

        double rate() {
            return unsupported != null || seconds <= 0 ? Double.NaN : datagrams / seconds;
        }
    }

    static final String SINGLE = "single";
    /** The order of the rows within a size: Spindle's three methods, then the JDK's. */
    static final List<String> METHODS = List.of(SINGLE, "sendmmsg", "gso", "jdk-single");

    private final List<Run> runs;
    private final String context;

    GsoReport(List<Run> runs, String context) {
        this.runs = List.copyOf(runs);
        this.context = context;
    }

    private static int order(String method) {
        int i = METHODS.indexOf(method);
        return i < 0 ? METHODS.size() : i;
    }

    private List<Run> of(int size, String method) {
        return runs.stream().filter(r -> r.size() == size && r.method().equals(method)).toList();
    }

    /** Median datagrams/s of a method at a size over its rounds. */
    double rate(int size, String method) {
        return Stats.median(of(size, method).stream().map(Run::rate).toList());
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("\n### UDP GSO — one thread sending to one peer on loopback\n\n").append(context).append("\n\n");
        Table table = new Table().right("size", "segments per call").left("method").right("datagrams/s", "min–max", "syscalls per datagram",
                "CPU ns per datagram", "vs single", "rounds");
        List<Integer> sizes = runs.stream().map(Run::size).distinct().toList();
        StringBuilder ratios = new StringBuilder();
        for (int size : sizes) {
            List<String> methods = runs.stream().filter(r -> r.size() == size).map(Run::method).distinct()
                    .sorted(Comparator.comparingInt(GsoReport::order)).toList();
            for (String method : methods) {
                List<Run> rs = of(size, method);
                List<Run> ok = rs.stream().filter(r -> r.unsupported() == null).toList();
                String sizeCell = Integer.toString(size), segmentsCell = Integer.toString(rs.get(0).segments());
                if (ok.isEmpty()) {
                    table.row(sizeCell, segmentsCell, method, "unsupported: " + rs.get(0).unsupported(), "", "", "", "", Integer.toString(rs.size()));
                    continue;
                }
                List<Double> rates = ok.stream().map(Run::rate).toList();
                double calls = ok.stream().mapToLong(Run::calls).sum() / (double) ok.stream().mapToLong(Run::datagrams).sum();
                double cpuNs = 1e9 * ok.stream().mapToDouble(Run::cpuS).sum() / ok.stream().mapToLong(Run::datagrams).sum();
                table.row(sizeCell, segmentsCell, method, Format.rps(Stats.median(rates)), Format.rpsRange(Stats.min(rates), Stats.max(rates)),
                        String.format(Locale.ROOT, "%.3f", calls), String.format(Locale.ROOT, "%.0f", cpuNs),
                        Format.ratio(rate(size, method) / rate(size, SINGLE)),
                        ok.size() + (rs.size() > ok.size() ? " of " + rs.size() : ""));
            }
            if (methods.contains("gso") && methods.contains("sendmmsg")) {
                ratios.append(String.format(Locale.ROOT, "- %d bytes: gso / sendmmsg = %s, gso / single = %s, sendmmsg / single = %s\n",
                        size, Format.ratio(rate(size, "gso") / rate(size, "sendmmsg")), Format.ratio(rate(size, "gso") / rate(size, SINGLE)),
                        Format.ratio(rate(size, "sendmmsg") / rate(size, SINGLE))));
            }
        }
        sb.append(table.markdown());
        if (!ratios.isEmpty()) sb.append("\nSpeed-ups (ratios of the medians):\n\n").append(ratios);
        sb.append("\ndatagrams/s: sent by one thread in the measured seconds, median over the rounds. syscalls: calls made per"
                + " datagram (single and jdk-single: one each; sendmmsg and gso: one per burst of the segments). CPU: the sending"
                + " thread's user+system time, which on loopback includes the receive path the kernel runs in the sender's"
                + " context (softirq); vs single: ratio of the medians against Spindle's one send per datagram.\n");
        return sb.toString();
    }

    String csv() {
        Table table = new Table().left("round", "size", "segments", "method", "datagrams", "calls", "seconds", "cpu_s", "datagrams_per_s",
                "unsupported");
        for (Run r : runs) {
            table.row(Integer.toString(r.round()), Integer.toString(r.size()), Integer.toString(r.segments()), r.method(),
                    Long.toString(r.datagrams()), Long.toString(r.calls()), Report.n(r.seconds()), Report.n(r.cpuS()), Report.n(r.rate()),
                    r.unsupported() == null ? "" : r.unsupported());
        }
        return table.csv();
    }
}
