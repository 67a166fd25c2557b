package dev.spindle.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.internal.Settings;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LoaderTest {
    @Test
    void platformMatchesThisHost() {
        Assumptions.assumeTrue(dev.spindle.Spindle.isAvailable(), "native build only");
        assertEquals("linux", Platform.os());
        assertFalse(Platform.isMusl(), "this CI host runs glibc");
        assertEquals(Platform.os() + "-" + Platform.arch(), Platform.folder());
        assertTrue(NativeManifest.get(Platform.folder() + ".sha256") != null, "the build records the host library's checksum");
    }

    /** The constant ids in Errno and jni.c must stay in step: spot-check Linux's numbers, first and last. */
    @Test
    void errnoValuesAreLinuxs() {
        Assumptions.assumeTrue(dev.spindle.Spindle.isAvailable() && Platform.os().equals("linux"), "native Linux only");
        assertEquals(11, Errno.EAGAIN);
        assertEquals(111, Errno.ECONNREFUSED);
        assertEquals(103, Errno.ECONNABORTED);
    }

    /** NativeConstants's init throws for an id the library does not know; each value must also be its own. */
    @Test
    void layoutReadsDistinctValuesFromTheLibrary() throws IllegalAccessException {
        Assumptions.assumeTrue(dev.spindle.Spindle.isAvailable(), "native build only");
        Set<Integer> options = new HashSet<>();
        for (Field f : NativeConstants.class.getFields())
            if (f.getName().startsWith("OPT_"))
                assertTrue(f.getInt(null) > 0 && options.add(f.getInt(null)), f.getName());
        assertEquals(1, Native.optionSupported(NativeConstants.OPT_TCP_NODELAY));
        assertEquals(4, Set.of(NativeConstants.FAMILY_NONE, NativeConstants.FAMILY_UNIX, NativeConstants.FAMILY_IPV4, NativeConstants.FAMILY_IPV6).size());
        assertEquals(3, Set.of(NativeConstants.SHUT_INPUT, NativeConstants.SHUT_OUTPUT, NativeConstants.SHUT_BOTH).size());
        assertEquals(0, NativeConstants.POLL_READ & NativeConstants.POLL_WRITE);
        assertEquals(0, NativeConstants.SEL_READ & NativeConstants.SEL_WRITE);
    }

    @Test
    void noexecIsReadFromTheCoveringMount() {
        List<String> mountinfo = List.of(
                "22 1 0:21 / / rw,relatime - ext4 /dev/sda1 rw",
                "30 22 0:30 / /tmp rw,nosuid,nodev,noexec - tmpfs tmpfs rw",
                "31 30 0:31 / /tmp/ok rw,relatime - tmpfs tmpfs rw",
                "32 22 0:32 / /data\\040dir rw,noexec - tmpfs tmpfs rw");
        assertTrue(Mounts.isNoexec("/tmp", mountinfo));
        assertTrue(Mounts.isNoexec("/tmp/x/y", mountinfo));
        assertFalse(Mounts.isNoexec("/tmp/ok/z", mountinfo), "the deeper mount wins");
        assertFalse(Mounts.isNoexec("/tmpfoo", mountinfo), "a prefix that is not a path component does not count");
        assertFalse(Mounts.isNoexec("/home", mountinfo));
        assertTrue(Mounts.isNoexec("/data dir/f", mountinfo), "escaped spaces in mount points");
    }

    /** In a child JVM whose extraction directory is a noexec tmpfs, the cause names the mount and the fix. */
    @Test
    void noexecWorkdirIsExplained() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only");
        Path dir = Files.createTempDirectory("spindle-noexec");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=8m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
        try {
            Assumptions.assumeTrue(mounted, "cannot mount a noexec tmpfs here (needs root)");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "-D" + Settings.NATIVE_WORKDIR.name() + "=" + dir, PrintAvailability.class.getName())
                    .redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertTrue(out.contains("available=false"), out);
            assertTrue(out.contains("noexec") && out.contains(Settings.NATIVE_WORKDIR.name()), out);
        } finally {
            if (mounted) new ProcessBuilder("umount", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(dir);
        }
    }

    /** Run in a child JVM: prints whether the natives loaded, and why not. */
    public static final class PrintAvailability {
        public static void main(String[] args) {
            System.out.println("available=" + dev.spindle.Spindle.isAvailable() + " cause="
                    + dev.spindle.Spindle.unavailabilityCause());
        }
    }
}
