/* Tests the UNIX-domain calls: socketpair, fd passing (with truncation), peer credentials. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "net.h"
#include "pipe.h"
#include "unix.h"

static void pair_of(int *a, int *b) {
    int64_t p = sp_unix_pair();
    CHECK_TRUE(p >= 0);
    *a = (int) (p >> 32);
    *b = (int) (uint32_t) p;
}

/* Open fds below 1024, to prove none leaked. */
static int open_fds(void) {
    int n = 0;
    for (int fd = 0; fd < 1024; fd++) n += fcntl(fd, F_GETFD) >= 0;
    return n;
}

static void test_pair_is_connected_nonblocking_and_cloexec(void) {
    int a, b;
    pair_of(&a, &b);
    CHECK_TRUE(fcntl(a, F_GETFL) & O_NONBLOCK);
    CHECK_TRUE(fcntl(b, F_GETFD) & FD_CLOEXEC);
    char buf[8];
    CHECK_EQ(-EAGAIN, sp_read(b, buf, sizeof buf));
    CHECK_EQ(3, sp_write(a, "abc", 3));
    CHECK_EQ(3, sp_read(b, buf, sizeof buf));
    CHECK_TRUE(memcmp(buf, "abc", 3) == 0);
    CHECK_EQ(0, sp_shutdown(a, SP_SHUT_OUTPUT));
    CHECK_EQ(0, sp_read(b, buf, sizeof buf));
    CHECK_EQ(SP_STREAM, sp_unix_socket_type(a));
    int file = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK_EQ(-ENOTSOCK, sp_unix_socket_type(file));
    close(file);
    sp_close(a);
    sp_close(b);
}

/* Sends a pipe's write end over a pair; the received fd writes into the same pipe. */
static void test_passed_fd_is_the_same_file(void) {
    int a, b;
    pair_of(&a, &b);
    int64_t p = sp_pipe();
    CHECK_TRUE(p >= 0);
    int r = (int) (p >> 32), w = (int) (uint32_t) p;
    CHECK_EQ(1, sp_unix_send_fds(a, "x", 1, &w, 1));
    sp_close(w); /* the message holds its own reference */
    int fds[4] = { -1, -1, -1, -1 };
    struct sp_unix_received got;
    char buf[8];
    CHECK_EQ(1, sp_unix_recv_fds(b, buf, sizeof buf, fds, 4, &got));
    CHECK_EQ(1, got.count);
    CHECK_EQ(0, got.dropped);
    CHECK_EQ(0, got.truncated);
    CHECK_TRUE(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
    CHECK_EQ(4, write(fds[0], "pipe", 4));
    CHECK_EQ(4, read(r, buf, sizeof buf));
    CHECK_TRUE(memcmp(buf, "pipe", 4) == 0);
    CHECK_EQ(-EAGAIN, sp_unix_recv_fds(b, buf, sizeof buf, fds, 4, &got));
    sp_close(fds[0]);
    sp_close(r);
    sp_close(a);
    sp_close(b);
}

/* A receiver with room for 2 of 5 fds gets 2; the other 3 are closed, not leaked. */
static void test_fds_beyond_room_are_closed(void) {
    int a, b;
    pair_of(&a, &b);
    int before = open_fds();
    int sent[5];
    for (int i = 0; i < 5; i++) sent[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK_EQ(2, sp_unix_send_fds(a, "hi", 2, sent, 5));
    for (int i = 0; i < 5; i++) close(sent[i]);
    int fds[2];
    struct sp_unix_received got;
    char buf[8];
    CHECK_EQ(2, sp_unix_recv_fds(b, buf, sizeof buf, fds, 2, &got));
    CHECK_EQ(2, got.count);
    CHECK_EQ(3, got.dropped);
    CHECK_EQ(before + 2, open_fds());
    close(fds[0]);
    close(fds[1]);
    CHECK_EQ(before, open_fds());
    /* No room at all: every fd is closed, and the bytes still arrive. */
    int one = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK_EQ(1, sp_unix_send_fds(a, "z", 1, &one, 1));
    close(one);
    CHECK_EQ(1, sp_unix_recv_fds(b, buf, sizeof buf, fds, 0, &got));
    CHECK_EQ(0, got.count);
    CHECK_EQ(1, got.dropped);
    CHECK_EQ(before, open_fds());
    sp_close(a);
    sp_close(b);
}

static void test_send_checks_its_arguments(void) {
    int a, b;
    pair_of(&a, &b);
    CHECK_EQ(-EINVAL, sp_unix_send_fds(a, "x", 1, &a, 0));
    CHECK_EQ(-EINVAL, sp_unix_send_fds(a, "x", 0, &a, 1));
    CHECK_EQ(-EINVAL, sp_unix_send_fds(a, "x", 1, &a, SP_UNIX_MAX_FDS + 1));
    int closed = b;
    sp_close(b);
    CHECK_EQ(-EBADF, sp_unix_send_fds(a, "x", 1, &closed, 1));
    sp_close(a);
}

static void test_peer_credentials_are_this_process(void) {
    int a, b;
    pair_of(&a, &b);
    int64_t pid = 0, uid = 0, gid = 0;
    CHECK_EQ(0, sp_unix_peer_credentials(a, &pid, &uid, &gid));
    CHECK_EQ(getuid(), uid);
    CHECK_EQ(getgid(), gid);
#if defined(__linux__) || defined(LOCAL_PEERPID)
    CHECK_EQ(getpid(), pid);
#endif
    sp_close(a);
    sp_close(b);
}

static void test_dup_is_cloexec(void) {
    int a, b;
    pair_of(&a, &b);
    int d = sp_unix_dup(a);
    CHECK_TRUE(d >= 0 && d != a);
    CHECK_TRUE(fcntl(d, F_GETFD) & FD_CLOEXEC);
    CHECK_EQ(1, sp_write(d, "d", 1));
    char c;
    CHECK_EQ(1, sp_read(b, &c, 1));
    sp_close(d);
    sp_close(a);
    sp_close(b);
    CHECK_EQ(-EBADF, sp_unix_dup(a));
}

int main(void) {
    RUN(test_pair_is_connected_nonblocking_and_cloexec);
    RUN(test_passed_fd_is_the_same_file);
    RUN(test_fds_beyond_room_are_closed);
    RUN(test_send_checks_its_arguments);
    RUN(test_peer_credentials_are_this_process);
    RUN(test_dup_is_cloexec);
    return 0;
}
