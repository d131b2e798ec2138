/*
 * main: the `pyvenv` command's dispatch table; each verb is a cmd_*().
 */
#include "cmd.h"
#include "interrupt.h"
#include "version.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	fputs("\nExit status: 0 success, 1 failure, 2 usage error.\n", out);
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

int cmd_bad_option(const char *verb, const char *arg)
{
	if (optopt)
		return cmd_usage_error(verb, "unknown option '-%c'", optopt);
	return cmd_usage_error(verb, "unknown option '%s'", arg);
}

int main(int argc, char **argv)
{
	/* Past a file size limit (ulimit -f), a write fails with EFBIG, which
	 * is reported and cleaned up after, instead of killing the helper
	 * half-way. */
	signal(SIGXFSZ, SIG_IGN);
	interrupt_install();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("pyvenv %s\n", PYVENV_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			const int rc = commands[i].fn(argc - 1, argv + 1);

			/* Interrupted: end by the signal, with what the run made
			 * removed on the way out. */
			interrupt_exit();
			return rc;
		}
	}
	fprintf(stderr, "pyvenv: unknown command '%s'\nTry 'pyvenv --help'.\n", argv[1]);
	return EXIT_USAGE;
}
