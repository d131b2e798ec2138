/*
 * testutil.h: small helpers shared by the cmocka unit tests: temporary
 * directories, whole-file I/O and running a child process with its output
 * captured. Independent of the modules under test (only strbuf is used, as a
 * buffer), so a broken fsutil or proc cannot hide its own failures.
 *
 * Include after <cmocka.h>.
 */
#ifndef PYVENV_TESTUTIL_H
#define PYVENV_TESTUTIL_H

#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static inline void tu_rmtree_quiet(const char *path);

/* Temporary directories made by tu_mkdtemp, removed at exit in case a failed
 * assertion skipped a test's own clean-up. */
static char *tu_dirs[64];

static inline void tu_cleanup_dirs(void)
{
	for (size_t i = 0; i < sizeof(tu_dirs) / sizeof(tu_dirs[0]); i++) {
		if (tu_dirs[i]) {
			tu_rmtree_quiet(tu_dirs[i]);
			free(tu_dirs[i]);
			tu_dirs[i] = NULL;
		}
	}
}

/* A new empty directory under /tmp (realpath'd); caller frees. */
static inline char *tu_mkdtemp(void)
{
	static int registered;
	char tmpl[] = "/tmp/pyvenv-unit-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *real;

	assert_non_null(dir);
	real = realpath(dir, NULL);
	assert_non_null(real);
	if (!registered) {
		atexit(tu_cleanup_dirs);
		registered = 1;
	}
	for (size_t i = 0; i < sizeof(tu_dirs) / sizeof(tu_dirs[0]); i++) {
		if (!tu_dirs[i]) {
			tu_dirs[i] = xstrdup(real);
			break;
		}
	}
	return real;
}

static inline int tu_chmod_dir(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_D || type == FTW_DNR)
		chmod(path, 0700);
	return 0;
}

static inline int tu_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static inline void tu_rmtree_quiet(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return;
	nftw(path, tu_chmod_dir, 16, FTW_PHYS);
	nftw(path, tu_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* rm -rf path (also when some directory in it is read-only). */
static inline void tu_rmtree(const char *path)
{
	struct stat st;

	tu_rmtree_quiet(path);
	assert_int_equal(lstat(path, &st), -1);
}

/* path + "/" + name; caller frees. */
static inline char *tu_path(const char *dir, const char *name)
{
	return xstrfmt("%s/%s", dir, name);
}

/* Writes a file with exactly data and mode (asserting success). */
static inline void tu_write(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static inline void tu_write_str(const char *path, const char *s, mode_t mode)
{
	tu_write(path, s, strlen(s), mode);
}

/* The whole file, NUL-terminated; *len gets its size; caller frees. NULL if
 * it cannot be read. */
static inline char *tu_read(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	if (len)
		*len = sb.len;
	return strbuf_detach(&sb);
}

/* Permission bits of path (lstat), or -1 if missing. */
static inline int tu_mode(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return -1;
	return (int)(st.st_mode & 07777);
}

static inline int tu_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/*
 * Runs argv (argv[0] a path, or a name looked up in PATH), with stdin from
 * /dev/null, optional extra environment entries ("NAME=value", NULL-ended),
 * optional working directory; stdout and stderr are appended to out / err.
 * Returns the exit status, 128+N for signal N, or -1 if it could not run.
 */
static inline int tu_run(const char *const *argv, const char *const *env, const char *cwd,
			 struct strbuf *out, struct strbuf *err)
{
	int po[2], pe[2];
	pid_t pid;
	int status;
	struct pollfd fds[2];
	int open_fds = 2;

	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		if (cwd && chdir(cwd))
			_exit(126);
		for (; env && *env; env++)
			putenv((char *)*env);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	fds[0].fd = po[0];
	fds[0].events = POLLIN;
	fds[1].fd = pe[0];
	fds[1].events = POLLIN;
	while (open_fds) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			char buf[4096];
			ssize_t n;

			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n > 0) {
				strbuf_add(i ? err : out, buf, (size_t)n);
			} else {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* A C string literal of s, for failure messages. */
static inline const char *tu_show(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == '"')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addch(sb, *p);
	}
	return sb->buf;
}

#endif
