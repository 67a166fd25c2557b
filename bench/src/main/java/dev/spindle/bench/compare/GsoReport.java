package dev.spindle.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private final List<Run> runs;
    private final String context;

    GsoReport(List<Run> runs, String context) {
        this.runs = List.copyOf(runs);
        this.context = context;
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
        sb.append("| size | segments per call | method | datagrams/s | min–max | syscalls per datagram | CPU ns per datagram | vs single | rounds |\n");
        sb.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        Map<Integer, List<String>> methods = new LinkedHashMap<>();
        for (Run r : runs) {
            List<String> m = methods.computeIfAbsent(r.size(), k -> new ArrayList<>());
            if (!m.contains(r.method())) m.add(r.method());
        }
        for (Map.Entry<Integer, List<String>> e : methods.entrySet()) {
            int size = e.getKey();
            for (String method : e.getValue()) {
                List<Run> rs = of(size, method);
                List<Run> ok = rs.stream().filter(r -> r.unsupported() == null).toList();
                String head = "| " + size + " | " + rs.get(0).segments() + " | " + method + " | ";
                if (ok.isEmpty()) {
                    sb.append(head).append("unsupported: ").append(rs.get(0).unsupported()).append(" | | | | | ").append(rs.size()).append(" |\n");
                    continue;
                }
                List<Double> rates = ok.stream().map(Run::rate).toList();
                double calls = ok.stream().mapToLong(Run::calls).sum() / (double) ok.stream().mapToLong(Run::datagrams).sum();
                double cpuNs = 1e9 * ok.stream().mapToDouble(Run::cpuS).sum() / ok.stream().mapToLong(Run::datagrams).sum();
                sb.append(head).append(Format.rps(Stats.median(rates))).append(" | ").append(Format.rpsRange(Stats.min(rates), Stats.max(rates)))
                        .append(" | ").append(String.format(Locale.ROOT, "%.3f", calls))
                        .append(" | ").append(String.format(Locale.ROOT, "%.0f", cpuNs))
                        .append(" | ").append(Format.ratio(rate(size, method) / rate(size, SINGLE)))
                        .append(" | ").append(ok.size()).append(rs.size() > ok.size() ? " of " + rs.size() : "").append(" |\n");
            }
            if (e.getValue().contains("gso") && e.getValue().contains("sendmmsg")) {
                sb.append(String.format(Locale.ROOT, "\n%d bytes: gso / sendmmsg = %s, gso / single = %s, sendmmsg / single = %s\n\n",
                        size, Format.ratio(rate(size, "gso") / rate(size, "sendmmsg")), Format.ratio(rate(size, "gso") / rate(size, SINGLE)),
                        Format.ratio(rate(size, "sendmmsg") / rate(size, SINGLE))));
            }
        }
        sb.append("\ndatagrams/s: sent by one thread in the measured seconds, median over the rounds. syscalls: calls made per"
                + " datagram (single and jdk-single: one each; sendmmsg and gso: one per burst of the segments). CPU: the sending"
                + " thread's user+system time, which on loopback includes the receive path the kernel runs in the sender's"
                + " context (softirq); vs single: ratio of the medians against Spindle's one send per datagram.\n");
        return sb.toString();
    }

    String csv() {
        StringBuilder sb = new StringBuilder("round,size,segments,method,datagrams,calls,seconds,cpu_s,datagrams_per_s,unsupported\n");
        for (Run r : runs) {
            sb.append(r.round()).append(',').append(r.size()).append(',').append(r.segments()).append(',').append(r.method()).append(',')
                    .append(r.datagrams()).append(',').append(r.calls()).append(',').append(Report.n(r.seconds())).append(',')
                    .append(Report.n(r.cpuS())).append(',').append(Report.n(r.rate())).append(',')
                    .append(r.unsupported() == null ? "" : Report.csvQuote(r.unsupported())).append('\n');
        }
        return sb.toString();
    }
}
