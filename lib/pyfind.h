/*
 * pyfind: interpreters by version, as uv and virtualenv find them.
 *
 * --python takes a path, a name on PATH (used as it is, as before), or a
 * request, searched for when it is not a name on PATH:
 *   3, 3.12, 3.12.1        that version (3.12 means any 3.12.x)
 *   3.13t                  the same, free-threaded
 *   python3.12, cpython3.12, python3.13t
 *                          the same; cpython also asks for CPython
 *   >=3.10, >=3.9,<3.12    PEP 440 specifiers on the version
 *                          (==, !=, <, <=, >, >=, ~=, and ==X.Y.*)
 * A request without "t" asks for an interpreter with the GIL.
 *
 * Where interpreters are looked for, in this order: the directories on
 * PATH; pyenv's versions ($PYENV_ROOT, else ~/.pyenv: versions/<v>/bin);
 * uv's managed interpreters ($UV_PYTHON_INSTALL_DIR, else
 * $XDG_DATA_HOME/uv/python, else ~/.local/share/uv/python: <name>/bin);
 * /usr/local/bin and /usr/bin. In a directory, the names python3.N (and
 * python3.Nt) count, newest first, then python3 and python; a name the
 * request gives (python3.12) comes first in its directory.
 *
 * The rule: the first interpreter on PATH that satisfies the request; if
 * none does, the newest that does among the others (for equal versions, in
 * the order above). An interpreter that does not run, or is older than
 * 3.8, is passed over (-v says so). A wrapper (a pyenv shim) resolves to
 * the interpreter it runs.
 */
#ifndef PYVENV_PYFIND_H
#define PYVENV_PYFIND_H

#include "probe.h"

#include <stddef.h>

#define PYREQ_MAX_CLAUSES 8

struct pyclause {
	char op[3];   /* "==", "!=", "<", "<=", ">", ">=", "~=" */
	int v[3];     /* the version, missing parts 0 */
	int n;        /* how many parts were given (1 to 3) */
	int wildcard; /* "==X.Y.*", "!=X.Y.*", or a bare version: a prefix */
};

struct pyreq {
	int cpython;       /* asked for CPython ("cpython3.12") */
	int free_threaded; /* "3.13t" */
	char *name;        /* "python3.12" as given, searched first; or NULL */
	struct pyclause c[PYREQ_MAX_CLAUSES];
	size_t n;
};

/*
 * Parses text as a request. Returns 1 (a request, req filled), 0 (not
 * one: a path or another name, looked up as it is), or -1 (it looks like
 * a request but is not a valid one; reported).
 */
int pyreq_parse(const char *text, struct pyreq *req);
void pyreq_release(struct pyreq *req);

/* Whether the interpreter py satisfies req. */
int pyreq_matches(const struct pyreq *req, const struct pyinfo *py);

/*
 * Loads the interpreter `python` names, as probe_load does: a path or a
 * name on PATH as it is, a request by the rule above. When nothing
 * satisfies a request, the error lists every interpreter found.
 */
int pyfind_load(const char *python, const char *cache_dir, struct pyinfo *info);

/* One interpreter found: where, and what it is. */
struct pyfound {
	char *path;         /* as found (a shim stays a shim here) */
	const char *origin; /* "PATH", "pyenv", "uv" or "system" */
	struct pyinfo info;
};

struct pyfound_list {
	struct pyfound *v;
	size_t n, alloc;
};

/*
 * Every interpreter found, in the order above, once each (by the
 * interpreter that runs). Interpreters that do not run are left out.
 */
void pyfind_all(const char *cache_dir, struct pyfound_list *out);
void pyfound_list_release(struct pyfound_list *list);

/* Whether py is a free-threaded build (the probe says so). */
int pyinfo_free_threaded(const struct pyinfo *py);

#endif
