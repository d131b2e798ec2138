/*
 * Unit tests for proc.h: running a program, its output, its status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msg.h"
#include "proc.h"
#include "strbuf.h"
#include "testutil.h"

static void captures_output_and_status(void **state)
{
	const char *argv[] = { "/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct proc_opts opts = { .out = &out, .err = &err };

	(void)state;
	assert_int_equal(proc_run(argv, &opts), 3);
	assert_string_equal(out.buf, "out\n");
	assert_string_equal(err.buf, "err\n");
	strbuf_release(&out);
	strbuf_release(&err);
}

/* Much more output than a pipe holds, on both streams at once. */
static void drains_large_output(void **state)
{
	const char *argv[] = { "/bin/sh", "-c", "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2", NULL };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct proc_opts opts = { .out = &out, .err = &err };

	(void)state;
	assert_int_equal(proc_run(argv, &opts), 0);
	assert_int_equal(out.len, 300000);
	assert_int_equal(err.len, 200000);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void signal_status_environment_and_cwd(void **state)
{
	const char *killed[] = { "/bin/sh", "-c", "kill -TERM $$", NULL };
	const char *show[] = { "/bin/sh", "-c", "printf '%s %s' \"$PROC_TEST\" \"$(pwd)\"", NULL };
	char *const envp[] = { "PROC_TEST=yes", "PATH=/usr/bin:/bin", NULL };
	struct strbuf out = STRBUF_INIT;
	struct proc_opts opts = { .envp = envp, .out = &out, .cwd = "/" };

	(void)state;
	assert_int_equal(proc_run(killed, NULL), 128 + SIGTERM);
	assert_int_equal(proc_run(show, &opts), 0);
	assert_string_equal(out.buf, "yes /");
	strbuf_release(&out);
}

/* stdin is /dev/null: a program that reads it ends. */
static void stdin_is_null(void **state)
{
	const char *argv[] = { "/bin/cat", NULL };
	struct strbuf out = STRBUF_INIT;
	struct proc_opts opts = { .out = &out };

	(void)state;
	assert_int_equal(proc_run(argv, &opts), 0);
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
}

static void missing_program(void **state)
{
	const char *argv[] = { "no-such-program-pyvenv-test", NULL };

	(void)state;
	msg_mute();
	assert_int_equal(proc_run(argv, NULL), -1);
	msg_unmute();
}

static void which_looks_in_path(void **state)
{
	char *dir = tu_mkdtemp(), *exe = tu_path(dir, "tool"), *plain = tu_path(dir, "plain");
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL, *path, *got;

	(void)state;
	tu_write(exe, "#!/bin/sh\n", 10, 0755);
	tu_write(plain, "text\n", 5, 0644);
	path = malloc(strlen(dir) + 20);
	sprintf(path, "/nonexistent:%s", dir);
	setenv("PATH", path, 1);
	got = proc_which("tool");
	assert_non_null(got);
	assert_string_equal(got, exe);
	free(got);
	assert_null(proc_which("plain"));   /* not executable */
	assert_null(proc_which("missing"));
	got = proc_which("./x/y");          /* a name with '/' is kept */
	assert_string_equal(got, "./x/y");
	free(got);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	free(path);
	free(exe);
	free(plain);
	tu_rmtree(dir);
	free(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(captures_output_and_status),
		cmocka_unit_test(drains_large_output),
		cmocka_unit_test(signal_status_environment_and_cwd),
		cmocka_unit_test(stdin_is_null),
		cmocka_unit_test(missing_program),
		cmocka_unit_test(which_looks_in_path),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
