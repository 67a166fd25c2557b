package dev.spindle.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A table of the reports, written as Markdown or as CSV. Columns are declared in order with their
 * header and alignment (the alignment only matters to Markdown); rows are cells already formatted
 * as text, one per column.
 */
public final class Table {
    private enum Align { LEFT, RIGHT }

    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** Adds left-aligned columns (text). */
    public Table left(String... headers) {
        return columns(Align.LEFT, headers);
    }

    /** Adds right-aligned columns (figures). */
    public Table right(String... headers) {
        return columns(Align.RIGHT, headers);
    }

    private Table columns(Align align, String... headers) {
        if (!rows.isEmpty()) throw new IllegalStateException("columns come before rows");
        for (String h : headers) {
            this.headers.add(h);
            aligns.add(align);
        }
        return this;
    }

    public Table row(String... cells) {
        return row(Arrays.asList(cells));
    }

    /** One cell per column; an empty string is an empty cell. */
    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns: " + cells);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** A point that failed: its first cells (what it was, and that it failed), the rest empty. */
    public Table failedRow(String... leading) {
        List<String> cells = new ArrayList<>(Arrays.asList(leading));
        cells.addAll(Collections.nCopies(headers.size() - leading.length, ""));
        return row(cells);
    }

    /** The header line, the alignment line ({@code |---|---:|}) and a line per row, each ending in a newline. */
    public String markdown() {
        StringBuilder sb = new StringBuilder(markdownLine(headers));
        sb.append('|');
        for (Align a : aligns) sb.append(a == Align.RIGHT ? "---:|" : "---|");
        sb.append('\n');
        for (List<String> row : rows) sb.append(markdownLine(row));
        return sb.toString();
    }

    /** One row as Markdown, e.g. for a console that shows the rows as they are measured. */
    public static String markdownLine(List<String> cells) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : cells) {
            // an empty cell is "| |", as the reports have always written a failed point's blanks
            sb.append(c.isEmpty() ? " |" : " " + c.replace("|", "\\|") + " |");
        }
        return sb.append('\n').toString();
    }

    /** The header line and a line per row, RFC 4180 quoting where a cell needs it. */
    public String csv() {
        StringBuilder sb = new StringBuilder(csvLine(headers));
        for (List<String> row : rows) sb.append(csvLine(row));
        return sb.toString();
    }

    private static String csvLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(csvQuote(cells.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** A cell as RFC 4180 has it: quoted, with its quotes doubled, when it holds a comma, a quote or a line break. */
    static String csvQuote(String s) {
        boolean plain = s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
        return plain ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The cells of one line that {@link #csv()} wrote (a quoted cell may not span lines here). */
    public static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    /** Text of several lines as one cell line: lines stripped, blank ones dropped, the rest joined with " / ". */
    public static String oneLine(String s) {
        return String.join(" / ", s.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
}
