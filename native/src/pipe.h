/*
 * Pipes, and transfers on fds that are not sockets (sp_read/sp_write use recv/send,
 * which fail with ENOTSOCK there). Each returns its result (>= 0) or a negative errno.
 */
#ifndef SPINDLE_PIPE_H
#define SPINDLE_PIPE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A pipe, both ends non-blocking and close-on-exec: (int64_t) read_fd << 32 | write_fd. */
int64_t sp_pipe(void);

/*
 * read(2) and write(2): they block only on a blocking fd. A write to a
 * pipe with no reader raises SIGPIPE, which the JVM ignores, and returns -EPIPE.
 */
ssize_t sp_fd_read(int fd, void *buf, size_t len);
ssize_t sp_fd_write(int fd, const void *buf, size_t len);

#endif
