/* UNIX-domain socket calls. No policy: Java decides what an errno means. */
#include "unix.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "net.h"
#include "platform.h"

#ifdef MSG_CMSG_CLOEXEC
#define RECV_FLAGS (MSG_DONTWAIT | MSG_CMSG_CLOEXEC)
#else
#define RECV_FLAGS MSG_DONTWAIT /* macOS: FD_CLOEXEC is set after recvmsg */
#endif

/* Room for the most fds any message can carry, so the kernel never has to cut them off itself. */
typedef union {
    struct cmsghdr align;
    char bytes[CMSG_SPACE(SP_UNIX_MAX_FDS * sizeof(int))];
} control_buffer;

int64_t sp_unix_pair(void) {
    int fds[2];
#ifdef SOCK_NONBLOCK
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0) return -errno;
#else
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0) return -errno;
    int first = sp_configured_fd(fds[0]);
    if (first < 0) { close(fds[1]); return first; }
    int second = sp_configured_fd(fds[1]);
    if (second < 0) { close(fds[0]); return second; }
#endif
    return (int64_t) fds[0] << 32 | (uint32_t) fds[1];
}

ssize_t sp_unix_send_fds(int fd, const void *buf, size_t len, const int *fds, int count) {
    if (len == 0 || count < 1 || count > SP_UNIX_MAX_FDS) return -EINVAL;
    control_buffer control;
    memset(&control, 0, sizeof control);
    struct iovec iov = { .iov_base = (void *) buf, .iov_len = len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                          .msg_controllen = CMSG_SPACE(count * sizeof(int)) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(count * sizeof(int));
    memcpy(CMSG_DATA(c), fds, count * sizeof(int));
    SP_RETURN(sendmsg(fd, &msg, SP_SEND_FLAGS | MSG_DONTWAIT));
}

/* Hands one received fd over, or closes it if the caller has no room left. */
static void take(int received, int *fds, int max, struct sp_unix_received *out) {
#ifndef MSG_CMSG_CLOEXEC
    (void) fcntl(received, F_SETFD, FD_CLOEXEC); /* before anything else may fork */
#endif
    if (out->count < max) fds[out->count++] = received;
    else { close(received); out->dropped++; }
}

/* musl's CMSG_NXTHDR compares a signed with an unsigned length inside the macro (-Wsign-compare). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
static struct cmsghdr *next_header(struct msghdr *msg, struct cmsghdr *c) { return CMSG_NXTHDR(msg, c); }
#pragma GCC diagnostic pop

ssize_t sp_unix_recv_fds(int fd, void *buf, size_t len, int *fds, int max, struct sp_unix_received *out) {
    memset(out, 0, sizeof *out);
    control_buffer control;
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                          .msg_controllen = sizeof control.bytes };
    ssize_t n = recvmsg(fd, &msg, RECV_FLAGS);
    if (n < 0) return -errno;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = next_header(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; i++) {
            int received;
            memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof received); /* CMSG_DATA may be unaligned */
            take(received, fds, max, out);
        }
    }
    out->truncated = (msg.msg_flags & MSG_CTRUNC) != 0;
    return n;
}

int sp_unix_peer_credentials(int fd, int64_t *pid, int64_t *uid, int64_t *gid) {
#if defined(SO_PEERCRED)
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) return -errno;
    *pid = cred.pid; *uid = cred.uid; *gid = cred.gid;
    return 0;
#else
    uid_t u; gid_t g;
    if (getpeereid(fd, &u, &g) < 0) return -errno;
    *uid = u; *gid = g; *pid = -1;
#if defined(LOCAL_PEERPID)
    pid_t p;
    socklen_t len = sizeof p;
    if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, &p, &len) == 0) *pid = p;
#endif
    return 0;
#endif
}

int sp_unix_dup(int fd) {
    SP_RETURN(fcntl(fd, F_DUPFD_CLOEXEC, 0));
}

int sp_unix_socket_type(int fd) {
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) return -errno;
    return type == SOCK_STREAM ? SP_STREAM : type == SOCK_DGRAM ? SP_DATAGRAM : 0;
}

int sp_unix_principal_name(int64_t id, int group, char *name, int size) {
    char buf[4096];
    const char *found = NULL;
    int rc;
    if (group) {
        struct group g, *r = NULL;
        rc = getgrgid_r((gid_t) id, &g, buf, sizeof buf, &r);
        if (r != NULL) found = g.gr_name;
    } else {
        struct passwd p, *r = NULL;
        rc = getpwuid_r((uid_t) id, &p, buf, sizeof buf, &r);
        if (r != NULL) found = p.pw_name;
    }
    if (found == NULL) return rc > 0 ? -rc : -ENOENT;
    size_t n = strlen(found);
    if (n > (size_t) size) return -ERANGE;
    memcpy(name, found, n);
    return (int) n;
}
