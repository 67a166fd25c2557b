/*
 * What the JNI files share: argument unpacking and registration. jni.c binds Native.java;
 * jni_udp.c and jni_unix.c bind NativeUdp.java and NativeUnix.java.
 */
#ifndef SPINDLE_JNI_COMMON_H
#define SPINDLE_JNI_COMMON_H

#include <jni.h>
#include <limits.h>
#include <stdint.h>

#include "net.h"

#define M(name, sig, fn) { (char *) (name), (char *) (sig), (void *) (fn) }

/* A direct buffer's memory (Java passes only direct buffers). */
char *sp_jni_direct_memory(JNIEnv *env, jobject buf);
/* A Java address (byte[SP_ADDR_SIZE]) into out; -EINVAL if the array is the wrong size. */
int sp_jni_address_in(JNIEnv *env, jbyteArray a, uint8_t out[SP_ADDR_SIZE]);
/* rc if negative; else copies in to the Java address a and returns 0. */
jint sp_jni_address_out(JNIEnv *env, jbyteArray a, int rc, const uint8_t in[SP_ADDR_SIZE]);
/* RegisterNatives on the named class: 0, or -1 with a Java exception pending. */
int sp_jni_register(JNIEnv *env, const char *class_name, const JNINativeMethod *methods, int count);

/* Native.constant (jni_constants.c): the value of a named id, or SP_NO_CONSTANT for an id it does not know. */
#define SP_NO_CONSTANT INT_MIN
jint JNICALL sp_jni_constant(JNIEnv *env, jclass c, jint id);

int sp_jni_register_udp(JNIEnv *env);
int sp_jni_register_unix(JNIEnv *env);

#endif
