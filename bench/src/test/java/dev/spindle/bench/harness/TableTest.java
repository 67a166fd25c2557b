package dev.spindle.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableTest {
    private static Table table() {
        return new Table().right("conns").left("impl").right("req/s", "p99")
                .row("16", "netty-epoll", "1,000", "1.2 ms")
                .row("16", "a|b", "", "3 µs")
                .failedRow("256", "spindle-virtual", "failed");
    }

    @Test
    void markdownHasTheAlignmentLineEscapedPipesAndEmptyTrailingCells() {
        assertEquals("""
                | conns | impl | req/s | p99 |
                |---:|---|---:|---:|
                | 16 | netty-epoll | 1,000 | 1.2 ms |
                | 16 | a\\|b | | 3 µs |
                | 256 | spindle-virtual | failed | |
                """, table().markdown());
    }

    @Test
    void csvQuotesOnlyCellsWithACommaAQuoteOrALineBreak() {
        Table t = table().row("1", "say \"hi\"", "two\nlines", "plain");
        assertEquals("""
                conns,impl,req/s,p99
                16,netty-epoll,"1,000",1.2 ms
                16,a|b,,3 µs
                256,spindle-virtual,failed,
                1,"say ""hi\"\"","two
                lines",plain
                """, t.csv());
    }

    @Test
    void csvFieldsReadBackWhatCsvWrote() {
        String line = new Table().left("a", "b", "c", "d").row("x,y", "say \"hi\"", "", "z").csv().lines().toList().get(1);
        assertEquals(List.of("x,y", "say \"hi\"", "", "z"), Table.csvFields(line));
    }

    @Test
    void oneLineJoinsTheNonBlankLines() {
        assertEquals("server exited: / boom / twice", Table.oneLine("\n server exited:\n\n boom \ntwice\n"));
    }

    @Test
    void aRowMustFillTheColumns() {
        assertThrows(IllegalArgumentException.class, () -> new Table().left("a", "b").row("only one"));
        assertThrows(IllegalArgumentException.class, () -> new Table().left("a").failedRow("x", "failed"));
    }
}
