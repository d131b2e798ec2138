/*
 * cmd: the verbs of the `pyvenv` command line, clients of libpyvenv
 * (pyvenv.h) and of nothing else. Each parses its own options, calls the
 * library and returns the process exit status.
 */
#ifndef PYVENV_CMD_H
#define PYVENV_CMD_H

#include "pyvenv.h"

#define EXIT_OK 0
#define EXIT_FAILURE_ 1
#define EXIT_USAGE 2

/* argv[0] is the verb's name. */
int cmd_create(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_unpack(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* For getopt's '?': names the unknown option (a short one by its letter,
 * even inside a group such as -qx); returns EXIT_USAGE. */
int cmd_bad_option(const char *verb, const char *arg);
/* Prints "pyvenv VERB: <message>" and a pointer to --help; returns EXIT_USAGE. */
int cmd_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The context of the verb's calls: messages printed as pyvenv prints them
 * (an error in the arguments as a usage error of verb). Exits when out of
 * memory. */
pyvenv_ctx *cmd_context(const char *verb, enum pyvenv_verbosity verbosity);
/* The exit status for a failed call: EXIT_USAGE when its arguments were
 * invalid, else EXIT_FAILURE_. */
int cmd_failed(const pyvenv_ctx *ctx);
/* An error, a warning and a hint of the command's own, printed as the
 * library's are ("pyvenv: error: ..."). */
int cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cmd_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cmd_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
