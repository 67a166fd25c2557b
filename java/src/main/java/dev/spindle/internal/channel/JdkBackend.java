package dev.spindle.internal.channel;

import dev.spindle.PollerStats;
import dev.spindle.ScheduledTask;
import dev.spindle.internal.poll.JdkFallback;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Channels on the JDK's own NIO, when the native library is out; {@code cause} says why. */
final class JdkBackend implements Backend {
    private final Throwable cause;

    JdkBackend(Throwable cause) {
        this.cause = cause;
    }

    @Override
    public Throwable unavailabilityCause() {
        return cause;
    }

    @Override
    public <T> T select(Supplier<T> onNative, Function<Throwable, T> onJdk) {
        return onJdk.apply(cause);
    }

    @Override
    public ListenerIo.Accepted tcpStream() throws IOException {
        SocketChannel jdk = SocketChannel.open();
        return owner -> new NioStream(owner.channel(), jdk);
    }

    @Override
    public ListenerIo.Opener tcpListener() throws IOException {
        ServerSocketChannel jdk = ServerSocketChannel.open();
        return owner -> new NioListener(owner.channel(), jdk);
    }

    @Override
    public int ipFamily() {
        return NativeConstants.FAMILY_NONE; // the JDK picks its own family
    }

    @Override
    public boolean hasOption(int id, boolean spindleOwn) {
        return !spindleOwn;
    }

    @Override
    public String missingOptionNote() {
        return " without Spindle's native library";
    }

    @Override
    public long splicePipe() {
        return -1;
    }

    @Override
    public void requireNative() throws IOException {
        throw new IOException("Spindle's native library is not available: " + cause.getMessage(), cause);
    }

    @Override
    public void requireNative(String what) {
        throw new UnsupportedOperationException(what + " needs Spindle's native library: " + cause.getMessage());
    }

    @Override
    public boolean udpGso() {
        return false;
    }

    @Override
    public boolean udpGro() {
        return false;
    }

    @Override
    public ScheduledTask schedule(long delayNanos, Runnable task) {
        return JdkFallback.schedule(delayNanos, task);
    }

    @Override
    public List<PollerStats> pollerStats() {
        return List.of();
    }
}
