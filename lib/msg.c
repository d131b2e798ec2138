/*
 * msg: messages, errors kept as data, and the contexts they belong to.
 */
#include "msg.h"
#include "interrupt.h"
#include "strbuf.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Outside any public call (the unit tests), a thread's messages go to
 * stderr as the command prints them. */
static _Thread_local struct pyvenv_ctx fallback = {
	.fn = pyvenv_message_print,
	.verbosity = PYVENV_NORMAL,
};
static _Thread_local struct pyvenv_ctx *current;

struct pyvenv_ctx *ctx_current(void)
{
	return current ? current : &fallback;
}

static void forget_error(struct pyvenv_error *e)
{
	free((char *)e->message);
	free((char *)e->subject);
	free((char *)e->hint);
	memset(e, 0, sizeof(*e));
}

static void forget_call(struct pyvenv_ctx *ctx)
{
	forget_error(&ctx->err);
	ctx->failed = 0;
	ctx->muted = 0;
	for (size_t i = 0; i < ctx->nwarned; i++)
		free(ctx->warned[i]);
	free(ctx->warned);
	ctx->warned = NULL;
	ctx->nwarned = 0;
}

struct pyvenv_ctx *ctx_enter(struct pyvenv_ctx *ctx, struct pyvenv_ctx **saved)
{
	*saved = current;
	forget_call(ctx);
	current = ctx;
	return ctx;
}

int ctx_leave(struct pyvenv_ctx *saved, int ret)
{
	struct pyvenv_ctx *ctx = ctx_current();

	if (ret && !ctx->failed) {
		ctx->failed = 1;
		ctx->err.kind = PYVENV_ERROR_FAILED;
		ctx->err.message = xstrdup(interrupt_pending() ? "interrupted" : "failed");
	}
	if (!ret && ctx->failed)
		forget_error(&ctx->err), ctx->failed = 0;
	current = saved;
	return ret;
}

int msg_verbosity(void)
{
	return ctx_current()->verbosity;
}

void msg_mute(void)
{
	ctx_current()->muted++;
}

void msg_unmute(void)
{
	ctx_current()->muted--;
}

int msg_once(const char *key)
{
	struct pyvenv_ctx *ctx = ctx_current();

	for (size_t i = 0; i < ctx->nwarned; i++)
		if (!strcmp(ctx->warned[i], key))
			return 0;
	ctx->warned = xrealloc(ctx->warned, (ctx->nwarned + 1) * sizeof(*ctx->warned));
	ctx->warned[ctx->nwarned++] = xstrdup(key);
	return 1;
}

/* --- the public side ------------------------------------------------------ */

pyvenv_ctx *pyvenv_ctx_new(void)
{
	struct pyvenv_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx)
		ctx->verbosity = PYVENV_NORMAL;
	return ctx;
}

void pyvenv_ctx_free(pyvenv_ctx *ctx)
{
	if (!ctx)
		return;
	forget_call(ctx);
	free(ctx);
}

void pyvenv_ctx_set_message_fn(pyvenv_ctx *ctx, pyvenv_message_fn *fn, void *data)
{
	ctx->fn = fn;
	ctx->data = data;
}

void pyvenv_ctx_set_verbosity(pyvenv_ctx *ctx, enum pyvenv_verbosity verbosity)
{
	ctx->verbosity = verbosity < PYVENV_QUIET ? PYVENV_QUIET :
			 verbosity > PYVENV_VERBOSE ? PYVENV_VERBOSE : (int)verbosity;
}

const struct pyvenv_error *pyvenv_ctx_error(const pyvenv_ctx *ctx)
{
	return ctx && ctx->failed ? &ctx->err : NULL;
}

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
	errno = saved;
}

