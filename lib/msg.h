/*
 * msg: every message the library gives goes through here, to the message
 * callback of the context of the call in progress (pyvenv.h).
 *
 * Library code reports failures with error()/error_errno(), which send the
 * message, keep the first one as the call's error (pyvenv_ctx_error()) and
 * return -1, so a caller writes `return error("cannot open '%s'", path);`.
 *
 * The context is per thread: a public entry point enters the caller's with
 * ctx_enter() and leaves it with ctx_leave(). Code that runs outside any
 * call (the unit tests) gets a default context of its thread, which prints
 * to stderr as the command does.
 */
#ifndef PYVENV_MSG_H
#define PYVENV_MSG_H

#include "pyvenv.h"

enum msg_level { MSG_QUIET = PYVENV_QUIET, MSG_NORMAL = PYVENV_NORMAL, MSG_VERBOSE = PYVENV_VERBOSE };

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

struct pyvenv_ctx {
	pyvenv_message_fn *fn;
	void *data;
	int verbosity;
	int muted;           /* while positive, errors and hints are not sent */
	int failed;          /* err holds the call's first error */
	struct pyvenv_error err;
	char **warned;       /* msg_once() keys of the call */
	size_t nwarned;
};

/* Makes ctx the current context of this thread for one public call, with
 * no error yet; *saved keeps the one before. Returns ctx. */
struct pyvenv_ctx *ctx_enter(struct pyvenv_ctx *ctx, struct pyvenv_ctx **saved);
/* Ends the call: ret is what it returns (0 or -1); a failure that no
 * error() reported gets a generic error. Restores *saved; returns ret. */
int ctx_leave(struct pyvenv_ctx *saved, int ret);
/* The current context. */
struct pyvenv_ctx *ctx_current(void);

/* How much progress to say; errors and warnings are always sent. */
int msg_verbosity(void);

/*
 * While muted, error(), error_errno() and hint() send nothing and record
 * nothing (they still return -1): for optional work, such as writing the
 * cache, whose failure the caller reports once in its own words. Use
 * msg_mute()/msg_unmute() in pairs.
 */
void msg_mute(void);
void msg_unmute(void);

/* 1 the first time key is given during the current call, else 0: for a
 * warning said once per call. */
int msg_once(const char *key);

/* "pyvenv: error: <message>"; returns -1. */
int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* As error(), with ": <strerror(errno)>" appended and a hint for the errno
 * values a user can act on (EACCES, ENOSPC, EDQUOT, EROFS). Keeps errno. */
int error_errno(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* An error in the arguments a call was given (PYVENV_ERROR_INVALID). */
int invalid(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "pyvenv: warning: <message>". */
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "hint: <message>", sent after an error; the call's error gets it too when
 * it has no hint of its own. */
void hint(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Progress, unless quiet. */
void say(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Detail, only when verbose. */
void verbose(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* A progress line replacing the last one ("" ends it), at MSG_NORMAL only. */
void progress(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Seconds on the monotonic clock: when progress was last said, and how
 * long a step took. */
double msg_clock(void);

/*
 * Worker threads. A worker's messages must reach the caller's callback on
 * the caller's thread: msg_queue_new() (on that thread) makes a queue with
 * its context's verbosity; each worker calls msg_queue_enter() first and
 * msg_queue_leave() last, and its messages wait in the queue (an error is
 * also its own context's, so a worker checks its failures as usual). The
 * making thread passes them on with msg_queue_forward(), as if it had sent
 * them: errors become its call's error, the first one first.
 */
struct msg_queue;

struct msg_queue *msg_queue_new(void);
void msg_queue_free(struct msg_queue *q);
void msg_queue_enter(struct msg_queue *q);
void msg_queue_leave(struct msg_queue *q);
/* Forwards what q holds; waits up to timeout_ms first when it holds
 * nothing and a worker is still in it. Returns the workers that have left. */
size_t msg_queue_forward(struct msg_queue *q, int timeout_ms);

#endif
