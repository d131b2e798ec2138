/*
 * api_test: libpyvenv through its public header only, as a program that
 * uses the installed library would. Run: api_test PYTHON SCRATCH_DIR.
 *
 * - creates an environment, finds its interpreter and checks it healthy;
 * - errors come back as data (kind, subject, errno, hint) and through the
 *   callback, nothing on stderr; invalid options are their own kind;
 * - two threads, each with its own context, create two environments at
 *   once, and each context gets only its own messages;
 * - pack, unpack and the cache calls work on what was made.
 * Prints "ok: ..." per check and exits 1 on the first failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "pyvenv.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *python, *scratch;

#define CHECK(cond, ...)                                                          \
	do {                                                                      \
		if (!(cond)) {                                                    \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                              \
			fputc('\n', stderr);                                       \
			exit(1);                                                   \
		}                                                                 \
	} while (0)

/* Messages of one context, one per line, as "level text"; and how many
 * came on another thread than the one that made the log. */
struct log {
	char buf[1 << 16];
	size_t len;
	int errors;
	pthread_t thread;
	int foreign;
};

#define LOG_INIT { .len = 0, .thread = pthread_self() }

static void collect(void *data, const struct pyvenv_message *m)
{
	struct log *l = data;
	int n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%d %s\n", (int)m->level, m->text);

	if (n > 0 && (size_t)n < sizeof(l->buf) - l->len)
		l->len += (size_t)n;
	l->errors += m->level == PYVENV_LEVEL_ERROR;
	l->foreign += !pthread_equal(pthread_self(), l->thread);
}

static char *path(const char *name)
{
	size_t n = strlen(scratch) + strlen(name) + 2;
	char *p = malloc(n);

	CHECK(p, "out of memory");
	snprintf(p, n, "%s/%s", scratch, name);
	return p;
}

static const char *error_text(const pyvenv_ctx *ctx)
{
	const struct pyvenv_error *e = pyvenv_ctx_error(ctx);

	return e ? e->message : "(no error)";
}

