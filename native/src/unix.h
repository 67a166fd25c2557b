/*
 * UNIX-domain socket calls: socketpair, fd passing (SCM_RIGHTS), peer credentials. As in net.h,
 * each returns its result (>= 0) or a negative errno; new fds are non-blocking and close-on-exec.
 */
#ifndef SPINDLE_UNIX_H
#define SPINDLE_UNIX_H

#include <stdint.h>
#include <sys/types.h>

/* The most fds one message carries: Linux's SCM_MAX_FD; macOS takes as many. */
#define SP_UNIX_MAX_FDS 253

/* What a receive did with the fds that came: handed over, closed for want of room, cut by the kernel. */
struct sp_unix_received {
    int count;     /* fds written to the caller's array */
    int dropped;   /* fds that arrived but did not fit: closed here */
    int truncated; /* 1 if the kernel cut the control data (MSG_CTRUNC): a number of fds unknown was lost */
};

/* A connected pair of stream sockets: first << 32 | second. */
int64_t sp_unix_pair(void);

/*
 * Sends len bytes (len >= 1) with count fds (1..SP_UNIX_MAX_FDS) attached; never blocks (MSG_DONTWAIT).
 * The fds stay the caller's: the kernel passes duplicates.
 */
ssize_t sp_unix_send_fds(int fd, const void *buf, size_t len, const int *fds, int count);

/*
 * Receives up to len bytes and the fds sent with them, never blocking (MSG_DONTWAIT). At most max
 * fds go to fds (close-on-exec); the rest are closed, never leaked, and counted in out->dropped.
 */
ssize_t sp_unix_recv_fds(int fd, void *buf, size_t len, int *fds, int max, struct sp_unix_received *out);

/* The peer's process id (-1 where the OS cannot say), user id and group id. */
int sp_unix_peer_credentials(int fd, int64_t *pid, int64_t *uid, int64_t *gid);

/* The name of user (group 0) or group (1) id into name[size]: its length; -ENOENT if the id has none. */
int sp_unix_principal_name(int64_t id, int group, char *name, int size);

/* A close-on-exec duplicate of fd. */
int sp_unix_dup(int fd);

/* SO_TYPE of a socket as net.h's SP_STREAM or SP_DATAGRAM, 0 for another type; -ENOTSOCK if fd is no socket. */
int sp_unix_socket_type(int fd);

#endif
