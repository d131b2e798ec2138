/*
 * lock: flock-based waiting locks, lock files that their holder removes,
 * and the holder's name for the waiting message.
 */
#include "lock.h"

#include "interrupt.h"
#include "msg.h"
#include "strbuf.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

/* The pid /proc/locks names as holding the flock on st's file; 0 if none. */
static long holder_pid(const struct stat *st)
{
	FILE *f = fopen("/proc/locks", "re");
	char line[256];
	long pid = 0;

	if (!f)
		return 0;
	while (!pid && fgets(line, sizeof(line), f)) {
		unsigned int maj, min;
		unsigned long ino;
		long p;

		/* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; waiters
		 * have "->" before FLOCK. */
		if (strstr(line, "->") || sscanf(line, "%*d: FLOCK %*s %*s %ld %x:%x:%lu", &p, &maj, &min, &ino) != 4)
			continue;
		if (maj == major(st->st_dev) && min == minor(st->st_dev) && ino == st->st_ino)
			pid = p;
	}
	fclose(f);
	return pid;
}

/* "pid 1234, user alice: pyvenv create env" (what /proc tells of it). */
static void describe_pid(struct strbuf *out, long pid)
{
	char path[64];
	struct strbuf cmd = STRBUF_INIT;
	struct stat st;

	strbuf_addf(out, "pid %ld", pid);
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	if (!stat(path, &st)) {
		const struct passwd *pw = getpwuid(st.st_uid);

		if (pw)
			strbuf_addf(out, ", user %s", pw->pw_name);
		else
			strbuf_addf(out, ", uid %ju", (uintmax_t)st.st_uid);
	}
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	if (strbuf_read_file(&cmd, path) >= 0 && cmd.len) {
		for (size_t i = 0; i + 1 < cmd.len; i++)
			if (!cmd.buf[i])
				cmd.buf[i] = ' ';
		if (cmd.len > 100)
			strbuf_addf(out, ": %.100s...", cmd.buf);
		else
			strbuf_addf(out, ": %s", cmd.buf);
	}
	strbuf_release(&cmd);
}

static void say_waiting(int fd, const char *path, const char *what)
{
	struct strbuf who = STRBUF_INIT;
	struct stat st;
	long pid = fstat(fd, &st) ? 0 : holder_pid(&st);

	if (pid)
		describe_pid(&who, pid);
	say("waiting for another pyvenv working on %s (lock '%s'%s%s)", what, path,
	    pid ? ", held by " : "", who.buf);
	strbuf_release(&who);
}

static void pause_ms(long ms)
{
	const struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Takes the lock on fd (op: LOCK_EX or LOCK_SH), waiting for its holder:
 * quietly at first, unless -v asked for detail. */
static int wait_lock(int fd, const char *path, const char *what, int op)
{
	const long quiet_ms = msg_verbosity() >= MSG_VERBOSE ? 0 : LOCK_NOTICE_MS;
	long waited = 0, step = 1;

	for (;;) {
		if (!flock(fd, op | LOCK_NB))
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return error_errno("cannot lock '%s'", path);
		if (interrupt_pending())
			return -1;
		if (waited >= quiet_ms)
			break;
		pause_ms(step);
		waited += step;
		step = step < 64 ? 2 * step : 64;
	}
	say_waiting(fd, path, what);
	while (flock(fd, op)) {
		if (errno != EINTR)
			return error_errno("cannot lock '%s'", path);
		if (interrupt_pending())
			return -1;
	}
	return 0;
}

static int open_lock_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 && errno == ELOOP) {
		error("the lock file '%s' is a symbolic link: refusing to follow it", path);
		hint("remove it if you did not make it");
		return -1;
	}
	if (fd < 0)
		return error_errno("cannot open the lock file '%s'", path);
	return fd;
}

/* Is fd still the file at path (not removed by a holder meanwhile)? */
static int still_there(int fd, const char *path)
{
	struct stat a, b;

	return !fstat(fd, &a) && !lstat(path, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int lock_file_op(const char *path, const char *what, int op)
{
	assert(path && what);
	for (;;) {
		int fd = open_lock_file(path);

		if (fd < 0)
			return -1;
		if (wait_lock(fd, path, what, op)) {
			close(fd);
			return -1;
		}
		if (still_there(fd, path))
			return fd;
		close(fd);
	}
}

int lock_file(const char *path, const char *what)
{
	return lock_file_op(path, what, LOCK_EX);
}

int lock_file_shared(const char *path, const char *what)
{
	return lock_file_op(path, what, LOCK_SH);
}

int lock_file_try(const char *path)
{
	for (;;) {
		int fd = open_lock_file(path);

		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			const int err = errno;

			close(fd);
			if (err == EWOULDBLOCK)
				return LOCK_BUSY;
			errno = err;
			return error_errno("cannot lock '%s'", path);
		}
		if (still_there(fd, path))
			return fd;
		close(fd);
	}
}

void lock_file_release(int fd, const char *path)
{
	if (fd < 0)
		return;
	/* The last holder removes the file: one that can have the lock alone
	 * (a shared holder that cannot lets go and leaves it to the others;
	 * converting drops its lock anyway). A run granted the lock on the
	 * removed file sees that and starts over. */
	if (!flock(fd, LOCK_EX | LOCK_NB) && still_there(fd, path))
		unlink(path);
	close(fd);
}

static int open_dir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int lock_dir(const char *path, const char *what)
{
	int fd = open_dir(path);

	assert(path && what);
	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	if (wait_lock(fd, path, what, LOCK_EX)) {
		close(fd);
		return -1;
	}
	return fd;
}

int lock_fd_try(int fd)
{
	return flock(fd, LOCK_EX | LOCK_NB) ? LOCK_BUSY : 0;
}

int lock_dir_try(const char *path)
{
	int fd = open_dir(path);

	if (fd < 0)
		return -1;
	if (lock_fd_try(fd)) {
		close(fd);
		return LOCK_BUSY;
	}
	return fd;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
