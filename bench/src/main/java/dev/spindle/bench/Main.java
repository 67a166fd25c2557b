package dev.spindle.bench;

import dev.spindle.bench.compare.CompareCommand;
import dev.spindle.bench.compare.EfficiencyMedian;
import dev.spindle.bench.compare.GsoCompare;
import dev.spindle.bench.compare.IdleCommand;
import dev.spindle.bench.compare.MedianCommand;
import dev.spindle.bench.compare.UdpCompare;
import dev.spindle.bench.costs.CostsCommand;
import dev.spindle.bench.files.FileServerCommand;
import dev.spindle.bench.files.FilesCommand;
import dev.spindle.bench.harness.Cli;
import dev.spindle.bench.harness.JmhCommand;
import dev.spindle.bench.server.JvmOptionsCommand;
import dev.spindle.bench.server.ServerCommand;
import dev.spindle.bench.thesis.ThesisCommand;
import dev.spindle.bench.thesis.ThesisVariantRun;
import dev.spindle.bench.udp.GsoSender;
import dev.spindle.bench.udp.UdpServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Entry point of spindle-bench.jar: one subcommand per job; without one, the usage (exit 2). */
@Command(name = "java -jar spindle-bench.jar", synopsisSubcommandLabel = "COMMAND",
        description = "Spindle's benchmarks: servers, comparisons, costs, the thesis table, JMH. `COMMAND --help` for each.",
        subcommands = {
            ServerCommand.class, UdpServerCommand.class, JvmOptionsCommand.class, CompareCommand.class, UdpCompare.class, GsoCompare.class,
            MedianCommand.class, EfficiencyMedian.class, CostsCommand.class, IdleCommand.class, ThesisCommand.class, FilesCommand.class,
            JmhCommand.class,
            // internal: the child JVMs of udp-gso, thesis and files
            GsoSender.class, ThesisVariantRun.class, FileServerCommand.class})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] argv) {
        // A run stopped by a signal takes its servers, load generators and perf with it, rather than
        // leaving them to load the machine (close() stops them on every other way out).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        System.exit(run(argv, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; its exit status. */
    public static int run(String[] argv, PrintWriter out, PrintWriter err) {
        return Cli.run(new Main(), routed(argv), out, err);
    }

    /** {@code compare --mode udp ...} (the mode first) is a command of its own, with its own options. */
    static String[] routed(String[] argv) {
        int skip = argv.length >= 3 && argv[0].equals("compare") && argv[1].equals("--mode") && argv[2].equals("udp") ? 3
                : argv.length >= 2 && argv[0].equals("compare") && argv[1].equals("--mode=udp") ? 2 : 0;
        if (skip == 0) return argv;
        String[] out = new String[argv.length - skip + 1];
        out[0] = UdpCompare.NAME;
        System.arraycopy(argv, skip, out, 1, argv.length - skip);
        return out;
    }

    @Override
    public Integer call() {
        return Cli.usageError(spec.commandLine(), "no command given");
    }
}
