/*
 * JNI glue for dev.spindle.internal.sys.NativeUnix: argument unpacking only (see jni.c). The calls
 * that carry fds touch only direct memory and never block (MSG_DONTWAIT); fd numbers are copied
 * through stack arrays, so nothing is pinned and nothing allocated.
 */
#include <errno.h>

#include "jni_common.h"
#include "unix.h"

#define UNIX_CLASS "dev/spindle/internal/sys/NativeUnix"

static jint JNICALL max_fds(JNIEnv *e, jclass c) { (void) e; (void) c; return SP_UNIX_MAX_FDS; }
static jlong JNICALL pair(JNIEnv *e, jclass c) { (void) e; (void) c; return sp_unix_pair(); }

static jint JNICALL send_fds(JNIEnv *env, jclass c, jint fd, jobject buf, jint pos, jint len, jintArray fds, jint count) {
    (void) c;
    if (count < 1 || count > SP_UNIX_MAX_FDS || count > (*env)->GetArrayLength(env, fds)) return -EINVAL;
    int numbers[SP_UNIX_MAX_FDS];
    (*env)->GetIntArrayRegion(env, fds, 0, count, (jint *) numbers);
    return (jint) sp_unix_send_fds(fd, sp_jni_direct_memory(env, buf) + pos, (size_t) len, numbers, count);
}

/* result: [0] fds written to fds, [1] fds closed for want of room, [2] 1 if the kernel cut the control data. */
static jint JNICALL receive_fds(JNIEnv *env, jclass c, jint fd, jobject buf, jint pos, jint len, jintArray fds,
                                jintArray result) {
    (void) c;
    if ((*env)->GetArrayLength(env, result) < 3) return -EINVAL;
    int max = (*env)->GetArrayLength(env, fds);
    if (max > SP_UNIX_MAX_FDS) max = SP_UNIX_MAX_FDS;
    int numbers[SP_UNIX_MAX_FDS];
    struct sp_unix_received got;
    ssize_t n = sp_unix_recv_fds(fd, sp_jni_direct_memory(env, buf) + pos, (size_t) len, numbers, max, &got);
    if (n < 0) return (jint) n;
    jint counts[3] = { got.count, got.dropped, got.truncated };
    (*env)->SetIntArrayRegion(env, fds, 0, got.count, (const jint *) numbers);
    (*env)->SetIntArrayRegion(env, result, 0, 3, counts);
    return (jint) n;
}

/* out: [0] pid (-1 if unknown), [1] uid, [2] gid. */
static jint JNICALL peer_credentials(JNIEnv *env, jclass c, jint fd, jlongArray out) {
    (void) c;
    if ((*env)->GetArrayLength(env, out) < 3) return -EINVAL;
    int64_t pid, uid, gid;
    int rc = sp_unix_peer_credentials(fd, &pid, &uid, &gid);
    if (rc < 0) return rc;
    jlong values[3] = { pid, uid, gid };
    (*env)->SetLongArrayRegion(env, out, 0, 3, values);
    return 0;
}

static jint JNICALL dup_(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_unix_dup(fd); }
static jint JNICALL socket_type(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_unix_socket_type(fd); }

static jint JNICALL principal_name(JNIEnv *env, jclass c, jlong id, jint group, jbyteArray out) {
    (void) c;
    char name[256];
    int n = sp_unix_principal_name(id, group, name, (int) sizeof name);
    if (n < 0) return n;
    if ((*env)->GetArrayLength(env, out) < n) return -ERANGE;
    (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *) name);
    return n;
}

static const JNINativeMethod methods[] = {
    M("maxFds", "()I", max_fds),
    M("pair", "()J", pair),
    M("sendFds", "(ILjava/nio/ByteBuffer;II[II)I", send_fds),
    M("receiveFds", "(ILjava/nio/ByteBuffer;II[I[I)I", receive_fds),
    M("peerCredentials", "(I[J)I", peer_credentials),
    M("principalName", "(JI[B)I", principal_name),
    M("dup", "(I)I", dup_),
    M("socketType", "(I)I", socket_type),
};

int sp_jni_register_unix(JNIEnv *env) {
    return sp_jni_register(env, UNIX_CLASS, methods, sizeof methods / sizeof methods[0]);
}
