/*
 * probe: what the helper knows of a base interpreter.
 *
 * The first time an interpreter is seen, templates/probe.py runs in it and
 * reports as JSON; the answer is cached under <cache>/interpreters/, keyed by
 * the interpreter's path and file identity (device, inode, size, mtime) and
 * by the probe script itself. A cached answer is used only while those and
 * the bundled wheels it names are unchanged, so an upgraded or replaced
 * interpreter is probed again. Wrappers (a shell script such as a pyenv shim
 * that execs some interpreter chosen at run time) are never cached.
 */
#ifndef PYVENV_PROBE_H
#define PYVENV_PROBE_H

#include "strbuf.h"

#include <jansson.h>
#include <stddef.h>

#define PYINFO_MAX_WHEELS 4

struct pywheel {
	char *name;
	char *version;
	char *path;
};

struct pyinfo {
	char *path;            /* absolute path the interpreter was run by */
	char *executable;      /* its sys.executable */
	char *base_executable; /* what venv links to (sys._base_executable) */
	char *real_executable; /* realpath of that: pyvenv.cfg's `executable` */
	char *version;         /* "3.12.1" */
	int major, minor;
	char *implementation;  /* "cpython" */
	char *scripts_dir;     /* relative to the environment: "bin" */
	char *include_dir;     /* "include" or "include/python3.12" */
	char *purelib;         /* "lib/python3.12/site-packages" */
	char *platlib;
	int is_64bit;
	int is_posix;          /* os.name == "posix" */
	int is_darwin;
	int has_ensurepip;
	size_t nwheels;
	struct pywheel wheels[PYINFO_MAX_WHEELS];
	int from_cache;        /* answered from the cache, no Python started */
	char *cache_file;      /* where the answer is (or would be) cached; may be NULL */
	json_t *json;          /* the probe's whole answer */
};

/*
 * Finds the interpreter `python` (a path, or a name looked up in PATH) and
 * fills info, from the cache in cache_dir when possible (cache_dir NULL: no
 * cache). Fails (reported, with a hint) when there is no such file, it is not
 * a Python interpreter, or it is older than 3.8. Release with pyinfo_release.
 */
int probe_load(const char *python, const char *cache_dir, struct pyinfo *info);

/* As probe_load, but why the interpreter cannot be used (not found, does
 * not run, too old) goes to quiet instead of being reported; warnings about
 * the cache are still said. */
int probe_load_quiet(const char *python, const char *cache_dir, struct pyinfo *info, struct strbuf *quiet);

/* The interpreter when none is given: $PYVENV_PYTHON, else "python3". */
const char *probe_default_python(void);
void pyinfo_release(struct pyinfo *info);

/*
 * The wheel tags the interpreter supports, most preferred first, as pip's
 * compatibility_tags.get_supported() lists them: fills *tags with a new
 * array (caller frees the array, not the strings, which info owns) and
 * returns the count; 0 when the probe gave none.
 */
size_t pyinfo_tags(const struct pyinfo *info, const char ***tags);

struct pep508_env;
/* PEP 508's marker variables for the interpreter (strings info owns; ""
 * for one the probe did not give). */
void pyinfo_marker_env(const struct pyinfo *info, struct pep508_env *env);

/* Parses a probe answer into info (used by probe_load and the unit tests). */
int probe_parse(const char *text, struct pyinfo *info);

/*
 * Checks a parsed answer (3.8 or later) before anything is built on it,
 * whether it came from the interpreter or from the cache: the version is
 * X.Y.Z with the X.Y it says; executables and bundled wheels are absolute
 * paths; the scheme's paths (scripts, include, purelib, platlib) are
 * relative, without ".." or empty parts, so they stay inside an
 * environment; nothing holds a control character. Returns 0, or -1 with
 * why set.
 */
int probe_check(const struct pyinfo *info, struct strbuf *why);

#endif
