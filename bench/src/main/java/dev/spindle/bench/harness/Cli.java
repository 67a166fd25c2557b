package dev.spindle.bench.harness;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * Runs a picocli command tree the way every bench command behaves: {@code --help} on each (exit 0);
 * a bad option or value, or a check that fails before the run ({@link IllegalArgumentException}),
 * prints one line saying what is wrong, then the usage, and exits 2; a missing tool
 * ({@link IllegalStateException}) one line and exit 1.
 */
public final class Cli {
    /** The exit status of a bad command line. */
    public static final int USAGE = 2;

    private Cli() {}

    public static int run(Object top, String[] argv) {
        return run(top, argv, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(Object top, String[] argv, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(top);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(argv);
    }

    /** The tree under {@code top}, with --help, defaults shown, "1_000" read as an int, and the error handling above. */
    public static CommandLine commandLine(Object top) {
        CommandLine cl = new CommandLine(top);
        addHelp(cl);
        cl.registerConverter(Integer.class, Cli::integer);
        cl.registerConverter(int.class, Cli::integer);
        cl.registerConverter(Double.class, Cli::decimal);
        cl.registerConverter(double.class, Cli::decimal);
        cl.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), firstProblem(e)));
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof IllegalArgumentException) return usageError(c, e.getMessage());
            if (!(e instanceof IllegalStateException)) throw e;
            c.getErr().println(c.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cl;
    }

    /** Prints the first line of {@code problem}, then {@code cl}'s usage, to its error stream; returns {@link #USAGE}. */
    public static int usageError(CommandLine cl, String problem) {
        PrintWriter err = cl.getErr();
        err.println(problem == null ? "bad command line" : problem.lines().findFirst().orElse(problem));
        cl.usage(err);
        err.flush();
        return USAGE;
    }

    /** An unknown option before a missing one: picocli checks for the missing first, but the unknown is likely the cause. */
    private static String firstProblem(ParameterException e) {
        CommandLine cl = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException || cl.getUnmatchedArguments().isEmpty()) return e.getMessage();
        return new UnmatchedArgumentException(cl, cl.getUnmatchedArguments()).getMessage();
    }

    private static void addHelp(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().showDefaultValues(true);
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        }
        if (cl.getCommand() instanceof JmhCommand) cl.setUnmatchedOptionsArePositionalParams(true); // JMH parses its own
        for (CommandLine sub : cl.getSubcommands().values()) addHelp(sub);
    }

    /** An int, with "_" between digits allowed (1_000_000). */
    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a whole number");
        }
    }

    private static Double decimal(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a number");
        }
    }
}
