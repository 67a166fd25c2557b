package dev.spindle.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The {@code -javaagent} entry point of Spindle's jar: {@code java -javaagent:spindle.jar -jar app.jar}
 * puts java.nio and java.net on Spindle before {@code main} runs, with no code change.
 *
 * <p>This class alone is compiled for Java 8, so that on a JVM older than Spindle's Java 21 it can
 * still load and say why it installs nothing, instead of failing with an
 * {@code UnsupportedClassVersionError}. The work is done by {@code dev.spindle.javanet.AgentInstall}.
 *
 * <p>Arguments ({@code -javaagent:spindle.jar=ARGS}), comma-separated: {@code hooks=NAME+NAME} (of
 * {@code provider}, {@code socket}, {@code serversocket}, {@code datagram}; default all), {@code verbose} (one line on
 * stderr saying what was installed), and any {@code name=value}, which becomes a system property
 * before Spindle reads its settings (e.g. {@code dev.spindle.platformWait=poller}).
 */
public final class SpindleAgent {
    private static final int REQUIRED_JAVA = 21;

    private SpindleAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        start(args);
    }

    public static void premain(String args) {
        start(args);
    }

    /** For {@code Launcher-Agent-Class} in an application's own jar, and for attaching (which is too late for sockets made before). */
    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args);
    }

    public static void agentmain(String args) {
        start(args);
    }

    private static void start(String args) {
        String spec = System.getProperty("java.specification.version", "0");
        int major = parseMajor(spec);
        if (major < REQUIRED_JAVA) {
            System.err.println("[spindle] the Spindle agent needs Java " + REQUIRED_JAVA + " or newer, and this JVM is Java "
                    + spec + " (" + System.getProperty("java.home") + "): it installed nothing, and java.net and"
                    + " java.nio stay on the JDK's own implementation");
            return;
        }
        try {
            Class.forName("dev.spindle.javanet.AgentInstall").getMethod("run", String.class).invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spindle agent's jar is incomplete: " + e, e);
        }
    }

    private static int parseMajor(String spec) {
        try {
            return spec.startsWith("1.") ? Integer.parseInt(spec.substring(2)) : Integer.parseInt(spec.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
