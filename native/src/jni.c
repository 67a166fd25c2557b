/*
 * JNI glue for dev.spindle.internal.sys.Native: argument unpacking only.
 * Every native returns the syscall's result or a negative errno; C never throws.
 * Heap arrays are pinned with Get/ReleasePrimitiveArrayCritical only around a
 * syscall that cannot block (MSG_DONTWAIT, whatever the fd's mode; or plain
 * read/write on an fd that is O_NONBLOCK for its whole life), so no memory
 * is allocated per call and a GC never waits on a quiet peer. Blocking waits
 * happen on direct memory only.
 */
#include <errno.h>
#include <jni.h>
#include <string.h>
#include <sys/uio.h>

#include "jni_common.h"
#include "net.h"
#include "pipe.h"
#include "poller.h"
#include "zerocopy.h"

#define NATIVE_CLASS "dev/spindle/internal/sys/Native"

static jstring JNICALL strerror_(JNIEnv *env, jclass c, jint err) {
    (void) c;
    return (*env)->NewStringUTF(env, strerror(err));
}

/*
 * A direct buffer's memory. GetDirectBufferAddress type-checks the buffer against an interface on
 * every call (1.4% of a Netty-on-Spindle server's samples under perf); Java passes only direct
 * buffers here, so read Buffer.address directly when JNI_OnLoad found the field.
 */
static jfieldID buffer_address_field;

char *sp_jni_direct_memory(JNIEnv *env, jobject buf) {
    if (buffer_address_field != NULL) return (char *) (intptr_t) (*env)->GetLongField(env, buf, buffer_address_field);
    return (*env)->GetDirectBufferAddress(env, buf);
}

static jlong JNICALL buffer_address(JNIEnv *env, jclass c, jobject buf) {
    (void) c;
    return (jlong) (intptr_t) sp_jni_direct_memory(env, buf);
}

/* ---- poller ---- */

static jint JNICALL poller_create(JNIEnv *e, jclass c) { (void) e; (void) c; return sp_poller_create(); }
static jint JNICALL poller_register(JNIEnv *e, jclass c, jint pfd, jint fd, jlong token) {
    (void) e; (void) c; return sp_poller_register(pfd, fd, (uint64_t) token);
}
static jint JNICALL poller_deregister(JNIEnv *e, jclass c, jint pfd, jint fd) {
    (void) e; (void) c; return sp_poller_deregister(pfd, fd);
}
static jint JNICALL poller_watch(JNIEnv *e, jclass c, jint pfd, jint fd, jlong token) {
    (void) e; (void) c; return sp_poller_watch(pfd, fd, (uint64_t) token);
}
static jint JNICALL poller_wait(JNIEnv *e, jclass c, jint pfd, jlong events, jint max, jint timeout) {
    (void) e; (void) c; return sp_poller_wait(pfd, (void *) (intptr_t) events, max, timeout);
}
static jint JNICALL wakeup_open(JNIEnv *e, jclass c, jint pfd, jlong token) {
    (void) e; (void) c; return sp_wakeup_open(pfd, (uint64_t) token);
}
static jint JNICALL wakeup_signal(JNIEnv *e, jclass c, jint pfd, jint h) {
    (void) e; (void) c; return sp_wakeup_signal(pfd, h);
}
static jint JNICALL wakeup_drain(JNIEnv *e, jclass c, jint pfd, jint h) {
    (void) e; (void) c; return sp_wakeup_drain(pfd, h);
}
static jint JNICALL timer_open(JNIEnv *e, jclass c, jint pfd, jlong token) {
    (void) e; (void) c; return sp_timer_open(pfd, (uint64_t) token);
}
static jint JNICALL timer_arm(JNIEnv *e, jclass c, jint pfd, jint h, jlong delay) {
    (void) e; (void) c; return sp_timer_arm(pfd, h, delay);
}
static jint JNICALL selector_set(JNIEnv *e, jclass c, jint pfd, jint fd, jint old_ev, jint new_ev, jlong token) {
    (void) e; (void) c; return sp_selector_set(pfd, fd, old_ev, new_ev, (uint64_t) token);
}
static jint JNICALL poller_close(JNIEnv *e, jclass c, jint pfd, jint w, jint t) {
    (void) e; (void) c; return sp_poller_close(pfd, w, t);
}

