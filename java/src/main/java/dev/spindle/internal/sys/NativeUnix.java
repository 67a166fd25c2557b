package dev.spindle.internal.sys;

/**
 * The JNI bindings of libspindle's UNIX-domain socket calls (native/src/unix.h, jni_unix.c). As in {@link Native}, each
 * method is one syscall and returns its result or a negative errno.
 */
public final class NativeUnix {
    static {
        NativeLoader.load();
    }

    private NativeUnix() {}
}
