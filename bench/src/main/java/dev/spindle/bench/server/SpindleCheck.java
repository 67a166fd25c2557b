package dev.spindle.bench.server;

import dev.spindle.Spindle;

/** Reports, once, why Spindle's native library cannot be used. */
public final class SpindleCheck {
    private SpindleCheck() {}

    public static boolean available() {
        try {
            if (Spindle.isAvailable()) return true;
            System.err.println("Spindle is unavailable: " + Spindle.unavailabilityCause());
        } catch (LinkageError e) {
            System.err.println("Spindle is unavailable: " + e);
        }
        return false;
    }
}
