package dev.spindle.net;

import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.NativeListener;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.channel.UnixAddresses;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A blocking UNIX-domain listener: {@link #open(UnixDomainSocketAddress)}, then {@link #accept()}
 * from as many threads as you like. Addresses as in {@link UnixStream} ({@code '@'}: Linux's
 * abstract namespace).
 *
 * <p>Closing removes the socket file that binding created, unless it has been replaced since (another
 * file at the path is left alone); abstract names have no file.
 */
public final class UnixListener extends ListenerChannel<UnixListener, UnixDomainSocketAddress> {
    /** Used when open is given a backlog below 1; the kernel caps it at net.core.somaxconn. */
    public static final int DEFAULT_BACKLOG = TcpListener.DEFAULT_BACKLOG;

    /** The socket file bind made, and its identity then; null if none. Set once, under bind. */
    private volatile Path created;
    private volatile Object createdKey;

    private UnixListener(ListenerIo.Opener opener) throws IOException {
        super(opener);
    }

    private UnixListener(int fd) throws IOException {
        this(owner -> new NativeListener(fd, UnixAddresses.SPINDLE, owner));
    }

    /**
     * A listener over a listening UNIX socket received from elsewhere (see {@link PassedFd#toUnixListener()});
     * takes ownership of fd. Its close leaves the socket file alone: this listener did not create it.
     */
    static UnixListener adopt(int fd) throws IOException {
        return new UnixListener(owner -> NativeListener.listening(fd, UnixAddresses.SPINDLE, owner));
    }

    /** A listener bound to {@code local} (null: a new path in {@code java.io.tmpdir}) and listening. */
    public static UnixListener open(UnixDomainSocketAddress local) throws IOException {
        return open(local, 0);
    }

    /** A listener bound to {@code local}, listening with the given backlog (below 1: {@value #DEFAULT_BACKLOG}). */
    public static UnixListener open(UnixDomainSocketAddress local, int backlog) throws IOException {
        return orClose(new UnixListener(SocketFd.newSocket(NativeConstants.FAMILY_UNIX, NativeConstants.STREAM)), l -> l.bind(local, backlog));
    }

    /** Binds and listens; fails if already bound. Prefer {@link #open(UnixDomainSocketAddress)}. */
    @Override
    public UnixListener bind(SocketAddress local) throws IOException {
        return bind(local, 0);
    }

    private UnixListener bind(SocketAddress local, int backlog) throws IOException {
        UnixDomainSocketAddress address = local == null ? temporaryAddress()
                : (UnixDomainSocketAddress) UnixAddresses.SPINDLE.check(local);
        io.bind(address, backlog < 1 ? DEFAULT_BACKLOG : backlog);
        if (!UnixAddresses.isAbstract(address)) {
            Path path = address.getPath();
            createdKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            created = path;
        }
        return this;
    }

    private static UnixDomainSocketAddress temporaryAddress() {
        String name = "spindle-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".sock";
        return UnixDomainSocketAddress.of(Path.of(System.getProperty("java.io.tmpdir"), name));
    }

    /** Waits for and returns the next connection. */
    public UnixStream accept() throws IOException {
        return new UnixStream(io.accept());
    }


    @Override
    protected void implCloseChannel() throws IOException {
        super.implCloseChannel();
        Path path = created;
        if (path != null) removeIfStillOurs(path, createdKey);
    }

    /** Deletes the socket file unless another file has taken its place. */
    private static void removeIfStillOurs(Path path, Object key) throws IOException {
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(now, key)) Files.deleteIfExists(path);
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed already
        }
    }
}