/* ---- sockets ---- */

/* Copies a Java address into a stack buffer; -EINVAL if the array is the wrong size. */
int sp_jni_address_in(JNIEnv *env, jbyteArray a, uint8_t out[SP_ADDR_SIZE]) {
    if ((*env)->GetArrayLength(env, a) != SP_ADDR_SIZE) return -EINVAL;
    (*env)->GetByteArrayRegion(env, a, 0, SP_ADDR_SIZE, (jbyte *) out);
    return 0;
}

jint sp_jni_address_out(JNIEnv *env, jbyteArray a, int rc, const uint8_t in[SP_ADDR_SIZE]) {
    if (rc < 0) return rc;
    if ((*env)->GetArrayLength(env, a) != SP_ADDR_SIZE) return -EINVAL;
    (*env)->SetByteArrayRegion(env, a, 0, SP_ADDR_SIZE, (const jbyte *) in);
    return 0;
}

static jint JNICALL socket_(JNIEnv *e, jclass c, jint family, jint type) { (void) e; (void) c; return sp_socket(family, type); }

static jint JNICALL bind_(JNIEnv *env, jclass c, jint fd, jbyteArray addr) {
    (void) c;
    uint8_t a[SP_ADDR_SIZE];
    int rc = sp_jni_address_in(env, addr, a);
    return rc < 0 ? rc : sp_bind(fd, a);
}

static jint JNICALL connect_(JNIEnv *env, jclass c, jint fd, jbyteArray addr) {
    (void) c;
    uint8_t a[SP_ADDR_SIZE];
    int rc = sp_jni_address_in(env, addr, a);
    return rc < 0 ? rc : sp_connect(fd, a);
}

static jint JNICALL listen_(JNIEnv *e, jclass c, jint fd, jint backlog) { (void) e; (void) c; return sp_listen(fd, backlog); }
static jint JNICALL accept_(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_accept(fd); }

static jint JNICALL local_address(JNIEnv *env, jclass c, jint fd, jbyteArray out) {
    (void) c;
    uint8_t a[SP_ADDR_SIZE];
    return sp_jni_address_out(env, out, sp_local_address(fd, a), a);
}

static jint JNICALL peer_address(JNIEnv *env, jclass c, jint fd, jbyteArray out) {
    (void) c;
    uint8_t a[SP_ADDR_SIZE];
    return sp_jni_address_out(env, out, sp_peer_address(fd, a), a);
}

static jint JNICALL socket_error(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_socket_error(fd); }
static jint JNICALL available(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_available(fd); }

static jint JNICALL read_buffer(JNIEnv *env, jclass c, jint fd, jobject buf, jint pos, jint len) {
    (void) c;
    return (jint) sp_read(fd, sp_jni_direct_memory(env, buf) + pos, (size_t) len);
}

static jint JNICALL write_buffer(JNIEnv *env, jclass c, jint fd, jobject buf, jint pos, jint len) {
    (void) c;
    return (jint) sp_write(fd, sp_jni_direct_memory(env, buf) + pos, (size_t) len);
}

/* One transfer into or out of a pinned array; the caller guarantees it cannot block (see the top). */
static jint into_pinned(JNIEnv *env, jbyteArray a, jint off, jint len, int fd, ssize_t (*transfer)(int, void *, size_t)) {
    jbyte *p = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    if (p == NULL) return -ENOMEM;
    ssize_t n = transfer(fd, p + off, (size_t) len);
    (*env)->ReleasePrimitiveArrayCritical(env, a, p, 0);
    return (jint) n;
}

static jint out_of_pinned(JNIEnv *env, jbyteArray a, jint off, jint len, int fd,
                          ssize_t (*transfer)(int, const void *, size_t)) {
    jbyte *p = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    if (p == NULL) return -ENOMEM;
    ssize_t n = transfer(fd, p + off, (size_t) len);
    (*env)->ReleasePrimitiveArrayCritical(env, a, p, JNI_ABORT); /* nothing to copy back */
    return (jint) n;
}

