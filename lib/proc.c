/*
 * proc: posix_spawn with optional capture of stdout/stderr through pipes.
 */
#include "proc.h"

#include "interrupt.h"
#include "msg.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

char *proc_which(const char *name)
{
	const char *path = getenv("PATH");
	const char *p;

	assert(name);
	if (strchr(name, '/'))
		return xstrdup(name);
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p++) {
		const char *end = strchrnul(p, ':');
		char *cand = end == p ? xstrfmt("./%s", name)
				      : xstrfmt("%.*s/%s", (int)(end - p), p, name);
		struct stat st;

		if (!stat(cand, &st) && S_ISREG(st.st_mode) && !access(cand, X_OK))
			return cand;
		free(cand);
		if (!*end)
			return NULL;
		p = end;
	}
}

/*
 * Drains both pipes (fd[0] into out, fd[1] into err; either may be -1)
 * until EOF, closing each at its end and setting it to -1. Returns 0, or
 * -1 with errno (what is still open is left to the caller to close).
 */
static int drain(int fd[2], struct strbuf *out, struct strbuf *err)
{
	struct pollfd fds[2] = { { fd[0], POLLIN, 0 }, { fd[1], POLLIN, 0 } };
	struct strbuf *bufs[2] = { out, err };

	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			strbuf_grow(bufs[i], 8192);
			n = read(fds[i].fd, bufs[i]->buf + bufs[i]->len, 8192);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = fd[i] = -1;
				continue;
			}
			strbuf_setlen(bufs[i], bufs[i]->len + (size_t)n);
		}
	}
	return 0;
}

/*
 * Waits for the child. Once a signal has come for the helper (and been
 * passed on to the child), the child gets a few seconds to end, then is
 * killed: the run must not leave it writing into what it removes.
 */
static int wait_child(pid_t pid, int *status)
{
	const struct timespec step = { 0, 20 * 1000000 };
	int waited_ms = 0, killed = 0;

	for (;;) {
		const pid_t r = waitpid(pid, status, interrupt_pending() ? WNOHANG : 0);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (!interrupt_pending())
			continue;
		if (r == 0) {
			nanosleep(&step, NULL);
			waited_ms += 20;
		}
		if (waited_ms >= 5000 && !killed) {
			kill(pid, SIGKILL);
			killed = 1;
		}
	}
}

int proc_run(const char *const *argv, const struct proc_opts *opts)
{
	static const struct proc_opts none;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t dfl;
	int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	int status, rc = -1;
	pid_t pid;
	int slot = -1;
	char *exe;

	assert(argv && argv[0]);
	if (!opts)
		opts = &none;
	exe = proc_which(argv[0]);
	if (!exe) {
		errno = ENOENT;
		return error_errno("cannot run '%s'", argv[0]);
	}
	posix_spawn_file_actions_init(&fa);
	/* The helper ignores SIGXFSZ (main.c); its children get the default. */
	posix_spawnattr_init(&attr);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGXFSZ);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if ((opts->out && pipe2(out_pipe, O_CLOEXEC)) || (opts->err && pipe2(err_pipe, O_CLOEXEC))) {
		error_errno("cannot create a pipe");
		goto out;
	}
	if (opts->out)
		posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
	if (opts->err)
		posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
	if (opts->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, opts->cwd);
	errno = posix_spawn(&pid, exe, &fa, &attr, (char *const *)argv,
			    opts->envp ? opts->envp : environ);
	if (errno) {
		error_errno("cannot run '%s'", exe);
		goto out;
	}
	slot = interrupt_add_child(pid);
	if (out_pipe[1] >= 0) {
		close(out_pipe[1]);
		out_pipe[1] = -1;
	}
	if (err_pipe[1] >= 0) {
		close(err_pipe[1]);
		err_pipe[1] = -1;
	}
	if (opts->out || opts->err) {
		struct strbuf dummy = STRBUF_INIT;
		int fd[2] = { out_pipe[0], err_pipe[0] };
		int failed = drain(fd, opts->out ? opts->out : &dummy, opts->err ? opts->err : &dummy);

		strbuf_release(&dummy);
		out_pipe[0] = fd[0];
		err_pipe[0] = fd[1];
		if (failed) {
			/* Closed, the pipes end the child's writes; it is reaped. */
			error_errno("cannot read the output of '%s'", exe);
			for (int i = 0; i < 2; i++)
				if (fd[i] >= 0)
					close(fd[i]);
			out_pipe[0] = err_pipe[0] = -1;
			wait_child(pid, &status);
			goto out;
		}
	}
	if (wait_child(pid, &status)) {
		error_errno("cannot wait for '%s'", exe);
		goto out;
	}
	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		rc = 128 + WTERMSIG(status);
out:
	for (int i = 0; i < 2; i++) {
		if (out_pipe[i] >= 0)
			close(out_pipe[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
	}
	interrupt_remove_child(slot);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	free(exe);
	return rc;
}
