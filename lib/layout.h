/*
 * layout: the version rules of `python -m venv`: which names bin/ gets,
 * which keys pyvenv.cfg has and in what order, what `command` says.
 * Pure functions of the interpreter's probe and the options, so they can be
 * unit-tested without any Python.
 */
#ifndef PYVENV_LAYOUT_H
#define PYVENV_LAYOUT_H

#include "probe.h"
#include "strbuf.h"

struct venv_opts;

#define LAYOUT_MAX_NAMES 4

/*
 * The names venv gives the interpreter in bin/ besides its own file name:
 * python, pythonX, and from 3.9 pythonX.Y. Fills names (pointers into a
 * static buffer valid until the next call) and returns how many.
 */
size_t layout_python_names(const struct pyinfo *py, const char *names[LAYOUT_MAX_NAMES]);

/* The interpreter's own file name, e.g. "python3" (basename of the base). */
const char *layout_exe_name(const struct pyinfo *py);

/* 1 when `--prompt .` means the current directory's name (3.9 and later;
 * 3.8 takes the "." literally). */
int layout_resolves_dot_prompt(const struct pyinfo *py);
/* 1 when this version writes .gitignore (3.13 and later). */
int layout_has_scm_ignore(const struct pyinfo *py);
/* 1 when this version writes `executable` and `command` (3.11 and later). */
int layout_has_command_key(const struct pyinfo *py);
/* 1 when venv adds the lib64 -> lib link (64-bit POSIX, not macOS). */
int layout_has_lib64(const struct pyinfo *py);
/* The packages --upgrade-deps upgrades: "pip" and, before 3.12, "setuptools". */
size_t layout_upgrade_deps(const struct pyinfo *py, const char *names[2]);

/*
 * Appends the text of pyvenv.cfg for an environment at env_dir (absolute),
 * whose prompt is `prompt` (already resolved from "."; NULL when none was
 * given).
 */
void layout_config(struct strbuf *out, const struct pyinfo *py, const struct venv_opts *opts,
		   const char *env_dir, const char *prompt);

#endif
