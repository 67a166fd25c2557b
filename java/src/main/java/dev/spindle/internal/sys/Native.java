package dev.spindle.internal.sys;

import java.nio.ByteBuffer;

/**
 * The JNI bindings of libspindle (native/src/jni.c). Each method is one syscall:
 * it returns the result, or a negative errno. No policy lives here or in C;
 * {@link Errors} turns errno values into exceptions.
 */
public final class Native {
    static {
        NativeLoader.load();
    }

    private Native() {}

    /** Ids understood by {@link #constant}; keep in step with jni_constants.c. */
    static final int C_EVENT_SIZE = 100, C_EVENT_TOKEN_OFFSET = 101, C_EVENT_BITS_OFFSET = 102,
            C_EVENT_READ_MASK = 103, C_EVENT_WRITE_MASK = 104, C_ADDR_SIZE = 105, C_IOV_SIZE = 106,
            C_IOV_MAX = 107, C_SHORT_READ_DRAINS = 108, C_EVENT_EXCEPTIONAL_MASK = 109;
    static final int C_FAMILY_NONE = 200, C_FAMILY_UNIX = 201, C_FAMILY_IPV4 = 202, C_FAMILY_IPV6 = 203,
            C_STREAM = 204, C_DATAGRAM = 205, C_SEL_READ = 206, C_SEL_WRITE = 207,
            C_SHUT_INPUT = 208, C_SHUT_OUTPUT = 209, C_SHUT_BOTH = 210, C_POLL_READ = 211,
            C_POLL_WRITE = 212, C_TCP_INFO_FIELDS = 213;
    static final int C_OPT_TCP_NODELAY = 300, C_OPT_SO_KEEPALIVE = 301, C_OPT_SO_RCVBUF = 302, C_OPT_SO_SNDBUF = 303,
            C_OPT_SO_LINGER = 304, C_OPT_SO_REUSEADDR = 305, C_OPT_SO_REUSEPORT = 306,
            C_OPT_IPV6_V6ONLY = 307, C_OPT_IP_TOS = 308, C_OPT_SO_BROADCAST = 309,
            C_OPT_IP_MULTICAST_IF = 310, C_OPT_IP_MULTICAST_TTL = 311, C_OPT_IP_MULTICAST_LOOP = 312,
            C_OPT_UDP_GRO = 313, C_OPT_SO_RXQ_OVFL = 314, C_OPT_IP_MULTICAST_ALL = 315,
            C_OPT_TCP_KEEPIDLE = 316, C_OPT_TCP_KEEPINTVL = 317, C_OPT_TCP_KEEPCNT = 318,
            C_OPT_TCP_QUICKACK = 319, C_OPT_SO_INCOMING_NAPI_ID = 320, C_OPT_SO_OOBINLINE = 321,
            C_OPT_IP_DONTFRAG = 322, C_OPT_TCP_USER_TIMEOUT = 323, C_OPT_TCP_FASTOPEN = 324,
            C_OPT_TCP_FASTOPEN_CONNECT = 325, C_OPT_TCP_CORK = 326, C_OPT_TCP_NOTSENT_LOWAT = 327,
            C_OPT_SO_BUSY_POLL = 328, C_OPT_TCP_CONGESTION = 329, C_OPT_TCP_INFO = 330;

    /** The value of a named id, or {@link Integer#MIN_VALUE} for an id the library does not know. */
    static native int constant(int id);

    static native String strerror(int errno);

    /** The address of a direct buffer's memory. */
    public static native long bufferAddress(ByteBuffer direct);

    // poller (poller.h)
    public static native int pollerCreate();

    public static native int pollerRegister(int pfd, int fd, long token);

    public static native int pollerDeregister(int pfd, int fd);

    public static native int pollerWait(int pfd, long events, int maxEvents, int timeoutMillis);

    /** Arms a one-shot watch of another poller's fd: one event the next time it has events (at once if it has some). */
    public static native int pollerWatch(int pfd, int fd, long token);

    public static native int wakeupOpen(int pfd, long token);

    public static native int wakeupSignal(int pfd, int handle);

    public static native int wakeupDrain(int pfd, int handle);

    public static native int timerOpen(int pfd, long token);

    public static native int timerArm(int pfd, int handle, long delayNanos);

    /**
     * Moves fd's level-triggered selector registration from oldEvents to newEvents
     * ({@link NativeConstants#SEL_READ} | {@link NativeConstants#SEL_WRITE}); 0 unregisters. kqueue: -EPIPE if write
     * interest could not be added because the peer is gone (the fd is then writable).
     */
    public static native int selectorSet(int pfd, int fd, int oldEvents, int newEvents, long token);

    public static native int pollerClose(int pfd, int wakeup, int timer);

