/*
 * msg: every message the helper prints goes through here, to stderr.
 *
 * Library code reports failures with error()/error_errno(), which print and
 * return -1, so a caller writes `return error("cannot open '%s'", path);`.
 * Only main() and cmd_*() turn those into exit statuses.
 */
#ifndef PYVENV_MSG_H
#define PYVENV_MSG_H

enum msg_level { MSG_QUIET = 0, MSG_NORMAL = 1, MSG_VERBOSE = 2 };

/* How much progress to print; errors and warnings are always printed. */
extern int msg_verbosity;

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/*
 * While positive, error(), error_errno() and hint() print nothing (they still
 * return -1): for optional work, such as writing the cache, whose failure the
 * caller reports once in its own words. Use msg_mute()/msg_unmute() in pairs.
 */
extern int msg_muted;
#define msg_mute() (msg_muted++)
#define msg_unmute() (msg_muted--)

/* "pyvenv: error: <message>"; returns -1. */
int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* As error(), with ": <strerror(errno)>" appended and a hint for the errno
 * values a user can act on (EACCES, ENOSPC, EDQUOT, EROFS). Keeps errno. */
int error_errno(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "pyvenv: warning: <message>". */
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "hint: <message>", printed after an error. */
void hint(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Progress, unless -q. */
void say(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Detail, only with -v. */
void verbose(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
