/*
 * Unit tests for what happens when a system call fails where it rarely
 * does: the calls are wrapped (linked with -Wl,--wrap=fchmod,--wrap=poll,
 * see tests/CMakeLists.txt) and fail on request. Each checks that nothing
 * is leaked (no descriptor stays open) and nothing half-made is left.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fsutil.h"
#include "msg.h"
#include "proc.h"
#include "strbuf.h"
#include "testutil.h"

#include <dirent.h>

static int fail_fchmod, fail_poll;

int __real_fchmod(int fd, mode_t mode);
int __wrap_fchmod(int fd, mode_t mode);
int __real_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);

int __wrap_fchmod(int fd, mode_t mode)
{
	if (fail_fchmod) {
		errno = EPERM;
		return -1;
	}
	return __real_fchmod(fd, mode);
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	if (fail_poll) {
		errno = ENOMEM;
		return -1;
	}
	return __real_poll(fds, n, timeout);
}

/* Open descriptors of this process. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the directory's own */
}

/* fs_copy_file with fchmod failing: -1, the output closed and removed
 * (1.0.0 kept the descriptor open and the partial copy). */
static void copy_file_fchmod_fails(void **state)
{
	char *dir = tu_mkdtemp(), *src = tu_path(dir, "src"), *dst = tu_path(dir, "dst");
	int before;

	(void)state;
	tu_write(src, "content\n", 8, 0644);
	before = open_fds();
	fail_fchmod = 1;
	msg_mute();
	assert_int_equal(fs_copy_file(src, dst), -1);
	msg_unmute();
	fail_fchmod = 0;
	assert_int_equal(open_fds(), before);
	assert_int_equal(access(dst, F_OK), -1);
	assert_int_equal(fs_copy_file(src, dst), 0);
	assert_int_equal(open_fds(), before);
	free(src);
	free(dst);
	tu_rmtree(dir);
	free(dir);
}

/* proc_run reading a child's output with poll failing: -1, both pipes
 * closed, the child reaped (1.0.0 forgot both pipes). */
static void proc_drain_fails(void **state)
{
	const char *argv[] = { "/bin/sh", "-c", "echo out; echo err >&2", NULL };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct proc_opts opts = { .out = &out, .err = &err };
	int before, status;

	(void)state;
	before = open_fds();
	fail_poll = 1;
	msg_mute();
	assert_int_equal(proc_run(argv, &opts), -1);
	msg_unmute();
	fail_poll = 0;
	assert_int_equal(open_fds(), before);
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_int_equal(proc_run(argv, &opts), 0);
	assert_string_equal(out.buf, "out\n");
	assert_string_equal(err.buf, "err\n");
	assert_int_equal(open_fds(), before);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copy_file_fchmod_fails),
		cmocka_unit_test(proc_drain_fails),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
