package dev.spindle.bench.costs;

import dev.spindle.bench.harness.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostsCommandTest {
    @Test
    void flagsMayStandAloneAndNumbersMayHaveUnderscores() {
        CostsCommand costs = new CostsCommand();
        CommandLine cl = Cli.commandLine(costs);
        cl.parseArgs("--profile", "--conns", "1_000");
        assertTrue(costs.profile);
        assertEquals(1000, costs.conns);
        assertTrue(costs.trace);
        cl.parseArgs("--trace", "false", "--profile");
        assertFalse(costs.trace);
        assertTrue(costs.profile);
        cl.parseArgs("--conns", "8", "--profile=false");
        assertFalse(costs.profile);
        assertEquals(8, costs.conns);
    }
}
