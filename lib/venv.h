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

#include "options.h"
#include "probe.h"


/*
 * Creates (or updates) the environment at env_dir for the interpreter py.
 * Returns 0, VENV_CURRENT when opts->hooks said it is up to date (nothing
 * done), or -1 (reported) leaving the destination as it was.
 */
#define VENV_CURRENT 1
int venv_create(const char *env_dir, const struct pyinfo *py, const struct venv_opts *opts);

#endif
