package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Table;
import java.util.ArrayList;
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
        Table table = new Table().right(count).left("impl");
        for (int r = 1; r <= rounds; r++) table.right("round " + r);
        for (Summary s : rows) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(s.conns()), s.impl()));
            for (int r = 1; r <= rounds; r++) {
                final int round = r;
                Point p = s.rounds().stream().filter(x -> x.round() == round).findFirst().orElse(null);
                cells.add(p == null ? "-" : !p.ok() ? "failed" : cell.apply(p.result()) + (p.loadBound() ? " *" : ""));
            }
            table.row(cells);
        }
        sb.append('\n').append(caption).append(":\n\n").append(table.markdown());
    }
}
