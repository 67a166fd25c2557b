package dev.spindle.bench.thesis;

import dev.spindle.bench.harness.Cli;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThesisOptionsTest {
    @Test
    void thesisPassesItsOptionsOnToEachChild() {
        ThesisCommand parent = new ThesisCommand();
        Cli.commandLine(parent).parseArgs("--tasks", "100", "--ring-seconds", "0.3", "--jdk-transport", "tcp", "--mem-max", "2_000");
        List<String> childArgs = new ArrayList<>(parent.o.args());
        childArgs.addAll(List.of("--variant", "event-loop"));
        ThesisVariantRun child = new ThesisVariantRun();
        Cli.commandLine(child).parseArgs(childArgs.toArray(String[]::new));
        assertEquals("event-loop", child.name);
        assertEquals(100, child.o.tasks);
        assertEquals(0.3, child.o.ringSeconds);
        assertEquals("tcp", child.o.jdkTransport);
        assertEquals(2000, child.o.memMax);
        assertEquals(500, child.o.laps); // a default stays the default
        assertEquals(ThesisVariantRun.RING_SPREAD_PCT, child.o.ringSpread);
        assertEquals(parent.o.args(), child.o.args());
    }
}
