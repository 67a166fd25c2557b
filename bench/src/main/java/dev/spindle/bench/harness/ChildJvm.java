package dev.spindle.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs: the same java binary and class path as this one. */
public final class ChildJvm {
    /** The entry point, by name: Main knows every command, and no command should depend on it. */
    private static final String MAIN = "dev.spindle.bench.Main";

    private ChildJvm() {}

    /** The java binary running us. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The feature version (e.g. 25) of {@link #java()}: it is the binary running us, so
     * this JVM's own. Options a child may get depend on it (a JVM rejects flags it does not know).
     */
    public static int javaFeature() {
        return Runtime.version().feature();
    }

    /** {@code java JVM_OPTIONS -cp CLASSPATH dev.spindle.bench.Main ARGS}. */
    public static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(args);
        return cmd;
    }
}