static void create_and_check(void)
{
	pyvenv_ctx *ctx = pyvenv_ctx_new();
	struct log log = LOG_INIT;
	struct pyvenv_create_options o;
	struct pyvenv_check_report *r;
	struct pyvenv_python *py;
	char *env = path("env"), *cache = path("cache");
	struct stat st;

	CHECK(ctx, "no context");
	pyvenv_ctx_set_message_fn(ctx, collect, &log);
	pyvenv_create_options_init(&o);
	o.python = python;
	o.cache_dir = cache;
	CHECK(!pyvenv_create(ctx, env, &o), "create: %s", error_text(ctx));
	CHECK(!pyvenv_ctx_error(ctx), "an error after a success");
	{
		char *cfg = path("env/pyvenv.cfg");

		CHECK(!stat(cfg, &st), "no pyvenv.cfg");
		free(cfg);
	}
	printf("ok: create\n");

	CHECK(!pyvenv_python_find(ctx, python, cache, &py), "python_find: %s", error_text(ctx));
	CHECK(py->version && py->major == 3 && py->n_names >= 2 && !strcmp(py->scripts_dir, "bin") &&
	      py->json && strstr(py->json, "\"interpreter\""), "python_find gave %s", py->version);
	printf("ok: python_find (%s %s)\n", py->implementation, py->version);

	CHECK(!pyvenv_check(ctx, env, cache, &r), "check: %s", error_text(ctx));
	CHECK(r->healthy && r->n_problems == 0 && r->n_packages >= 1 && !strcmp(r->version, py->version),
	      "check: healthy %d, %zu problems, %zu packages", r->healthy, r->n_problems, r->n_packages);
	pyvenv_check_report_free(r);
	printf("ok: check says healthy\n");

	/* A broken environment: the problems are data, not messages. */
	{
		char *python_link = path("env/bin/python");

		log.len = 0;
		log.errors = 0;
		CHECK(!unlink(python_link), "cannot remove bin/python");
		CHECK(!pyvenv_check(ctx, env, cache, &r), "check: %s", error_text(ctx));
		CHECK(!r->healthy && r->n_problems >= 1 && r->findings[0].level == PYVENV_LEVEL_ERROR &&
		      strstr(r->findings[0].text, "python"), "check of a broken environment");
		CHECK(log.errors == 0, "check sent its problems as messages: %s", log.buf);
		pyvenv_check_report_free(r);
		free(python_link);
		printf("ok: check reports a missing bin/python as data\n");
	}

	/* Pack the original again (made anew), unpack it elsewhere. */
	{
		struct pyvenv_unpack_options u;
		char *archive = path("t.tar.zst"), *copy = path("copy");

		o.clear = 1;
		CHECK(!pyvenv_create(ctx, env, &o), "create --clear: %s", error_text(ctx));
		o.clear = 0;
		CHECK(!pyvenv_pack(ctx, env, archive, python, cache), "pack: %s", error_text(ctx));
		pyvenv_unpack_options_init(&u);
		u.python = python;
		u.cache_dir = cache;
		CHECK(!pyvenv_unpack(ctx, archive, copy, &u), "unpack: %s", error_text(ctx));
		CHECK(!pyvenv_check(ctx, copy, cache, &r) && r->healthy, "the unpacked copy is not healthy");
		pyvenv_check_report_free(r);
		free(archive);
		free(copy);
		printf("ok: pack and unpack\n");
	}

	/* A copy from the cache is made by worker threads (with two
	 * processors): every message still comes on this thread. */
	{
		char *copied = path("copied");

		log.len = 0;
		o.link_mode = PYVENV_LINK_COPY;
		pyvenv_ctx_set_verbosity(ctx, PYVENV_VERBOSE);
		CHECK(!pyvenv_create(ctx, copied, &o), "create, copied from the cache: %s", error_text(ctx));
		pyvenv_ctx_set_verbosity(ctx, PYVENV_NORMAL);
		o.link_mode = PYVENV_LINK_AUTO;
		CHECK(sysconf(_SC_NPROCESSORS_ONLN) < 2 || strstr(log.buf, "copying "),
		      "the copy was not made by workers: %s", log.buf);
		CHECK(!log.foreign, "%d messages came on another thread", log.foreign);
		free(copied);
		printf("ok: a copy by worker threads, messages on the caller's thread\n");
	}

	/* The cache: a template was stored by the first create. */
	{
		struct pyvenv_cache_entry *entries;
		size_t n, removed;

		CHECK(!pyvenv_cache_list(ctx, cache, &entries, &n), "cache_list: %s", error_text(ctx));
		CHECK(n >= 1 && entries[0].version && !strcmp(entries[0].version, py->version),
		      "cache_list: %zu entries", n);
		pyvenv_cache_list_free(entries, n);
		CHECK(!pyvenv_cache_prune(ctx, cache, -1, 0, &removed) && removed >= 1, "cache_prune");
		CHECK(!pyvenv_cache_list(ctx, cache, &entries, &n) && n == 0, "after prune: %zu entries", n);
		pyvenv_cache_list_free(entries, n);
		CHECK(!pyvenv_cache_clear(ctx, cache), "cache_clear: %s", error_text(ctx));
		printf("ok: cache list, prune, clear\n");
	}
	pyvenv_python_free(py);
	pyvenv_ctx_free(ctx);
	free(env);
	free(cache);
}

static void errors_as_data(void)
{
	pyvenv_ctx *ctx = pyvenv_ctx_new();
	struct log log = LOG_INIT;
	struct pyvenv_create_options o;
	const struct pyvenv_error *e;
	char *file = path("a-file"), *below = path("a-file/env");
	FILE *f = fopen(file, "w");

	CHECK(f && !fclose(f), "cannot make a file");
	pyvenv_ctx_set_message_fn(ctx, collect, &log);
	pyvenv_create_options_init(&o);
	o.python = python;
	o.no_cache = 1;

	CHECK(pyvenv_create(ctx, below, &o) == -1, "create below a file succeeded");
	e = pyvenv_ctx_error(ctx);
	CHECK(e && e->kind == PYVENV_ERROR_FAILED && e->message && e->subject, "no error data");
	CHECK(strstr(e->message, "a-file"), "the message does not name the file: %s", e->message);
	CHECK(log.errors >= 1 && strstr(log.buf, e->message), "the callback did not get the error");
	printf("ok: a failed create: %s (subject '%s', errno %d)\n", e->message, e->subject, e->errnum);

	o.clear = o.upgrade = 1;
	CHECK(pyvenv_create(ctx, below, &o) == -1, "create --clear --upgrade succeeded");
	e = pyvenv_ctx_error(ctx);
	CHECK(e && e->kind == PYVENV_ERROR_INVALID, "invalid options are not PYVENV_ERROR_INVALID");
	o.clear = o.upgrade = 0;
	printf("ok: invalid options: %s\n", e->message);

	o.python = "/nonexistent/python3";
	CHECK(pyvenv_create(ctx, below, &o) == -1, "create with a missing interpreter succeeded");
	e = pyvenv_ctx_error(ctx);
	CHECK(e->subject && strstr(e->subject, "/nonexistent/python3"), "subject: %s", e->subject);
	printf("ok: a missing interpreter: %s\n", e->message);

	/* A context without a callback stays silent: nothing on stderr. */
	pyvenv_ctx_set_message_fn(ctx, NULL, NULL);
	CHECK(pyvenv_create(ctx, below, &o) == -1 && pyvenv_ctx_error(ctx), "silent failure has no error");
	pyvenv_ctx_free(ctx);
	free(file);
	free(below);
}

