package dev.spindle.bench;

import dev.spindle.bench.harness.Cli;
import dev.spindle.bench.harness.MeasureOptions;
import dev.spindle.bench.harness.RoundOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: --help everywhere, and a bad one is one line, the usage and exit status 2, without a stack trace. */
class MainTest {
    /** What one command line printed and returned. */
    private record Outcome(int status, String out, String err) {
        String firstErrorLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private static Outcome run(String... argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(argv, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    /** Every command, as the words that start its command line ("compare --mode udp" is three). */
    private static List<String[]> commands() {
        List<String[]> out = new ArrayList<>();
        for (String name : Cli.commandLine(new Main()).getSubcommands().keySet()) out.add(name.split(" "));
        return out;
    }

    private static String[] with(String[] command, String... more) {
        String[] argv = new String[command.length + more.length];
        System.arraycopy(command, 0, argv, 0, command.length);
        System.arraycopy(more, 0, argv, command.length, more.length);
        return argv;
    }

    private static void assertUsageError(Outcome o, String problem) {
        assertEquals(Cli.USAGE, o.status(), o.err());
        assertEquals(problem, o.firstErrorLine());
        assertTrue(o.err().lines().skip(1).findFirst().orElse("").startsWith("Usage: "), o.err());
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
        assertEquals("", o.out());
    }

    @Test
    void everyCommandHasHelp() {
        List<String[]> commands = commands();
        assertTrue(commands.size() >= 15, "commands: " + commands.size());
        for (String[] c : commands) {
            Outcome o = run(with(c, "--help"));
            assertEquals(0, o.status(), String.join(" ", c) + ": " + o.err());
            assertTrue(o.out().startsWith("Usage: java -jar spindle-bench.jar " + String.join(" ", c) + " "), o.out());
            assertEquals("", o.err(), String.join(" ", c));
        }
        Outcome top = run("--help");
        assertEquals(0, top.status());
        for (String name : List.of("server", "compare", "costs", "thesis", "files", "jmh", "median")) assertTrue(top.out().contains("  " + name + " "), name);
    }

    @Test
    void everyCommandRejectsAnUnknownOption() {
        for (String[] c : commands()) {
            if (c[0].equals("jmh")) continue; // JMH reads its own options
            assertUsageError(run(with(c, "--bogus", "1")), "Unknown options: '--bogus', '1'");
        }
    }

    @Test
    void aBadValueIsOneLineAndTheUsage() {
        assertUsageError(run("compare", "--conns", "abc"), "Invalid value for option '--conns' (N): 'abc' is not a whole number");
        assertUsageError(run("compare", "--seconds", "soon"), "Invalid value for option '--seconds': 'soon' is not a number");
        assertUsageError(run("compare", "--rounds", "99"), "--rounds must be within 0..50 (0: paced points only)");
        assertUsageError(run("compare", "--impls", "nope"), "unknown impl nope; one of " + dev.spindle.bench.server.Impl.labels());
        assertUsageError(run("compare", "--mode", "udp", "--flows", "0"), "--flows must be within 1..4096");
        assertUsageError(run("compare", "--mode=udp", "--conns", "16"), "Unknown options: '--conns', '16'");
        assertUsageError(run("server", "--impl", "spindle-virtual", "--mode", "echo"), "Missing required option: '--port=<port>'");
        assertUsageError(run("thesis", "--jdk-transport", "sctp"), "--jdk-transport unix|tcp, not sctp");
        assertUsageError(run("median", "--runs", "/nonexistent/run"), "--runs: no compare.csv at /nonexistent/run");
        assertUsageError(run("files", "--conns", "0"), "--seconds, --rounds and --conns must be >= 1");
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageError() {
        Outcome none = run();
        assertEquals(Cli.USAGE, none.status());
        assertEquals("no command given", none.firstErrorLine());
        assertUsageError(run("bogus"), "Unmatched argument at index 0: 'bogus'");
    }

    @Test
    void eachCommandKeepsItsOwnDefaultsForTheSharedOptions() {
        assertMeasure(new dev.spindle.bench.compare.CompareCommand(), 3, 1, 25, 10, 0);
        assertMeasure(new dev.spindle.bench.compare.UdpCompare(), 3, 1, 15, 5, 30);
        assertMeasure(new dev.spindle.bench.costs.CostsCommand(), 5, 1, 15, 4, -1);
        CommandLine cl = Cli.commandLine(new dev.spindle.bench.compare.CompareCommand());
        cl.parseArgs("--seconds", "0.5", "--prime-min", "2", "--rounds", "0");
        MeasureOptions m = (MeasureOptions) cl.getCommandSpec().mixins().get("measure").userObject();
        assertEquals(0.5, m.seconds);
        assertEquals(2, m.primeMin);
        assertEquals(0, ((RoundOptions) cl.getCommandSpec().mixins().get("roundOptions").userObject()).rounds);
    }

    /** {@code quietWait} -1: the command has no rounds. */
    private static void assertMeasure(Object command, double seconds, double warmup, double prime, int primeMin, double quietWait) {
        CommandLine cl = Cli.commandLine(command);
        cl.parseArgs();
        MeasureOptions m = (MeasureOptions) cl.getCommandSpec().mixins().get("measure").userObject();
        assertEquals(List.of(seconds, warmup, prime, (double) primeMin), List.of(m.seconds, m.warmup, m.prime, (double) m.primeMin));
        CommandLine.Model.CommandSpec rounds = cl.getCommandSpec().mixins().get("roundOptions");
        if (quietWait < 0) {
            assertEquals(null, rounds);
        } else {
            RoundOptions r = (RoundOptions) rounds.userObject();
            assertEquals(3, r.rounds);
            assertEquals("at-best", r.netty);
            assertEquals(quietWait, r.quietWait);
        }
    }
}
