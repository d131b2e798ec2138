/*
 * msg: formatting of errors, warnings, hints and progress on stderr.
 */
#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int msg_verbosity = MSG_NORMAL;
int msg_muted;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	if (msg_muted)
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
	default:
		return NULL;
	}
}

int error_errno(const char *fmt, ...)
{
	const int saved = errno;
	const char *h = errno_hint(saved);
	va_list ap;

	if (msg_muted)
		return -1;
	fputs("pyvenv: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	if (h)
		fprintf(stderr, "hint: %s\n", h);
	errno = saved;
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("pyvenv: warning: ", fmt, ap);
	va_end(ap);
}

void hint(const char *fmt, ...)
{
	va_list ap;

	if (msg_muted)
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
