/*
 * native: requirements installed by the helper itself, wheel by wheel, as
 * pip would install them, without pip doing the installing.
 *
 * A set is planned in one of two ways:
 *  - locked (native_plan_locked): requirement files and --package values
 *    that pin every distribution with == or ===, whose closure (every
 *    Requires-Dist of every chosen wheel, markers evaluated for the
 *    interpreter and the extras asked for) is pinned in the set at a
 *    version that satisfies it; no pip at all;
 *  - resolved by pip (native_plan_report): `pip install --dry-run --report`
 *    chose the distributions; the helper installs what it chose.
 * Wheels come from --find-links directories (-f lines, --pip-arg,
 * $PIP_FIND_LINKS) and files named directly, else from the package
 * indexes named (--index-url, --extra-index-url, PIP_INDEX_URL,
 * PIP_EXTRA_INDEX_URL: pyindex.h), downloaded into the download cache
 * (download.h); each is chosen by the interpreter's tags as pip chooses,
 * and hashed before it is opened.
 */
#ifndef PYVENV_NATIVE_H
#define PYVENV_NATIVE_H

#include "options.h"
#include "strbuf.h"
#include "wheel.h"

#include <stddef.h>

struct pyinfo;

struct native_pkg {
	char *name;        /* as the wheel's file name gives it */
	char *req_name;    /* as the requirement spells it: pip's headers directory */
	char *canonical;   /* PEP 503 */
	char *version;     /* as pinned (locked) or as pip chose it */
	char *wheel;       /* absolute path of the wheel file */
	char **extras;     /* the extras asked for, canonical */
	size_t nextras;
	char **hashes;     /* allowed digests, "sha256:HEX"; none: not checked */
	size_t nhashes;
	int requested;     /* named by the user (REQUESTED) */
	char *direct_url;  /* direct_url.json text for a wheel named by path or URL */
	char *where;       /* what named it, for messages ("req.txt:3", "--package", "pip's report") */
	int skip;          /* already installed at this version: left alone */
	int need_index;    /* no local wheel: to be looked for on the indexes */
	char *url;         /* a wheel to download (an index's, or pip's choice), or NULL */
	char *url_sha256;  /* the digest the index gives for it (hex), or NULL */
	char *filename;    /* its file name */
};

struct native_plan {
	struct native_pkg *v;
	size_t n, alloc;
	int require_hashes; /* --require-hashes, or a --hash anywhere */
	int no_deps;        /* --no-deps: the closure is not asked for */
	int no_index;       /* --no-index (or PIP_NO_INDEX): pip finds wheels only locally */
	char **spelled;     /* every name the requirements give, as they spell it */
	size_t nspelled;
	char *index_url;    /* --index-url (-i, PIP_INDEX_URL), or NULL: none named */
	char **extra_index_urls; /* --extra-index-url (PIP_EXTRA_INDEX_URL) */
	size_t nextra;
	char *download_tmp; /* downloads without a cache: removed with the plan */
};

#define NATIVE_PLAN_INIT { NULL, 0, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, NULL }

/* What planning found, beside -1 (an error, reported). */
enum native_verdict {
	NATIVE_PLANNED = 0, /* the plan is ready to install */
	NATIVE_UNLOCKED,    /* a resolver is needed (ranges, names, an open closure) */
	NATIVE_NEEDS_PIP,   /* something only pip can install (an sdist, a directory,
			     * VCS, editable, an index or URL download) */
};

/*
 * Plans the -r files and --package values of o for py, from cwd. Returns a
 * verdict, with why saying (for UNLOCKED and NEEDS_PIP) which requirement
 * and why ("req.txt:3: 'requests>=2' is not pinned with =="), or -1
 * (reported): a file that cannot be read, a hash that does not match.
 */
int native_plan_locked(const struct pyinfo *py, const struct venv_opts *o, const char *cwd,
		       struct native_plan *plan, struct strbuf *why);

/*
 * Downloads every planned package that has a URL and no wheel yet into the
 * download cache of cache_dir (NULL: a temporary directory the plan
 * removes) and checks it against the index's digest: 0, or -1 (reported).
 */
int native_fetch(struct native_plan *plan, const char *cache_dir);

/*
 * Plans from the JSON report of `pip install --dry-run --report` (text,
 * NUL-terminated): every item a wheel, local (a file: URL) or on an index
 * (http, https: downloaded as native_fetch() does, into cache_dir's
 * download cache), whose hash pip gives is checked. Returns PLANNED, NEEDS_PIP (why set) or -1 (reported).
 */
int native_plan_report(const struct pyinfo *py, const char *text, struct native_plan *plan, const char *cache_dir,
		       struct strbuf *why);

/*
 * Installs the plan below dest (the environment being built, whose
 * site-packages is purelib): a distribution already there at another
 * version is removed first (its RECORD's files), one at the same version
 * is left alone, as pip does. Returns 0 or -1 (reported).
 */
int native_install(struct native_plan *plan, const struct wheel_dest *dest);

void native_plan_release(struct native_plan *plan);

/* How to run the environment's pip: run("install" arguments after
 * "-m pip install", NULL-terminated; out NULL: its output passes through)
 * returns 0 or -1 (reported: pip failed). run is NULL when the
 * environment has no pip. */
struct native_pip {
	int (*run)(void *data, const char *const *args, struct strbuf *out);
	void *data;
};

/*
 * The -r files and --package values of o installed into dest as the
 * installer o asks for: natively when the set is locked, or when pip could
 * resolve it (dry run) and chose only local wheels. Returns 1 when
 * installed, 0 when pip is to install the set (why says why, for -v), or
 * -1 (reported; with --installer native, a set that cannot be installed
 * natively, naming the requirement and why).
 */
int native_requirements(const struct pyinfo *py, const struct venv_opts *o, const struct wheel_dest *dest,
			const struct native_pip *pip, struct strbuf *why);

#endif
