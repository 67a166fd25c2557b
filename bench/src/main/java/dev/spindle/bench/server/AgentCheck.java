package dev.spindle.bench.server;

import dev.spindle.Spindle;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code -javaagent} of the {@code *-agent} servers, and the check that a server JVM runs on
 * the java.net impls its label claims: Spindle's with the agent, the JDK's without. The bench jar
 * carries Spindle and its agent entry ({@code Premain-Class}), so it is its own agent jar.
 */
public final class AgentCheck {
    private AgentCheck() {}

    /** {@code -javaagent:<this jar>=hooks=...}. */
    public static String javaagentOption(String hooks) {
        try {
            Path jar = Path.of(AgentCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return "-javaagent:" + jar + "=hooks=" + hooks;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when Socket and ServerSocket are Spindle's exactly when {@code wanted}, else why not. */
    public static String mismatch(String label, boolean wanted) {
        return mismatch(label, wanted, EnumSet.of(Spindle.Hook.SOCKET, Spindle.Hook.SERVER_SOCKET));
    }

    /** Null when the {@code javaNet} hooks are Spindle's exactly when {@code wanted}, else why not. */
    public static String mismatch(String label, boolean wanted, Set<Spindle.Hook> javaNet) {
        Set<Spindle.Hook> on = Spindle.installed();
        boolean spindle = on.containsAll(javaNet);
        if (spindle == wanted) return null;
        return label + (wanted ? " needs Spindle's java.net impls (-javaagent), but installed are " + on
                : " must run on the JDK's java.net impls, but Spindle installed " + on);
    }
}
