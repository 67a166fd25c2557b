/* JNI glue for dev.spindle.internal.sys.NativeUdp: argument unpacking only (see jni.c). */
#include "jni_common.h"

int sp_jni_register_udp(JNIEnv *env) {
    (void) env;
    return 0;
}
