package dev.spindle.bench.costs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syscalls {@code costs} counts one by one, and the kernel's syscall numbers
 * (to name the others, which the trace window sees only as raw_syscalls ids).
 */
final class Syscalls {
    /** Counted by name with perf stat (syscalls:sys_enter_NAME); the rest is "other". */
    static final List<String> LISTED = List.of(
            "read", "write", "readv", "writev", "recvfrom", "sendto", "recvmsg", "sendmsg",
            "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "io_uring_enter",
            "futex", "sched_yield", "accept4", "poll", "ppoll", "ioctl",
            "mmap", "munmap", "madvise", "mprotect", "clock_nanosleep");

    /** The ways to wait on an epoll set. */
    static final List<String> EPOLL_WAITS = List.of("epoll_wait", "epoll_pwait", "epoll_pwait2");

    private static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing/events/syscalls"),
            Path.of("/sys/kernel/debug/tracing/events/syscalls"));
    private static final List<Path> HEADERS = List.of(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
            Path.of("/usr/include/asm/unistd_64.h"), Path.of("/usr/include/aarch64-linux-gnu/asm/unistd.h"),
            Path.of("/usr/include/asm-generic/unistd.h"));
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+__NR_(\\w+)\\s+(\\d+)\\s*$");

    private final Map<Integer, String> names = new HashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final Path tracefs;

    Syscalls() {
        for (Path h : HEADERS) {
            try {
                Matcher m = DEFINE.matcher(Files.readString(h));
                while (m.find()) {
                    int nr = Integer.parseInt(m.group(2));
                    names.putIfAbsent(nr, m.group(1));
                    numbers.putIfAbsent(m.group(1), nr);
                }
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (!numbers.isEmpty()) break;
        }
        Path found = null;
        for (Path p : TRACEFS) {
            if (Files.isDirectory(p)) {
                found = p;
                break;
            }
        }
        tracefs = found;
    }

    /** A syscall's name from its number ("nr 123" when the kernel headers are not installed). */
    String name(int nr) {
        return names.getOrDefault(nr, "nr " + nr);
    }

    boolean numbered() {
        return !numbers.isEmpty();
    }

    /** Whether this kernel has a sys_enter tracepoint for the syscall (true when tracefs cannot be read). */
    boolean hasTracepoint(String name) {
        return tracefs == null || Files.isDirectory(tracefs.resolve("sys_enter_" + name));
    }

    /** The listed syscalls this kernel can count. */
    List<String> listedHere() {
        return LISTED.stream().filter(this::hasTracepoint).toList();
    }

    /** The epoll waits this kernel has. */
    List<String> epollWaitsHere() {
        return EPOLL_WAITS.stream().filter(this::hasTracepoint).toList();
    }

    /**
     * A raw_syscalls:sys_enter filter that lets through only the syscalls not in
     * {@code listed} (counted already, and too many to record cheaply); null when
     * the numbers are unknown.
     */
    String unlistedFilter(List<String> listed) {
        if (numbers.isEmpty()) return null;
        List<String> terms = new ArrayList<>();
        for (String s : listed) {
            Integer nr = numbers.get(s);
            if (nr != null) terms.add("id != " + nr);
        }
        return terms.isEmpty() ? null : String.join(" && ", terms);
    }
}
