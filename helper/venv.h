/*
 * venv: creates or updates one environment.
 *
 * A new environment (or one replaced with --clear) is built in a hidden
 * temporary directory beside its destination and renamed into place, so a
 * failed or killed run never leaves something that looks finished, and an
 * old environment is only replaced once its successor is complete. An
 * existing environment is updated in place, file by file, each file replaced
 * atomically, as `python -m venv` on an existing directory would. All of it
 * happens under a lock beside the destination, so two runs on the same
 * destination wait for each other.
 */
#ifndef PYVENV_VENV_H
#define PYVENV_VENV_H

#include "probe.h"
#include "strbuf.h"

#include <stddef.h>

struct string_list {
	const char **v;
	size_t n;
};

struct venv_opts {
	int system_site_packages;
	int symlinks;             /* default 1; --copies sets 0 */
	int clear;
	int upgrade;
	int with_pip;             /* default 1 */
	int upgrade_deps;
	int scm_ignore;           /* default 1 */
	int replace_env;          /* build an existing environment anew (not other content) */
	int allow_existing;       /* write into a directory holding other files */
	const char *prompt;       /* as given to --prompt ("." included), or NULL */
	struct string_list requirements; /* -r files */
	struct string_list packages;     /* --package specifiers */
	struct string_list pip_args;     /* --pip-arg */
	struct string_list build_paths;  /* --build-path directories */
	const char *template_archive;    /* --template: seed from it, then pip */
	const char *cache_dir;           /* template cache, or NULL for none */
	int link_mode;                   /* enum link_mode (tcache.h) */
};

#define VENV_OPTS_INIT { .symlinks = 1, .with_pip = 1, .scm_ignore = 1 }

/*
 * Creates (or updates) the environment at env_dir for the interpreter py.
 * Returns 0, or -1 (reported) leaving the destination as it was.
 */
int venv_create(const char *env_dir, const struct pyinfo *py, const struct venv_opts *opts);

#endif
