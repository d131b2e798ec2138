/*
 * msg: formatting of errors, warnings, hints and progress on stderr.
 *
 * Each message, hint included, goes out in one write(2), so the lines of
 * helpers running side by side on one stderr (make -j) never interleave.
 */
#include "msg.h"
#include "interrupt.h"
#include "strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int msg_verbosity = MSG_NORMAL;
int msg_muted;

/* Writes the whole of sb to stderr (errors writing it are ignored: there is
 * nowhere left to report them). Keeps errno. */
static void emit(struct strbuf *sb)
{
	const int saved = errno;
	size_t done = 0;

	fflush(stderr);
	while (done < sb->len) {
		ssize_t n = write(STDERR_FILENO, sb->buf + done, sb->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	strbuf_release(sb);
	errno = saved;
}

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, prefix);
	strbuf_vaddf(&sb, fmt, ap);
	strbuf_addch(&sb, '\n');
	emit(&sb);
}

/* Errors after a signal are its consequences: interrupt_exit() says it. */
static int silent(void)
{
	return msg_muted || interrupt_pending();
}

int error(const char *fmt, ...)
{
	va_list ap;

	if (silent())
		return -1;
	va_start(ap, fmt);
	vreport("pyvenv: error: ", fmt, ap);
	va_end(ap);
	return -1;
}

static const char *errno_hint(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return "check the permissions of the directory, or choose another location";
	case ENOSPC:
		return "the file system is full: free some space and try again";
	case EDQUOT:
		return "your disk quota is exhausted: free some space and try again";
	case EROFS:
		return "the file system is read-only: choose another location";
	case EFBIG:
		return "a file size limit (ulimit -f) stops the write: raise it";
	default:
		return NULL;
	}
}

int error_errno(const char *fmt, ...)
{
	const int saved = errno;
	const char *h = errno_hint(saved);
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (silent())
		return -1;
	strbuf_addstr(&sb, "pyvenv: error: ");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addf(&sb, ": %s\n", strerror(saved));
	if (h)
		strbuf_addf(&sb, "hint: %s\n", h);
	emit(&sb);
	errno = saved;
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	if (interrupt_pending())
		return;
	va_start(ap, fmt);
	vreport("pyvenv: warning: ", fmt, ap);
	va_end(ap);
}

void hint(const char *fmt, ...)
{
	va_list ap;

	if (silent())
		return;
	va_start(ap, fmt);
	vreport("hint: ", fmt, ap);
	va_end(ap);
}

void say(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	vreport("pyvenv: ", fmt, ap);
	va_end(ap);
}

void verbose(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	vreport("pyvenv: ", fmt, ap);
	va_end(ap);
}
