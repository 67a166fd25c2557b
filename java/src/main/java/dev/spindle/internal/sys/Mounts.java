package dev.spindle.internal.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads /proc/self/mountinfo to tell whether a directory is on a noexec mount. */
final class Mounts {
    private Mounts() {}

    static boolean isNoexec(Path dir) {
        try {
            return isNoexec(dir.toRealPath().toString(), Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or no /proc: cannot tell
        }
    }

    /** Whether path's mount, the longest mount point in mountinfo that covers it, has noexec. */
    static boolean isNoexec(String path, List<String> mountinfo) {
        String best = "";
        boolean noexec = false;
        // Fields: id parent major:minor root mount-point options ...
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 6) continue;
            String mount = f[4].replace("\\040", " ");
            boolean covers = path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/");
            if (covers && mount.length() >= best.length()) {
                best = mount;
                noexec = (',' + f[5] + ',').contains(",noexec,");
            }
        }
        return noexec;
    }
}