void pyvenv_message_print(void *data, const struct pyvenv_message *m)
{
	static const char *const prefix[] = {
		[PYVENV_LEVEL_ERROR] = "pyvenv: error: ",
		[PYVENV_LEVEL_WARNING] = "pyvenv: warning: ",
		[PYVENV_LEVEL_HINT] = "hint: ",
		[PYVENV_LEVEL_INFO] = "pyvenv: ",
		[PYVENV_LEVEL_DETAIL] = "pyvenv: ",
	};
	struct strbuf sb = STRBUF_INIT;

	(void)data;
	if (m->level == PYVENV_LEVEL_PROGRESS) {
		/* one line on a terminal, rewritten in place; nothing elsewhere */
		if (!isatty(STDERR_FILENO))
			return;
		strbuf_addf(&sb, "\r%s%s\033[K%s", *m->text ? "pyvenv: " : "", m->text, *m->text ? "" : "\r");
		emit(&sb);
		strbuf_release(&sb);
		return;
	}
	if ((unsigned)m->level <= PYVENV_LEVEL_DETAIL)
		strbuf_addstr(&sb, prefix[m->level]);
	strbuf_addf(&sb, "%s\n", m->text);
	if (m->hint)
		strbuf_addf(&sb, "hint: %s\n", m->hint);
	emit(&sb);
	strbuf_release(&sb);
}

/* --- sending ---------------------------------------------------------------- */

static void send(struct pyvenv_ctx *ctx, const struct pyvenv_message *m)
{
	const int saved = errno;

	if (ctx->fn)
		ctx->fn(ctx->data, m);
	errno = saved;
}

/* The first '...' the message quotes. */
static char *quoted_subject(const char *text)
{
	const char *open = strchr(text, '\''), *close;

	if (!open || !(close = strchr(open + 1, '\'')) || close == open + 1)
		return NULL;
	return xstrndup(open + 1, (size_t)(close - open - 1));
}

static void record(struct pyvenv_ctx *ctx, const struct pyvenv_message *m)
{
	if (ctx->failed)
		return;
	ctx->failed = 1;
	ctx->err.kind = m->kind;
	ctx->err.message = xstrdup(m->text);
	ctx->err.subject = quoted_subject(m->text);
	ctx->err.errnum = m->errnum;
	ctx->err.hint = m->hint ? xstrdup(m->hint) : NULL;
}

/* Errors after a signal are its consequences: interrupt_exit() says it. */
static int silent(const struct pyvenv_ctx *ctx)
{
	return ctx->muted > 0 || interrupt_pending();
}

static int verror(enum pyvenv_error_kind kind, int errnum, const char *fmt, va_list ap)
{
	struct pyvenv_ctx *ctx = ctx_current();
	struct pyvenv_message m = { .level = PYVENV_LEVEL_ERROR, .kind = kind, .errnum = errnum };
	struct strbuf sb = STRBUF_INIT;

	if (silent(ctx))
		return -1;
	strbuf_vaddf(&sb, fmt, ap);
	if (errnum)
		strbuf_addf(&sb, ": %s", strerror(errnum));
	m.text = sb.buf;
	switch (errnum) {
	case EACCES:
	case EPERM:
		m.hint = "check the permissions of the directory, or choose another location";
		break;
	case ENOSPC:
		m.hint = "the file system is full: free some space and try again";
		break;
	case EDQUOT:
		m.hint = "your disk quota is exhausted: free some space and try again";
		break;
	case EROFS:
		m.hint = "the file system is read-only: choose another location";
		break;
	case EFBIG:
		m.hint = "a file size limit (ulimit -f) stops the write: raise it";
		break;
	}
	record(ctx, &m);
	send(ctx, &m);
	strbuf_release(&sb);
	errno = errnum ? errnum : errno;
	return -1;
}

