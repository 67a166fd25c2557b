package dev.spindle.internal.sys;

/**
 * The JNI bindings of libspindle's UDP calls (native/src/udp.h, jni_udp.c). As in {@link Native}, each
 * method is one syscall and returns its result or a negative errno.
 */
public final class NativeUdp {
    static {
        NativeLoader.load();
    }

    private NativeUdp() {}
}
