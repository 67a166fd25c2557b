package dev.spindle.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every {@code dev.spindle.*} system property, in one table: its name, its default and what it
 * means. Each is read once, when this class loads; the classes that use one turn it into a static
 * final of their own. The javadoc of {@code dev.spindle.Spindle} and the README list the same
 * names and defaults, and {@code SettingsTest} fails when they do not.
 */
public final class Settings {
    private static final List<Setting> TABLE = new ArrayList<>();

    public static final Setting NATIVE = literal("dev.spindle.native", "true",
            "false skips the native library: every channel runs on the JDK's own NIO instead");
    public static final Setting NATIVE_PATH = computed("dev.spindle.native.path", "none",
            "load libspindle from this file rather than from java.library.path or the jar");
    public static final Setting NATIVE_WORKDIR = computed("dev.spindle.native.workdir", "java.io.tmpdir",
            "where the library bundled in the jar is extracted; it must not be mounted noexec");
    public static final Setting PLATFORM_WAIT = literal("dev.spindle.platformWait", "kernel",
            "how platform threads wait: kernel (measured faster: a blocking syscall, or poll(2) with a timeout)"
                    + " or poller (parked after EAGAIN and woken by the poller, as virtual threads are)");
    public static final Setting SHORT_READ_DRAINS = literal("dev.spindle.shortReadDrains", "true",
            "true lets a short read stand for the read that would return EAGAIN before a wait, where the"
                    + " backend proves it safe (Linux TCP); false always reads to EAGAIN");
    public static final Setting POLLERS = computed("dev.spindle.pollers", "the number of processors (with virtual-thread pollers, at most jdk.virtualThreadScheduler.parallelism)",
            "how many pollers run; each socket belongs to one, round-robin");
    public static final Setting POLLER_VIRTUAL = literal("dev.spindle.poller.virtual", "true",
            "true runs each poller's loop on a virtual thread, false on a platform thread that blocks in"
                    + " epoll_wait (kqueue)");
    /** Measured (bench/results/efficiency-2026-12-07b): carrier costs the least CPU per request at paced loads; spin the most. */
    public static final Setting POLLER_IDLE = literal("dev.spindle.poller.idle", "carrier",
            "how a virtual-thread poller that finds nothing waits: carrier waits in epoll_wait (kqueue) on its carrier"
                    + " while threads wait on it, parking after a wait of dev.spindle.poller.carrierMillis, so each wake-up"
                    + " is one switch, as in an event loop; spin polls dev.spindle.poller.spins more times whenever threads"
                    + " wait on it (lowest latency; under steady load it keeps a core busy); budget polls on for at most"
                    + " dev.spindle.poller.spinMicros after its last events, then parks; park parks at once");
    public static final Setting POLLER_CARRIER_MILLIS = literal("dev.spindle.poller.carrierMillis", "1",
            "with carrier: how long, in ms, a poller's wait on its carrier may last before the master poller ends it"
                    + " and the poller parks, and how long it holds its carrier in all through a stream of events before"
                    + " it lets queued virtual threads run; about the most a wake-up that does not come from I/O waits"
                    + " when every carrier is held");
    public static final Setting POLLER_SPINS = literal("dev.spindle.poller.spins", "64",
            "with spin: how many more polls a virtual-thread poller that finds nothing makes, letting other"
                    + " threads run before each, before it parks idle");
    public static final Setting POLLER_SPIN_MICROS = literal("dev.spindle.poller.spinMicros", "50",
            "with budget: how long, in µs, a poller keeps polling after its last events before it parks");
    public static final Setting POLLER_IDLE_MILLIS = literal("dev.spindle.poller.idleMillis", "1000",
            "how long, in ms, a poller with no sockets and no timers keeps its thread and fds before it stops");
    public static final Setting AGENT_HOOKS = literal("dev.spindle.agent.hooks", "provider+socket+serversocket+datagram",
            "the hooks the agent installs (its hooks= argument wins)");

    private Settings() {}

    /** Every setting, in the order the documentation lists them. */
    public static List<Setting> all() {
        return List.copyOf(TABLE);
    }

    /**
     * One system property: {@code value} is what it was set to when {@link Settings} loaded, or null.
     * A literal default is the value an unset property stands for; a computed one only describes it,
     * and its user supplies the value.
     */
    public record Setting(String name, String defaultValue, boolean literalDefault, String meaning, String value) {
        /** The value set, else the literal default, else null. */
        public String get() {
            return value != null ? value : literalDefault ? defaultValue : null;
        }

        /** The value set, else {@code computedDefault}. */
        public String getOr(String computedDefault) {
            return value != null ? value : computedDefault;
        }

        /** @throws IllegalArgumentException unless the value is true or false */
        public boolean isTrue() {
            String v = get().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) throw invalid("true or false");
            return v.equals("true");
        }

        /** The value, raised to {@code min}. @throws IllegalArgumentException unless it is a whole number */
        public int atLeast(int min) {
            try {
                return Math.max(min, Integer.parseInt(get().trim()));
            } catch (NumberFormatException e) {
                throw invalid("a whole number");
            }
        }

        /** The value set or {@code computedDefault}, raised to {@code min}. */
        public int atLeast(int min, int computedDefault) {
            return value == null ? Math.max(min, computedDefault) : atLeast(min);
        }

        /** @throws IllegalArgumentException unless the value is one of {@code choices} */
        public String oneOf(String... choices) {
            String v = get();
            for (String c : choices) if (c.equals(v)) return c;
            throw invalid(String.join(" or ", choices));
        }

        private IllegalArgumentException invalid(String expected) {
            return new IllegalArgumentException(name + " must be " + expected + ", not '" + value + "'");
        }
    }

    private static Setting literal(String name, String defaultValue, String meaning) {
        return add(new Setting(name, defaultValue, true, meaning, System.getProperty(name)));
    }

    private static Setting computed(String name, String describedDefault, String meaning) {
        return add(new Setting(name, describedDefault, false, meaning, System.getProperty(name)));
    }

    private static Setting add(Setting s) {
        TABLE.add(s);
        return s;
    }
}