int error(const char *fmt, ...)
{
	const int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	verror(PYVENV_ERROR_FAILED, 0, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int error_errno(const char *fmt, ...)
{
	const int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	verror(PYVENV_ERROR_FAILED, saved, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int invalid(const char *fmt, ...)
{
	const int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	verror(PYVENV_ERROR_INVALID, 0, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

static void vsend(enum pyvenv_level level, const char *fmt, va_list ap)
{
	struct pyvenv_ctx *ctx = ctx_current();
	struct pyvenv_message m = { .level = level };
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	m.text = sb.buf;
	if (level == PYVENV_LEVEL_HINT && ctx->failed && !ctx->err.hint)
		ctx->err.hint = xstrdup(sb.buf);
	send(ctx, &m);
	strbuf_release(&sb);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	if (interrupt_pending())
		return;
	va_start(ap, fmt);
	vsend(PYVENV_LEVEL_WARNING, fmt, ap);
	va_end(ap);
}

void hint(const char *fmt, ...)
{
	va_list ap;

	if (silent(ctx_current()))
		return;
	va_start(ap, fmt);
	vsend(PYVENV_LEVEL_HINT, fmt, ap);
	va_end(ap);
}

void say(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity() < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	vsend(PYVENV_LEVEL_INFO, fmt, ap);
	va_end(ap);
}

void progress(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity() != MSG_NORMAL)
		return;
	va_start(ap, fmt);
	vsend(PYVENV_LEVEL_PROGRESS, fmt, ap);
	va_end(ap);
}

void verbose(const char *fmt, ...)
{
	va_list ap;

	if (msg_verbosity() < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	vsend(PYVENV_LEVEL_DETAIL, fmt, ap);
	va_end(ap);
}

/* --- worker threads --------------------------------------------------------- */

struct queued {
	struct pyvenv_message m; /* text and hint owned */
	struct queued *next;
};

struct msg_queue {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct queued *head, **tail;
	int verbosity;
	size_t left; /* workers that called msg_queue_leave() */
};

/* A worker's context: its messages go to its queue. */
static _Thread_local struct pyvenv_ctx worker;

static void queue_push(void *data, const struct pyvenv_message *m)
{
	struct msg_queue *q = data;
	struct queued *e = xcalloc(1, sizeof(*e));

	e->m = *m;
	e->m.text = xstrdup(m->text);
	e->m.hint = m->hint ? xstrdup(m->hint) : NULL;
	pthread_mutex_lock(&q->lock);
	*q->tail = e;
	q->tail = &e->next;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

struct msg_queue *msg_queue_new(void)
{
	struct msg_queue *q = xcalloc(1, sizeof(*q));

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	q->tail = &q->head;
	q->verbosity = msg_verbosity();
	return q;
}

void msg_queue_enter(struct msg_queue *q)
{
	forget_call(&worker);
	worker.fn = queue_push;
	worker.data = q;
	worker.verbosity = q->verbosity;
	current = &worker;
}

void msg_queue_leave(struct msg_queue *q)
{
	forget_call(&worker);
	current = NULL;
	pthread_mutex_lock(&q->lock);
	q->left++;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

size_t msg_queue_forward(struct msg_queue *q, int timeout_ms)
{
	struct pyvenv_ctx *ctx = ctx_current();
	struct queued *e;
	size_t left;

	pthread_mutex_lock(&q->lock);
	if (!q->head && timeout_ms > 0) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L)
			until.tv_sec++, until.tv_nsec -= 1000000000L;
		pthread_cond_timedwait(&q->cond, &q->lock, &until);
	}
	e = q->head;
	q->head = NULL;
	q->tail = &q->head;
	left = q->left;
	pthread_mutex_unlock(&q->lock);
	while (e) {
		struct queued *next = e->next;

		if (e->m.level == PYVENV_LEVEL_ERROR)
			record(ctx, &e->m);
		else if (e->m.level == PYVENV_LEVEL_HINT && ctx->failed && !ctx->err.hint)
			ctx->err.hint = xstrdup(e->m.text);
		if (e->m.level != PYVENV_LEVEL_ERROR || !silent(ctx))
			send(ctx, &e->m);
		free((char *)e->m.text);
		free((char *)e->m.hint);
		free(e);
		e = next;
	}
	return left;
}

void msg_queue_free(struct msg_queue *q)
{
	if (!q)
		return;
	msg_queue_forward(q, 0);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	free(q);
}

double msg_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