static jint JNICALL read_array(JNIEnv *env, jclass c, jint fd, jbyteArray a, jint off, jint len) {
    (void) c; return into_pinned(env, a, off, len, fd, sp_read_nowait);
}

static jint JNICALL write_array(JNIEnv *env, jclass c, jint fd, jbyteArray a, jint off, jint len) {
    (void) c; return out_of_pinned(env, a, off, len, fd, sp_write_nowait);
}

static jlong JNICALL readv_(JNIEnv *e, jclass c, jint fd, jlong iov, jint n) {
    (void) e; (void) c; return sp_readv(fd, (const void *) (intptr_t) iov, n);
}
static jlong JNICALL writev_(JNIEnv *e, jclass c, jint fd, jlong iov, jint n) {
    (void) e; (void) c; return sp_writev(fd, (const void *) (intptr_t) iov, n);
}

/* The most iovecs writevPinned takes: Java's IoVectors.BATCH is at most this. */
#define SP_PINNED_IOV_MAX 64

/*
 * A gathering write over direct memory and heap arrays. arrays[i], when not null, is the array
 * that iovec i's base is an offset into; every such array is pinned around one sendmsg that cannot
 * block (MSG_DONTWAIT). The caller's iovecs are left as they are (a retry reuses them): the
 * addresses go into a copy on the stack. Elements are fetched before the first pin, since no other
 * JNI call may come between a pin and its release.
 */
static jlong JNICALL writev_pinned(JNIEnv *env, jclass c, jint fd, jlong iov_address, jint n, jobjectArray arrays) {
    (void) c;
    if (n < 0 || n > SP_PINNED_IOV_MAX) return -EINVAL;
    if ((*env)->PushLocalFrame(env, n) < 0) return -ENOMEM;
    const struct iovec *given = (const struct iovec *) (intptr_t) iov_address;
    struct iovec iov[SP_PINNED_IOV_MAX];
    jobject array[SP_PINNED_IOV_MAX];
    jbyte *pinned[SP_PINNED_IOV_MAX];
    for (jint i = 0; i < n; i++) {
        iov[i] = given[i];
        array[i] = (*env)->GetObjectArrayElement(env, arrays, i);
        pinned[i] = NULL;
    }
    ssize_t rc = 0;
    jint held = 0;
    for (; held < n; held++) {
        if (array[held] == NULL) continue;
        pinned[held] = (*env)->GetPrimitiveArrayCritical(env, array[held], NULL);
        if (pinned[held] == NULL) {
            rc = -ENOMEM;
            break;
        }
        iov[held].iov_base = (char *) pinned[held] + (uintptr_t) iov[held].iov_base;
    }
    if (rc == 0) rc = sp_writev_nowait(fd, iov, n);
    while (held-- > 0) {
        if (pinned[held] != NULL) (*env)->ReleasePrimitiveArrayCritical(env, array[held], pinned[held], JNI_ABORT);
    }
    (*env)->PopLocalFrame(env, NULL);
    return (jlong) rc;
}

/* ---- pipes and other non-socket fds ---- */

static jlong JNICALL pipe_(JNIEnv *e, jclass c) { (void) e; (void) c; return sp_pipe(); }

static jint JNICALL fd_read_buffer(JNIEnv *env, jclass c, jint fd, jobject buf, jint pos, jint len) {
    (void) c; return (jint) sp_fd_read(fd, sp_jni_direct_memory(env, buf) + pos, (size_t) len);
}

static jint JNICALL fd_write_buffer(JNIEnv *env, jclass c, jint fd, jobject buf, jint pos, jint len) {
    (void) c; return (jint) sp_fd_write(fd, sp_jni_direct_memory(env, buf) + pos, (size_t) len);
}

