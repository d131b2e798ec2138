/*
 * Unit tests for msg.h: what each kind of message prints on stderr, at
 * each verbosity, muted or not, and that errno survives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msg.h"
#include "strbuf.h"
#include "testutil.h"

static int saved_stderr = -1;
static char *capture_path;

/* Sends stderr to a file until captured() gives back what was written. */
static void capture(void)
{
	char *dir = tu_mkdtemp();
	int fd;

	capture_path = tu_path(dir, "stderr");
	free(dir);
	fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

static char *captured(void)
{
	size_t len;
	char *text;

	fflush(stderr);
	assert_int_equal(dup2(saved_stderr, STDERR_FILENO), STDERR_FILENO);
	close(saved_stderr);
	text = tu_read(capture_path, &len);
	unlink(capture_path);
	free(capture_path);
	return text;
}

static void errors_warnings_hints(void **state)
{
	char *text;

	(void)state;
	capture();
	assert_int_equal(error("cannot %s '%s'", "open", "x"), -1);
	hint("try %d", 2);
	warning("careful");
	errno = ENOSPC;
	assert_int_equal(error_errno("cannot write '%s'", "y"), -1);
	assert_int_equal(errno, ENOSPC);
	errno = ENOENT;
	error_errno("cannot open '%s'", "z");
	text = captured();
	assert_string_equal(text,
			    "pyvenv: error: cannot open 'x'\n"
			    "hint: try 2\n"
			    "pyvenv: warning: careful\n"
			    "pyvenv: error: cannot write 'y': No space left on device\n"
			    "hint: the file system is full: free some space and try again\n"
			    "pyvenv: error: cannot open 'z': No such file or directory\n");
	free(text);
}

static void verbosity_and_mute(void **state)
{
	const int old = msg_verbosity;
	char *text;

	(void)state;
	capture();
	msg_verbosity = MSG_QUIET;
	say("quiet say");
	verbose("quiet verbose");
	error("quiet error");
	msg_verbosity = MSG_NORMAL;
	say("normal say");
	verbose("normal verbose");
	msg_verbosity = MSG_VERBOSE;
	verbose("verbose %s", "detail");
	msg_mute();
	assert_int_equal(error("muted error"), -1);
	hint("muted hint");
	warning("a warning is said even when muted");
	msg_unmute();
	msg_verbosity = old;
	text = captured();
	assert_string_equal(text,
			    "pyvenv: error: quiet error\n"
			    "pyvenv: normal say\n"
			    "pyvenv: verbose detail\n"
			    "pyvenv: warning: a warning is said even when muted\n");
	free(text);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_warnings_hints),
		cmocka_unit_test(verbosity_and_mute),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
