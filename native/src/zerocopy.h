/*
 * Zero-copy transfers: file to socket (sendfile), socket to pipe and pipe to socket (splice, Linux).
 * Each moves what it can without blocking the caller's non-blocking fds and returns the bytes moved,
 * 0 at the source's end, or a negative errno; -ENOSYS where the OS lacks the call, so Java copies instead.
 */
#ifndef SPINDLE_ZEROCOPY_H
#define SPINDLE_ZEROCOPY_H

#include <stdint.h>

/* Opens a file for reading, close-on-exec (path: NUL-terminated): the fd, or a negative errno. */
int sp_open_read(const char *path);

/*
 * Sends up to count bytes of file_fd from offset to socket_fd. On macOS a partial send before EAGAIN
 * counts as a send (its sendfile reports both). 0: the file ends at offset.
 */
int64_t sp_sendfile(int socket_fd, int file_fd, int64_t offset, int64_t count);

/* splice(2) of up to count bytes from in_fd to out_fd, one of them a pipe, never blocking (SPLICE_F_NONBLOCK). */
int64_t sp_splice(int in_fd, int out_fd, int64_t count);

#endif