/* read(2) has no MSG_DONTWAIT: only the fd's O_NONBLOCK keeps this pinned call from blocking. */
static jint JNICALL fd_read_array(JNIEnv *env, jclass c, jint fd, jbyteArray a, jint off, jint len) {
    (void) c; return into_pinned(env, a, off, len, fd, sp_fd_read);
}

static jint JNICALL fd_write_array(JNIEnv *env, jclass c, jint fd, jbyteArray a, jint off, jint len) {
    (void) c; return out_of_pinned(env, a, off, len, fd, sp_fd_write);
}


static jint JNICALL set_blocking(JNIEnv *e, jclass c, jint fd, jint blocking) {
    (void) e; (void) c; return sp_set_blocking(fd, blocking);
}
static jint JNICALL shutdown_(JNIEnv *e, jclass c, jint fd, jint how) { (void) e; (void) c; return sp_shutdown(fd, how); }
static jint JNICALL send_urgent(JNIEnv *e, jclass c, jint fd, jint b) { (void) e; (void) c; return sp_send_urgent(fd, b); }
static jint JNICALL close_(JNIEnv *e, jclass c, jint fd) { (void) e; (void) c; return sp_close(fd); }
static jint JNICALL poll_fd(JNIEnv *e, jclass c, jint fd, jint ev, jint timeout) {
    (void) e; (void) c; return sp_poll_fd(fd, ev, timeout);
}
static jint JNICALL set_option(JNIEnv *e, jclass c, jint fd, jint opt, jint value) {
    (void) e; (void) c; return sp_set_option(fd, opt, value);
}

/* The value as an unsigned 32-bit number, or a negative errno. */
static jlong JNICALL get_option(JNIEnv *e, jclass c, jint fd, jint opt) {
    (void) e; (void) c;
    int value = 0;
    int rc = sp_get_option(fd, opt, &value);
    return rc < 0 ? rc : (jlong) (uint32_t) value;
}

static jint JNICALL option_supported(JNIEnv *e, jclass c, jint opt) { (void) e; (void) c; return sp_option_supported(opt); }

static jint JNICALL get_congestion(JNIEnv *env, jclass c, jint fd, jbyteArray out) {
    (void) c;
    char name[64];
    int n = sp_get_congestion(fd, name, (int) sizeof name);
    if (n < 0) return n;
    if ((*env)->GetArrayLength(env, out) < n) return -ERANGE;
    (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *) name);
    return n;
}

static jint JNICALL set_congestion(JNIEnv *env, jclass c, jint fd, jbyteArray in) {
    (void) c;
    char name[64];
    jsize n = (*env)->GetArrayLength(env, in);
    if (n <= 0 || n >= (jsize) sizeof name) return -EINVAL;
    (*env)->GetByteArrayRegion(env, in, 0, n, (jbyte *) name);
    name[n] = 0;
    return sp_set_congestion(fd, name, (int) n);
}

static jint JNICALL tcp_info(JNIEnv *env, jclass c, jint fd, jlongArray out) {
    (void) c;
    int64_t v[SP_TCP_INFO_FIELDS];
    int n = sp_tcp_info(fd, v);
    if (n < 0) return n;
    if ((*env)->GetArrayLength(env, out) < n) return -EINVAL;
    (*env)->SetLongArrayRegion(env, out, 0, n, (const jlong *) v);
    return n;
}

/* ---- zero copy ---- */

static jint JNICALL open_read(JNIEnv *env, jclass c, jbyteArray path) {
    (void) c;
    char p[4096];
    jsize n = (*env)->GetArrayLength(env, path);
    if (n <= 0 || n >= (jsize) sizeof p) return -ENAMETOOLONG;
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *) p);
    p[n] = 0;
    if (memchr(p, 0, (size_t) n) != NULL) return -EINVAL; /* a NUL inside would name another file */
    return sp_open_read(p);
}

static jlong JNICALL sendfile_(JNIEnv *e, jclass c, jint socket_fd, jint file_fd, jlong offset, jlong count) {
    (void) e; (void) c; return sp_sendfile(socket_fd, file_fd, offset, count);
}

