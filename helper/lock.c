/*
 * lock: flock-based waiting locks.
 */
#include "lock.h"

#include "msg.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

int lock_acquire(const char *path, const char *what)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	assert(path && what);
	if (fd < 0)
		return error_errno("cannot open lock file '%s'", path);
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (errno != EWOULDBLOCK) {
		error_errno("cannot lock '%s'", path);
		close(fd);
		return -1;
	}
	say("waiting for another pyvenv working on %s", what);
	while (flock(fd, LOCK_EX)) {
		if (errno != EINTR) {
			error_errno("cannot lock '%s'", path);
			close(fd);
			return -1;
		}
	}
	return fd;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