    // sockets (net.h); addresses are byte[ADDR_SIZE], see NativeConstants
    /** family: a {@link NativeConstants} FAMILY_ other than NONE; type: {@link NativeConstants#STREAM} or {@link NativeConstants#DATAGRAM}. */
    public static native int socket(int family, int type);

    public static native int bind(int fd, byte[] address);

    public static native int listen(int fd, int backlog);

    public static native int connect(int fd, byte[] address);

    public static native int accept(int fd);

    public static native int localAddress(int fd, byte[] address);

    public static native int peerAddress(int fd, byte[] address);

    /** The pending socket error as a positive errno, 0 if none. */
    public static native int socketError(int fd);

    /** Bytes that can be read now without blocking (FIONREAD). */
    public static native int available(int fd);

    /** Blocks only on a blocking fd, with no heap memory pinned. */
    public static native int readBuffer(int fd, ByteBuffer direct, int position, int length);

    public static native int writeBuffer(int fd, ByteBuffer direct, int position, int length);

    /** The array is pinned for the call, which therefore never blocks (MSG_DONTWAIT): -EAGAIN instead. */
    public static native int readArray(int fd, byte[] array, int offset, int length);

    public static native int writeArray(int fd, byte[] array, int offset, int length);

    public static native long readv(int fd, long iovecs, int count);

    public static native long writev(int fd, long iovecs, int count);

    /**
     * writev over direct memory and heap arrays: where {@code arrays[i]} is not null, iovec i's base is
     * an offset into it. The arrays are pinned for the call, which therefore never blocks: -EAGAIN instead.
     */
    public static native long writevPinned(int fd, long iovecs, int count, byte[][] arrays);

    // pipes and other non-socket fds (pipe.h): plain read(2)/write(2), where readBuffer & co. get ENOTSOCK

    /** A non-blocking, close-on-exec pipe: {@code readFd << 32 | writeFd}, or a negative errno. */
    public static native long pipe();

    /** read(2) into direct memory; blocks only on a blocking fd. */
    public static native int fdReadBuffer(int fd, ByteBuffer direct, int position, int length);

    /** write(2) from direct memory; a pipe with no reader gives -EPIPE (the JVM ignores SIGPIPE). */
    public static native int fdWriteBuffer(int fd, ByteBuffer direct, int position, int length);

    /** read(2) into a pinned array: the fd must be non-blocking for its whole life, or a GC may wait on it. */
    public static native int fdReadArray(int fd, byte[] array, int offset, int length);

    /** write(2) from a pinned array: the fd must be non-blocking for its whole life, or a GC may wait on it. */
    public static native int fdWriteArray(int fd, byte[] array, int offset, int length);

    /** Sets (1) or clears (0) blocking mode: O_NONBLOCK off or on. */
    public static native int setBlocking(int fd, int blocking);

    /** how: {@link NativeConstants#SHUT_INPUT}, {@link NativeConstants#SHUT_OUTPUT} or {@link NativeConstants#SHUT_BOTH}. */
    public static native int shutdown(int fd, int how);

    /** One byte of TCP urgent data (MSG_OOB); bytes sent (1) or a negative errno. */
    public static native int sendUrgent(int fd, int data);

    public static native int close(int fd);

    /** poll(2) on one fd; events: {@link NativeConstants#POLL_READ} and {@link NativeConstants#POLL_WRITE} bits. */
    public static native int pollFd(int fd, int events, int timeoutMillis);

    public static native int setOption(int fd, int option, int value);

    /** The value as an unsigned 32-bit number, or a negative errno. */
    public static native long getOption(int fd, int option);

    /** 1 if this platform has the option (a {@link NativeConstants} OPT_ id), else 0. */
    public static native int optionSupported(int option);

    /** TCP_CONGESTION's name into out (ASCII): its length, or a negative errno. */
    public static native int getCongestion(int fd, byte[] out);

    public static native int setCongestion(int fd, byte[] name);

    // zero copy (zerocopy.h)

    /** open(2) for reading, close-on-exec; path in the platform's file name encoding, no NUL. */
    public static native int openRead(byte[] path);

    /** sendfile(2) of up to count bytes of fileFd from offset: bytes sent, 0 at the file's end, or a negative errno. */
    public static native long sendfile(int socketFd, int fileFd, long offset, long count);

    /** splice(2), never blocking, one fd a pipe: bytes moved, 0 at the end of the input, or a negative errno (-ENOSYS off Linux). */
    public static native long splice(int inFd, int outFd, long count);

    /** A TCP_INFO snapshot: {@link NativeConstants#TCP_INFO_FIELDS} values in TcpInfo's order, or a negative errno. */
    public static native int tcpInfo(int fd, long[] out);
}
