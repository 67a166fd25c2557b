/* Zero-copy transfers. No policy: Java decides what an errno means and when to copy instead. */
#include "zerocopy.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/sendfile.h>
#endif

#include "platform.h"

int sp_open_read(const char *path) {
    SP_RETURN(open(path, O_RDONLY | O_CLOEXEC));
}

int64_t sp_sendfile(int socket_fd, int file_fd, int64_t offset, int64_t count) {
#ifdef __linux__
    off_t at = (off_t) offset;
    SP_RETURN(sendfile(socket_fd, file_fd, &at, (size_t) count));
#elif defined(__APPLE__)
    off_t len = (off_t) count; /* in: how much to send; out: how much was sent, even on EAGAIN */
    int rc = sendfile(file_fd, socket_fd, (off_t) offset, &len, NULL, 0);
    if (rc < 0 && len == 0) return -errno;
    return len;
#else
    (void) socket_fd; (void) file_fd; (void) offset; (void) count;
    return -ENOSYS;
#endif
}

int64_t sp_splice(int in_fd, int out_fd, int64_t count) {
#ifdef __linux__
    SP_RETURN(splice(in_fd, NULL, out_fd, NULL, (size_t) count, SPLICE_F_MOVE | SPLICE_F_NONBLOCK));
#else
    (void) in_fd; (void) out_fd; (void) count;
    return -ENOSYS;
#endif
}
