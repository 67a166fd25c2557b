package dev.spindle.javanet;

import dev.spindle.Spindle;
import dev.spindle.Spindle.Hook;
import dev.spindle.internal.Settings;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code dev.spindle.agent.SpindleAgent} does on Java 21+: applies its arguments, then
 * {@link Spindle#install(Set)}. A hook that cannot be installed is logged in one line and the
 * application starts anyway, on whatever it would have had without the agent.
 */
public final class AgentInstall {
    private AgentInstall() {}

    public static void run(String args) {
        String hooks = null;
        boolean verbose = false;
        if (args != null) {
            for (String arg : args.split(",")) {
                arg = arg.trim();
                if (arg.isEmpty()) continue;
                int eq = arg.indexOf('=');
                if (eq < 0) {
                    if (!arg.equals("verbose")) throw new IllegalArgumentException("Spindle agent: unknown argument '" + arg
                            + "'; expected verbose, hooks=provider+socket+serversocket+datagram, or name=value for a system property");
                    verbose = true;
                } else if (arg.substring(0, eq).equals("hooks")) {
                    hooks = arg.substring(eq + 1);
                } else {
                    System.setProperty(arg.substring(0, eq), arg.substring(eq + 1)); // before Spindle reads its settings
                }
            }
        }
        // Settings load only now, so that the name=value arguments above are among them.
        Set<Hook> wanted = parseHooks(hooks != null ? hooks : Settings.AGENT_HOOKS.get());
        Set<Hook> on;
        try {
            on = Spindle.install(wanted);
        } catch (IllegalStateException e) {
            System.getLogger("dev.spindle").log(System.Logger.Level.WARNING, e.getMessage());
            on = Spindle.installed();
        }
        if (verbose) System.err.println("[spindle] agent: on Spindle: " + on);
    }

    static Set<Hook> parseHooks(String spec) {
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);
        for (String name : spec.split("\\+")) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "provider", "selector_provider" -> hooks.add(Hook.SELECTOR_PROVIDER);
                case "socket" -> hooks.add(Hook.SOCKET);
                case "serversocket", "server_socket" -> hooks.add(Hook.SERVER_SOCKET);
                case "datagram", "datagramsocket", "datagram_socket" -> hooks.add(Hook.DATAGRAM_SOCKET);
                case "" -> { }
                default -> throw new IllegalArgumentException("Spindle agent: unknown hook '" + name
                        + "'; the hooks are provider, socket, serversocket, datagram");
            }
        }
        return hooks;
    }
}
