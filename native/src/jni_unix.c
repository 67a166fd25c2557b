/* JNI glue for dev.spindle.internal.sys.NativeUnix: argument unpacking only (see jni.c). */
#include "jni_common.h"

int sp_jni_register_unix(JNIEnv *env) {
    (void) env;
    return 0;
}
