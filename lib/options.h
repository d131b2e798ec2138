/*
 * options: what an environment is asked to be (the options of `pyvenv
 * create`), in a header of its own that includes nothing of the modules
 * that read it (venv, inputs, layout, template, tcache).
 */
#ifndef PYVENV_OPTIONS_H
#define PYVENV_OPTIONS_H

#include <stddef.h>

/* How files come from the template cache: clone, else hard link, else
 * copy (auto), or only one of them. */
enum link_mode { LINK_AUTO, LINK_CLONE, LINK_HARDLINK, LINK_COPY };

/* "auto", "clone", "hardlink", "copy": the mode, or -1. */
int link_mode_parse(const char *s);
const char *link_mode_name(enum link_mode mode);

/* Who installs requirements: the helper when it can, else pip (auto); the
 * helper, or an error saying why it cannot (native); pip (pip). */
enum installer { INSTALLER_AUTO, INSTALLER_NATIVE, INSTALLER_PIP };

/* "auto", "native", "pip": the installer, or -1. */
int installer_parse(const char *s);
const char *installer_name(enum installer installer);

struct string_list {
	const char **v;
	size_t n;
};

/*
 * For build-system stamps: called under the destination's lock, so that
 * runs on one destination at once decide and build one after another.
 * current() says whether the destination is up to date already (1: nothing
 * is built), built() records a finished build before the lock is let go
 * (0, or -1 reported).
 */
struct venv_hooks {
	int (*current)(void *data, const char *env);
	int (*built)(void *data, const char *env);
	void *data;
};

struct remote; /* remote.h */

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
	const struct remote *remote;     /* the remote template cache, or NULL */
	enum link_mode link_mode;        /* how files come from the cache */
	enum installer installer;        /* who installs -r and --package */
	int compile_bytecode;            /* compile what is installed (and the seeded pip) */
	const struct venv_hooks *hooks;  /* or NULL */
};

#define VENV_OPTS_INIT { .symlinks = 1, .with_pip = 1, .scm_ignore = 1 }

#endif
