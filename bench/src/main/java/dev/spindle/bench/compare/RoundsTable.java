package dev.spindle.bench.compare;

import java.util.List;
import java.util.function.Function;

/** The Markdown table of every round, as the TCP and UDP comparison reports both show it: a row per point, a column per round. */
final class RoundsTable {
    private RoundsTable() {}

    /**
     * Appends the table under {@code caption}; {@code count} heads the first column (the summaries'
     * conns, e.g. "flows"), {@code cell} writes a round that went well ("-" where there was none).
     */
    static void append(StringBuilder sb, String caption, String count, List<Summary> rows, int rounds, Function<LoadResult, String> cell) {
        sb.append('\n').append(caption).append(":\n\n| ").append(count).append(" | impl |");
        for (int r = 1; r <= rounds; r++) sb.append(" round ").append(r).append(" |");
        sb.append("\n|---:|---|").append("---:|".repeat(rounds)).append('\n');
        for (Summary s : rows) {
            sb.append("| ").append(s.conns()).append(" | ").append(s.impl()).append(" |");
            for (int r = 1; r <= rounds; r++) {
                final int round = r;
                Point p = s.rounds().stream().filter(x -> x.round() == round).findFirst().orElse(null);
                sb.append(' ').append(p == null ? "-" : !p.ok() ? "failed" : cell.apply(p.result()) + (p.loadBound() ? " *" : "")).append(" |");
            }
            sb.append('\n');
        }
    }
}
