/*
 * JNI glue for dev.spindle.internal.sys.NativeUdp: argument unpacking only (see jni.c). Slots and
 * scratch are direct memory, passed as addresses; a heap array is pinned only for a transfer that
 * cannot block (SP_UDP_NOWAIT is forced).
 */
#include <errno.h>

#include "jni_common.h"
#include "udp.h"

#define NATIVE_UDP_CLASS "dev/spindle/internal/sys/NativeUdp"

#define PTR(x) ((void *) (intptr_t) (x))

/* Constant ids shared with NativeUdp.java. */
enum { C_SLOT_SIZE, C_SCRATCH_SIZE, C_OFFLOAD, C_EOPNOTSUPP };

static jint JNICALL constant(JNIEnv *e, jclass c, jint id) {
    (void) e; (void) c;
    switch (id) {
    case C_SLOT_SIZE: return SP_UDP_SLOT_SIZE;
    case C_SCRATCH_SIZE: return (jint) sp_udp_scratch_size();
    case C_OFFLOAD: return sp_udp_offload_support();
    case C_EOPNOTSUPP: return EOPNOTSUPP;
    default: return -EINVAL;
    }
}

static jint JNICALL recv_(JNIEnv *e, jclass c, jint fd, jlong slots, jlong scratch, jlong data, jint stride, jint count,
                          jint flags) {
    (void) e; (void) c;
    return sp_udp_recv(fd, PTR(slots), PTR(scratch), PTR(data), stride, count, flags);
}

static jint JNICALL send_(JNIEnv *e, jclass c, jint fd, jlong slots, jlong scratch, jlong data, jint stride, jint count,
                          jint flags) {
    (void) e; (void) c;
    return sp_udp_send(fd, PTR(slots), PTR(scratch), PTR(data), stride, count, flags);
}

static jint JNICALL recv_buffer(JNIEnv *env, jclass c, jint fd, jlong slot, jlong scratch, jobject buf, jint pos,
                                jint len, jint flags) {
    (void) c;
    return sp_udp_recv(fd, PTR(slot), PTR(scratch), sp_jni_direct_memory(env, buf) + pos, len, 1, flags);
}

static jint JNICALL send_buffer(JNIEnv *env, jclass c, jint fd, jlong slot, jlong scratch, jobject buf, jint pos,
                                jint flags) {
    (void) c;
    return sp_udp_send(fd, PTR(slot), PTR(scratch), sp_jni_direct_memory(env, buf) + pos, 0, 1, flags);
}

static jint JNICALL recv_array(JNIEnv *env, jclass c, jint fd, jlong slot, jlong scratch, jbyteArray a, jint off,
                               jint len) {
    (void) c;
    jbyte *p = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    if (p == NULL) return -ENOMEM;
    int n = sp_udp_recv(fd, PTR(slot), PTR(scratch), (char *) p + off, len, 1, SP_UDP_NOWAIT);
    (*env)->ReleasePrimitiveArrayCritical(env, a, p, 0);
    return n;
}

static jint JNICALL send_array(JNIEnv *env, jclass c, jint fd, jlong slot, jlong scratch, jbyteArray a, jint off) {
    (void) c;
    jbyte *p = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    if (p == NULL) return -ENOMEM;
    int n = sp_udp_send(fd, PTR(slot), PTR(scratch), (const char *) p + off, 0, 1, SP_UDP_NOWAIT);
    (*env)->ReleasePrimitiveArrayCritical(env, a, p, JNI_ABORT);
    return n;
}

static jint JNICALL disconnect_(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_udp_disconnect(fd); }

static jint JNICALL membership(JNIEnv *env, jclass c, jint fd, jint op, jbyteArray group, jint ifindex,
                               jbyteArray source) {
    (void) c;
    uint8_t g[SP_ADDR_SIZE], s[SP_ADDR_SIZE] = {0};
    int rc = sp_jni_address_in(env, group, g);
    if (rc == 0 && source != NULL) rc = sp_jni_address_in(env, source, s);
    return rc < 0 ? rc : sp_udp_membership(fd, op, g, ifindex, s);
}

static const JNINativeMethod methods[] = {
    M("constant", "(I)I", constant),
    M("recv", "(IJJJIII)I", recv_),
    M("send", "(IJJJIII)I", send_),
    M("recvBuffer", "(IJJLjava/nio/ByteBuffer;III)I", recv_buffer),
    M("sendBuffer", "(IJJLjava/nio/ByteBuffer;II)I", send_buffer),
    M("recvArray", "(IJJ[BII)I", recv_array),
    M("sendArray", "(IJJ[BI)I", send_array),
    M("disconnect", "(I)I", disconnect_),
    M("membership", "(II[BI[B)I", membership),
};

int sp_jni_register_udp(JNIEnv *env) {
    return sp_jni_register(env, NATIVE_UDP_CLASS, methods, sizeof methods / sizeof methods[0]);
}