struct job {
	char *env;
	int no_cache;
	struct log log;
	int rc;
	char error[512];
};

static void *create_one(void *arg)
{
	struct job *j = arg;
	pyvenv_ctx *ctx = pyvenv_ctx_new();
	struct pyvenv_create_options o;
	char *cache = path("cache-threads");

	j->log.thread = pthread_self();
	pyvenv_ctx_set_message_fn(ctx, collect, &j->log);
	pyvenv_ctx_set_verbosity(ctx, PYVENV_VERBOSE);
	pyvenv_create_options_init(&o);
	o.python = python;
	o.cache_dir = cache;
	o.no_cache = j->no_cache;
	j->rc = pyvenv_create(ctx, j->env, &o);
	if (j->rc)
		snprintf(j->error, sizeof(j->error), "%s", error_text(ctx));
	pyvenv_ctx_free(ctx);
	free(cache);
	return NULL;
}

static void two_threads(void)
{
	static struct job jobs[2];
	pthread_t t[2];
	const char *mine[2] = { "thread-a", "thread-b" };

	for (int i = 0; i < 2; i++) {
		jobs[i].env = path(mine[i]);
		jobs[i].no_cache = i; /* one through the cache, one not: no lock between them */
		CHECK(!pthread_create(&t[i], NULL, create_one, &jobs[i]), "pthread_create");
	}
	for (int i = 0; i < 2; i++)
		CHECK(!pthread_join(t[i], NULL), "pthread_join");
	for (int i = 0; i < 2; i++) {
		struct pyvenv_check_report *r;
		pyvenv_ctx *ctx = pyvenv_ctx_new();

		CHECK(jobs[i].rc == 0, "thread %d: %s", i, jobs[i].error);
		/* Each context saw its own environment only. */
		CHECK(strstr(jobs[i].log.buf, mine[i]) && !strstr(jobs[i].log.buf, mine[1 - i]),
		      "thread %d's messages: %s", i, jobs[i].log.buf);
		CHECK(!jobs[i].log.foreign, "thread %d: %d messages came on another thread", i, jobs[i].log.foreign);
		CHECK(!pyvenv_check(ctx, jobs[i].env, NULL, &r) && r->healthy, "thread %d: not healthy", i);
		pyvenv_check_report_free(r);
		pyvenv_ctx_free(ctx);
		free(jobs[i].env);
	}
	printf("ok: two threads created two environments at once\n");
}

int main(int argc, char **argv)
{
	char cwd_before[4096], cwd_after[4096];
	mode_t umask_before;
	const char *tz = getenv("TZ"), *pip = getenv("PIP_DISABLE_PIP_VERSION_CHECK");
	char tz_before[256], pip_before[256];

	if (argc != 3) {
		fprintf(stderr, "usage: api_test PYTHON SCRATCH_DIR\n");
		return 2;
	}
	python = argv[1];
	scratch = argv[2];
	CHECK(getcwd(cwd_before, sizeof(cwd_before)), "getcwd");
	umask_before = umask(022);
	umask(umask_before);
	snprintf(tz_before, sizeof(tz_before), "%s", tz ? tz : "(unset)");
	snprintf(pip_before, sizeof(pip_before), "%s", pip ? pip : "(unset)");
	printf("libpyvenv %s\n", pyvenv_version());
	create_and_check();
	errors_as_data();
	two_threads();
	/* Nothing process-wide changed. */
	CHECK(getcwd(cwd_after, sizeof(cwd_after)) && !strcmp(cwd_before, cwd_after), "the working directory changed");
	CHECK(umask(umask_before) == umask_before, "the umask changed");
	tz = getenv("TZ");
	pip = getenv("PIP_DISABLE_PIP_VERSION_CHECK");
	CHECK(!strcmp(tz ? tz : "(unset)", tz_before) && !strcmp(pip ? pip : "(unset)", pip_before),
	      "the environment changed");
	CHECK(!pyvenv_cancelled(), "cancelled");
	printf("ok: working directory, umask and environment unchanged\n");
	return 0;
}
