/* Pipes and plain fd transfers. No policy: Java decides what an errno means. */
#include "pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "platform.h"

#ifndef __linux__
/* No pipe2 on macOS: the flags go on after, so an exec racing in between may inherit an end. */
static int configure(int fd) {
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) return -errno;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -errno;
    return 0;
}
#endif

int64_t sp_pipe(void) {
    int fds[2];
#ifdef __linux__
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) return -errno;
#else
    if (pipe(fds) < 0) return -errno;
    int rc = configure(fds[0]);
    if (rc == 0) rc = configure(fds[1]);
    if (rc < 0) {
        close(fds[0]);
        close(fds[1]);
        return rc;
    }
#endif
    return (int64_t) fds[0] << 32 | (uint32_t) fds[1];
}

ssize_t sp_fd_read(int fd, void *buf, size_t len) { SP_RETURN(read(fd, buf, len)); }
ssize_t sp_fd_write(int fd, const void *buf, size_t len) { SP_RETURN(write(fd, buf, len)); }
