package dev.spindle.internal.channel;

import dev.spindle.PollerStats;
import dev.spindle.ScheduledTask;
import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.UdpLayout;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Channels on Spindle's native core: its sockets, pollers and syscalls. */
final class NativeBackend implements Backend {
    private final int ipFamily = detectFamily();

    private static int detectFamily() {
        if (Boolean.getBoolean("java.net.preferIPv4Stack")) return NativeConstants.FAMILY_IPV4;
        int fd = Native.socket(NativeConstants.FAMILY_IPV6, NativeConstants.STREAM);
        if (fd < 0) return NativeConstants.FAMILY_IPV4;
        Native.close(fd);
        return NativeConstants.FAMILY_IPV6;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public <T> T select(Supplier<T> onNative, Function<Throwable, T> onJdk) {
        return onNative.get();
    }

    @Override
    public ListenerIo.Accepted tcpStream() throws IOException {
        int fd = SocketFd.newSocket(ipFamily);
        return owner -> new NativeStream(fd, ipFamily, owner, false);
    }

    @Override
    public ListenerIo.Opener tcpListener() throws IOException {
        int fd = SocketFd.newSocket(ipFamily);
        return owner -> new NativeListener(fd, ipFamily, owner);
    }

    @Override
    public int ipFamily() {
        return ipFamily;
    }

    @Override
    public boolean hasOption(int id, boolean spindleOwn) {
        return id < 0 || Native.optionSupported(id) == 1;
    }

    @Override
    public String missingOptionNote() {
        return "";
    }

    @Override
    public long splicePipe() throws IOException {
        long p = Native.pipe();
        if (p < 0) throw Errors.of("pipe", (int) p);
        return p;
    }

    @Override
    public void requireNative() {}

    @Override
    public void requireNative(String what) {}

    @Override
    public boolean udpGso() {
        return UdpLayout.GSO;
    }

    @Override
    public boolean udpGro() {
        return UdpLayout.GRO;
    }

    @Override
    public ScheduledTask schedule(long delayNanos, Runnable task) throws IOException {
        return Pollers.schedule(delayNanos, task);
    }

    @Override
    public List<PollerStats> pollerStats() {
        return Pollers.stats();
    }
}
