package dev.spindle.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Helpers for the UNIX-domain tests: fresh socket paths, fd counts, the native check. */
final class Unix {
    private Unix() {}

    /** Skips a test that needs the native library (the jdk-fallback execution has none). */
    static void assumeNative() {
        assumeTrue(Spindle.isAvailable(), "needs Spindle's native library");
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("linux");
    }

    /** A path in a new temporary directory, short enough for sun_path. */
    static UnixDomainSocketAddress freshPath() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sp");
        dir.toFile().deleteOnExit();
        Path p = dir.resolve("s.sock");
        p.toFile().deleteOnExit();
        return UnixDomainSocketAddress.of(p);
    }

    /** A name in Linux's abstract namespace, unique to this run. */
    static UnixDomainSocketAddress freshAbstract() {
        return UnixDomainSocketAddress.of("@spindle-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) throw new AssertionError("no /proc/self/fd");
        return fds.length;
    }
}
