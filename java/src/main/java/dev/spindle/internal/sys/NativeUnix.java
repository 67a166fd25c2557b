package dev.spindle.internal.sys;

import java.nio.ByteBuffer;

/**
 * The JNI bindings of libspindle's UNIX-domain socket calls (native/src/unix.h, jni_unix.c). As in {@link Native}, each
 * method is one syscall and returns its result or a negative errno.
 */
public final class NativeUnix {
    static {
        NativeLoader.load();
    }

    private NativeUnix() {}

    /** The most fds one message carries (unix.h's SP_UNIX_MAX_FDS). */
    public static native int maxFds();

    /** A connected pair of non-blocking, close-on-exec stream sockets: {@code first << 32 | second}, or a negative errno. */
    public static native long pair();

    /** Sends {@code length >= 1} bytes of direct memory with {@code fds[0..count)} attached; never blocks (-EAGAIN instead). */
    public static native int sendFds(int fd, ByteBuffer direct, int position, int length, int[] fds, int count);

    /**
     * Receives into direct memory, never blocking (-EAGAIN instead); the fds that came go to {@code fds}
     * (close-on-exec), those beyond its length are closed. {@code result}: [0] fds handed over,
     * [1] fds closed for want of room, [2] 1 if the kernel cut the control data.
     */
    public static native int receiveFds(int fd, ByteBuffer direct, int position, int length, int[] fds, int[] result);

    /** {@code out}: [0] the peer's pid (-1 where the OS cannot say), [1] uid, [2] gid. */
    public static native int peerCredentials(int fd, long[] out);

    /** The name of user id (group 0) or group id (1) into out: its length, -ENOENT if the id has none. */
    public static native int principalName(long id, int group, byte[] out);

    /** A close-on-exec duplicate of fd. */
    public static native int dup(int fd);

    /** The socket's type ({@link NativeConstants#STREAM}, {@link NativeConstants#DATAGRAM}, 0 for another), -ENOTSOCK if no socket. */
    public static native int socketType(int fd);
}
