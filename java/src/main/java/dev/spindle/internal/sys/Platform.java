package dev.spindle.internal.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The running platform, named as the jar's native folders are (os-maven-plugin style):
 * {@code linux-x86_64}, {@code linux-aarch_64-musl}, {@code osx-aarch_64}. Detected from system
 * properties and, for musl, from the dynamic loader mapped into this process; nothing is run.
 */
public final class Platform {
    private Platform() {}

    public static String os() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) return "linux";
        if (os.startsWith("mac") || os.startsWith("darwin")) return "osx";
        return os.replace(' ', '_');
    }

    public static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> arch;
        };
    }

    /** Whether this JVM runs on musl libc: its loader, {@code ld-musl-*.so.1}, is mapped into the process. */
    public static boolean isMusl() {
        if (!os().equals("linux")) return false;
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.anyMatch(l -> l.contains("/ld-musl-") || l.contains("/libc.musl-"));
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: assume glibc, the common case
        }
    }

    /** The jar folder for this platform. */
    public static String folder() {
        return os() + "-" + arch() + (isMusl() ? "-musl" : "");
    }

    /** libspindle's file name here: libspindle.so or libspindle.dylib. */
    public static String libraryFile() {
        return os().equals("osx") ? "libspindle.dylib" : "libspindle.so";
    }
}
