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
	const int old = ctx_current()->verbosity;
	char *text;

	(void)state;
	capture();
	ctx_current()->verbosity = MSG_QUIET;
	say("quiet say");
	verbose("quiet verbose");
	error("quiet error");
	ctx_current()->verbosity = MSG_NORMAL;
	say("normal say");
	verbose("normal verbose");
	ctx_current()->verbosity = MSG_VERBOSE;
	verbose("verbose %s", "detail");
	msg_mute();
	assert_int_equal(error("muted error"), -1);
	hint("muted hint");
	warning("a warning is said even when muted");
	msg_unmute();
	ctx_current()->verbosity = old;
	text = captured();
	assert_string_equal(text,
			    "pyvenv: error: quiet error\n"
			    "pyvenv: normal say\n"
			    "pyvenv: verbose detail\n"
			    "pyvenv: warning: a warning is said even when muted\n");
	free(text);
}

/* What a context's callback was sent. */
struct seen {
	struct strbuf text;
	int errors;
};

static void collect(void *data, const struct pyvenv_message *m)
{
	struct seen *s = data;

	strbuf_addf(&s->text, "%d:%s|%s\n", (int)m->level, m->text, m->hint ? m->hint : "");
	s->errors += m->level == PYVENV_LEVEL_ERROR;
}

static void errors_as_data(void **state)
{
	pyvenv_ctx *ctx = pyvenv_ctx_new();
	struct seen seen = { STRBUF_INIT, 0 };
	struct pyvenv_ctx *saved;
	const struct pyvenv_error *e;

	(void)state;
	assert_non_null(ctx);
	assert_null(pyvenv_ctx_error(ctx));
	pyvenv_ctx_set_message_fn(ctx, collect, &seen);
	pyvenv_ctx_set_verbosity(ctx, PYVENV_QUIET);

	/* The first error of a call is its error; a later hint() adds a hint
	 * only when it has none; muted errors are neither sent nor kept. */
	ctx_enter(ctx, &saved);
	msg_mute();
	error("muted '%s'", "m");
	msg_unmute();
	say("not said when quiet");
	errno = EACCES;
	error_errno("cannot open '%s'", "/x/y");
	error("second '%s'", "z");
	hint("ignored: the error has the errno's hint");
	assert_int_equal(ctx_leave(saved, -1), -1);
	e = pyvenv_ctx_error(ctx);
	assert_non_null(e);
	assert_int_equal(e->kind, PYVENV_ERROR_FAILED);
	assert_string_equal(e->message, "cannot open '/x/y': Permission denied");
	assert_string_equal(e->subject, "/x/y");
	assert_int_equal(e->errnum, EACCES);
	assert_non_null(e->hint);
	assert_int_equal(seen.errors, 2);
	assert_null(strstr(seen.text.buf, "muted"));
	assert_null(strstr(seen.text.buf, "quiet"));

	/* A new call forgets it; an invalid argument is its own kind; the
	 * call's hint comes from hint(). */
	ctx_enter(ctx, &saved);
	assert_null(pyvenv_ctx_error(ctx));
	invalid("--x needs a value");
	hint("try --help");
	ctx_leave(saved, -1);
	e = pyvenv_ctx_error(ctx);
	assert_int_equal(e->kind, PYVENV_ERROR_INVALID);
	assert_null(e->subject);
	assert_int_equal(e->errnum, 0);
	assert_string_equal(e->hint, "try --help");

	/* A failure that said nothing still has an error; a success none. */
	ctx_enter(ctx, &saved);
	ctx_leave(saved, -1);
	assert_string_equal(pyvenv_ctx_error(ctx)->message, "failed");
	ctx_enter(ctx, &saved);
	ctx_leave(saved, 0);
	assert_null(pyvenv_ctx_error(ctx));

	/* msg_once() is once per call. */
	ctx_enter(ctx, &saved);
	assert_int_equal(msg_once("k"), 1);
	assert_int_equal(msg_once("k"), 0);
	ctx_leave(saved, 0);
	ctx_enter(ctx, &saved);
	assert_int_equal(msg_once("k"), 1);
	ctx_leave(saved, 0);

	/* Outside any call, the thread's own context again. */
	assert_ptr_not_equal(ctx_current(), ctx);
	strbuf_release(&seen.text);
	pyvenv_ctx_free(ctx);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_warnings_hints),
		cmocka_unit_test(verbosity_and_mute),
		cmocka_unit_test(errors_as_data),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
