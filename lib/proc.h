/*
 * proc: run another program from an argv array (never through a shell).
 */
#ifndef PYVENV_PROC_H
#define PYVENV_PROC_H

#include "strbuf.h"

struct proc_opts {
	/* Full environment for the child; NULL means ours. */
	char *const *envp;
	/* When set, the child's stdout is appended here instead of inherited. */
	struct strbuf *out;
	/* When set, the child's stderr is appended here instead of inherited. */
	struct strbuf *err;
	/* Working directory for the child; NULL means ours. */
	const char *cwd;
};

/*
 * Runs argv[0] (a path, or a name looked up in PATH) with stdin from
 * /dev/null and waits for it. Returns its exit status (0-255), 128+N if it
 * was killed by signal N, or -1 (reported) if it could not be started.
 */
int proc_run(const char *const *argv, const struct proc_opts *opts);

/* Looks name up in PATH as execvp would; caller frees; NULL if not found.
 * A name containing '/' is returned as is (copied). */
char *proc_which(const char *name);

#endif
