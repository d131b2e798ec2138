/*
 * main: the `pyvenv` command's dispatch table; each verb is a cmd_*().
 */
#include "cmd.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "create", cmd_create, "create Python virtual environments" },
	{ "pack", cmd_pack, "pack an environment into a relocatable template" },
	{ "unpack", cmd_unpack, "make an environment from a template" },
	{ "check", cmd_check, "check that an environment is healthy, and say why not" },
	{ "info", cmd_info, "show what pyvenv knows of an interpreter" },
	{ "cache", cmd_cache, "show, prune or clear the cache" },
};

static void usage(FILE *out)
{
	fputs("usage: pyvenv COMMAND [OPTIONS] [ARGS]\n"
	      "       pyvenv --version | --help | COMMAND --help\n\n"
	      "Fast Python virtual environments, identical to python -m venv's.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nEnvironment (COMMAND --help says more):\n"
	      "  PYVENV_PYTHON                     the default interpreter\n"
	      "  PYVENV_CACHE_DIR                  the cache (else $XDG_CACHE_HOME/pyvenv, ~/.cache/pyvenv)\n"
	      "  PYVENV_THREADS                    threads that write files (1 to 16)\n"
	      "  PYVENV_REMOTE_CACHE               a remote template cache: URL[|attribute=value]...\n"
	      "  PYVENV_REMOTE_CACHE_WRITE         1: store the templates a run builds there\n"
	      "  PYVENV_REMOTE_CACHE_TOKEN         a bearer token for it (else ~/.netrc, the URL)\n"
	      "  PYVENV_REMOTE_CACHE_SIGNING_KEY   sign what is stored (pyvenv cache keygen)\n"
	      "  PYVENV_REMOTE_CACHE_TRUSTED_KEYS  use only entries these public keys signed\n"
	      "\nExit status: 0 success, 1 failure, 2 usage error.\n", out);
}

int cmd_usage_error(const char *verb, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pyvenv %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'pyvenv %s --help'.\n", verb);
	return EXIT_USAGE;
}

static const char *context_verb;

static void print_message(void *data, const struct pyvenv_message *m)
{
	if (m->level == PYVENV_LEVEL_ERROR && m->kind == PYVENV_ERROR_INVALID)
		cmd_usage_error(context_verb, "%s", m->text);
	else
		pyvenv_message_print(data, m);
}

pyvenv_ctx *cmd_context(const char *verb, enum pyvenv_verbosity verbosity)
{
	pyvenv_ctx *ctx = pyvenv_ctx_new();

	if (!ctx) {
		fputs("pyvenv: out of memory\n", stderr);
		exit(EXIT_FAILURE_);
	}
	context_verb = verb;
	pyvenv_ctx_set_message_fn(ctx, print_message, NULL);
	pyvenv_ctx_set_verbosity(ctx, verbosity);
	return ctx;
}

int cmd_failed(const pyvenv_ctx *ctx)
{
	const struct pyvenv_error *e = pyvenv_ctx_error(ctx);

	return e && e->kind == PYVENV_ERROR_INVALID ? EXIT_USAGE : EXIT_FAILURE_;
}

/* One message of the command's own, however long (a check problem names
 * paths of up to PATH_MAX). */
static void vprint(enum pyvenv_level level, const char *fmt, va_list ap)
{
	struct pyvenv_message m = { .level = level };
	char *text;

	if (vasprintf(&text, fmt, ap) < 0) {
		fputs("pyvenv: out of memory\n", stderr);
		exit(EXIT_FAILURE_);
	}
	m.text = text;
	pyvenv_message_print(NULL, &m);
	free(text);
}

int cmd_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(PYVENV_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	return EXIT_FAILURE_;
}

void cmd_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(PYVENV_LEVEL_WARNING, fmt, ap);
	va_end(ap);
}

void cmd_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(PYVENV_LEVEL_HINT, fmt, ap);
	va_end(ap);
}

int cmd_bad_option(const char *verb, const char *arg)
{
	if (optopt)
		return cmd_usage_error(verb, "unknown option '-%c'", optopt);
	return cmd_usage_error(verb, "unknown option '%s'", arg);
}

/*
 * SIGINT, SIGTERM and SIGHUP end a run cleanly: the handler tells the
 * library, whose work in progress then fails through its usual error paths
 * (removing what it made), and the command ends by the same signal.
 */
static void on_signal(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	/* A signal from the terminal reached pip already (same process
	 * group); one sent to the helper alone is passed on, as SIGINT, which
	 * Python turns into KeyboardInterrupt: pip then removes its temporary
	 * files on the way out (SIGTERM or SIGHUP would end it at once). */
	pyvenv_cancel(sig, info && info->si_code <= 0);
}

static void install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: waits return EINTR */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction old;

		/* A signal ignored by whoever started us stays ignored (nohup). */
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* After a signal: says so and ends by that signal, with its default action. */
static void exit_if_interrupted(void)
{
	const int sig = pyvenv_cancelled();
	char line[96];
	int n;

	if (!sig)
		return;
	n = snprintf(line, sizeof(line), "pyvenv: interrupted by %s; what this run made is removed\n",
		     sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal");
	if (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0)
		n = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	/* Past a file size limit (ulimit -f), a write fails with EFBIG, which
	 * is reported and cleaned up after, instead of killing the helper
	 * half-way. */
	signal(SIGXFSZ, SIG_IGN);
	install_handlers();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("pyvenv %s\n", pyvenv_version());
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			const int rc = commands[i].fn(argc - 1, argv + 1);

			/* Interrupted: end by the signal, with what the run made
			 * removed on the way out. */
			exit_if_interrupted();
			return rc;
		}
	}
	fprintf(stderr, "pyvenv: unknown command '%s'\nTry 'pyvenv --help'.\n", argv[1]);
	return EXIT_USAGE;
}