static jlong JNICALL splice_(JNIEnv *e, jclass c, jint in_fd, jint out_fd, jlong count) {
    (void) e; (void) c; return sp_splice(in_fd, out_fd, count);
}

int sp_jni_register(JNIEnv *env, const char *class_name, const JNINativeMethod *methods, int count) {
    jclass cls = (*env)->FindClass(env, class_name);
    if (cls == NULL) return -1;
    return (*env)->RegisterNatives(env, cls, methods, count) != 0 ? -1 : 0;
}

static const JNINativeMethod methods[] = {
    M("constant", "(I)I", sp_jni_constant),
    M("strerror", "(I)Ljava/lang/String;", strerror_),
    M("bufferAddress", "(Ljava/nio/ByteBuffer;)J", buffer_address),
    M("pollerCreate", "()I", poller_create),
    M("pollerRegister", "(IIJ)I", poller_register),
    M("pollerDeregister", "(II)I", poller_deregister),
    M("pollerWait", "(IJII)I", poller_wait),
    M("pollerWatch", "(IIJ)I", poller_watch),
    M("wakeupOpen", "(IJ)I", wakeup_open),
    M("wakeupSignal", "(II)I", wakeup_signal),
    M("wakeupDrain", "(II)I", wakeup_drain),
    M("timerOpen", "(IJ)I", timer_open),
    M("timerArm", "(IIJ)I", timer_arm),
    M("selectorSet", "(IIIIJ)I", selector_set),
    M("pollerClose", "(III)I", poller_close),
    M("socket", "(II)I", socket_),
    M("bind", "(I[B)I", bind_),
    M("listen", "(II)I", listen_),
    M("connect", "(I[B)I", connect_),
    M("accept", "(I)I", accept_),
    M("localAddress", "(I[B)I", local_address),
    M("peerAddress", "(I[B)I", peer_address),
    M("socketError", "(I)I", socket_error),
    M("available", "(I)I", available),
    M("readBuffer", "(ILjava/nio/ByteBuffer;II)I", read_buffer),
    M("writeBuffer", "(ILjava/nio/ByteBuffer;II)I", write_buffer),
    M("readArray", "(I[BII)I", read_array),
    M("writeArray", "(I[BII)I", write_array),
    M("readv", "(IJI)J", readv_),
    M("writev", "(IJI)J", writev_),
    M("writevPinned", "(IJI[[B)J", writev_pinned),
    M("pipe", "()J", pipe_),
    M("fdReadBuffer", "(ILjava/nio/ByteBuffer;II)I", fd_read_buffer),
    M("fdWriteBuffer", "(ILjava/nio/ByteBuffer;II)I", fd_write_buffer),
    M("fdReadArray", "(I[BII)I", fd_read_array),
    M("fdWriteArray", "(I[BII)I", fd_write_array),
    M("setBlocking", "(II)I", set_blocking),
    M("shutdown", "(II)I", shutdown_),
    M("sendUrgent", "(II)I", send_urgent),
    M("close", "(I)I", close_),
    M("pollFd", "(III)I", poll_fd),
    M("setOption", "(III)I", set_option),
    M("getOption", "(II)J", get_option),
    M("optionSupported", "(I)I", option_supported),
    M("getCongestion", "(I[B)I", get_congestion),
    M("setCongestion", "(I[B)I", set_congestion),
    M("tcpInfo", "(I[J)I", tcp_info),
    M("openRead", "([B)I", open_read),
    M("sendfile", "(IIJJ)J", sendfile_),
    M("splice", "(IIJ)J", splice_),
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    if (sp_jni_register(env, NATIVE_CLASS, methods, sizeof methods / sizeof methods[0]) != 0
            || sp_jni_register_udp(env) != 0 || sp_jni_register_unix(env) != 0) return JNI_ERR;
    jclass buffer = (*env)->FindClass(env, "java/nio/Buffer");
    if (buffer != NULL) buffer_address_field = (*env)->GetFieldID(env, buffer, "address", "J");
    if (buffer_address_field == NULL) (*env)->ExceptionClear(env); /* renamed some day: the checked call still works */
    return JNI_VERSION_1_8;
}
