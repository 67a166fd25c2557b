package dev.spindle.internal.sys;

/** The platform's errno values, read once from the loaded library (they differ between OSes). */
public final class Errno {
    private Errno() {}

    public static final int EAGAIN = Native.constant(0);
    public static final int EINTR = Native.constant(1);
    public static final int EINPROGRESS = Native.constant(2);
    public static final int EALREADY = Native.constant(3);
    public static final int EISCONN = Native.constant(4);
    public static final int ECONNREFUSED = Native.constant(5);
    public static final int ECONNRESET = Native.constant(6);
    public static final int EPIPE = Native.constant(7);
    public static final int EADDRINUSE = Native.constant(8);
    public static final int EADDRNOTAVAIL = Native.constant(9);
    public static final int ETIMEDOUT = Native.constant(10);
    public static final int EHOSTUNREACH = Native.constant(11);
    public static final int ENETUNREACH = Native.constant(12);
    public static final int EMFILE = Native.constant(13);
    public static final int ENFILE = Native.constant(14);
    public static final int ENOTCONN = Native.constant(15);
    public static final int ECONNABORTED = Native.constant(16);
    public static final int ENOPROTOOPT = Native.constant(17);
    public static final int ENOENT = Native.constant(18);
    public static final int EINVAL = Native.constant(19);
    public static final int ENOSYS = Native.constant(20);
    public static final int EOPNOTSUPP = Native.constant(21);
    /** EOPNOTSUPP on Linux; a number of its own on macOS, where sendfile answers it. */
    public static final int ENOTSUP = Native.constant(22);
}
