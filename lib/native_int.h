/*
 * native_int: what the native installer's files share (native.c,
 * native_plan.c, native_choose.c).
 */
#ifndef PYVENV_NATIVE_INT_H
#define PYVENV_NATIVE_INT_H

#include "native.h"
#include "wheelname.h"

struct pep508_env;

/* The wheels of the --find-links directories, read once each. */
struct wheelhouse {
	const char **tags;    /* the interpreter's, most preferred first */
	size_t ntags;
	char **dirs;
	size_t ndirs;
	struct house_wheel {
		struct wheelname name;
		char *path;
		long rank;        /* in tags, or -1: not supported */
	} *v;
	size_t n, alloc;
};

void wheelhouse_init(struct wheelhouse *h, const struct pyinfo *py);
/* Adds the wheels in dir (absolute); a directory already read or missing
 * adds nothing, as pip skips a missing one. */
void wheelhouse_add_dir(struct wheelhouse *h, const char *dir);
void wheelhouse_release(struct wheelhouse *h);

/* The wheel pip takes for pkg among h's: NULL when none (*unsupported
 * counts those of its version this interpreter does not support). */
const struct house_wheel *native_best_wheel(const struct wheelhouse *h, const struct native_pkg *pkg,
					   size_t *unsupported);

/* Adds name==version, or returns the entry already pinned at an equal
 * version; NULL when it is pinned at another one. */
struct native_pkg *native_plan_add(struct native_plan *plan, const char *name, const char *version,
				   const char *where);
/* Whether two versions are the same (PEP 440 equality; as strings when
 * one is not a PEP 440 version). */
int native_same_version(const char *a, const char *b);

/* Notes name as a requirement spells it (pip names a distribution's
 * headers directory so). */
void native_plan_spell(struct native_plan *plan, const char *name);
/* The spelling the requirements give canonical, or NULL. */
const char *native_plan_spelling(const struct native_plan *plan, const char *canonical);
/* Releases the packages, keeping plan's spellings and no_index. */
void native_plan_release_packages(struct native_plan *plan);

/* Adds extra (canonicalised) to pkg's extras; 1 if it was new. */
int native_pkg_add_extra(struct native_pkg *pkg, const char *extra);

/* Whether the environment's pip (py's bundled wheel; none: the newest
 * behaviour) records a wheel file's own digest in direct_url.json: pip 23.1
 * and later. Before, only a digest the URL carried. */
int native_pip_hashes_files(const struct pyinfo *py);

/* direct_url.json for a wheel file, as py's pip writes it: the URL (url,
 * else path's file: URL), the digest its fragment gives, else (pip 23.1 and
 * later) the file's sha256 hex (NULL: hashed here). */
char *native_direct_url(const struct pyinfo *py, const char *url, const char *path, const char *sha256_hex);

/*
 * Chooses every planned package's wheel (those named by a file have one)
 * from h and checks the hashes. Returns 0 with *verdict set (UNLOCKED with
 * why when a pinned version has no wheel here, or none that the
 * interpreter supports), or -1 (reported) for a hash that does not match
 * or is missing in hash-checking mode.
 */
int native_choose(struct wheelhouse *h, struct native_plan *plan, struct strbuf *why, int *verdict);

/*
 * For each package marked need_index, the wheel pip would take from the
 * plan's indexes (the index, then the extra ones; yanked files and files
 * whose Requires-Python excludes py skipped): its URL, digest and file
 * name set. Returns 0 with *verdict (UNLOCKED with why when a package has
 * none there, NEEDS_PIP when an index cannot be read), or -1 (reported).
 */
int native_index_choose(struct wheelhouse *h, const struct pyinfo *py, struct native_plan *plan,
			struct strbuf *why, int *verdict);

/* Notes an index option (--index-url, -i, --extra-index-url) with its
 * value; PIP_INDEX_URL and PIP_EXTRA_INDEX_URL by native_index_env(). */
void native_index_option(struct native_plan *plan, const char *opt, const char *value);

/* native_fetch(), then every downloaded wheel checked against the hashes
 * its requirement gives: 0, or -1 (reported). */
int native_fetch_checked(struct native_plan *plan, const char *cache_dir);
void native_index_env(struct native_plan *plan);

/*
 * Checks that the plan is closed: every Requires-Dist of every wheel (with
 * markers for env and the extras asked for, those of dependencies
 * included) is in the plan at a version it allows, and each wheel's
 * Requires-Python holds. Returns 0 with *verdict (UNLOCKED with why when
 * not), or -1 (reported) for a wheel whose metadata cannot be read.
 */
int native_closure(const struct pyinfo *py, const struct pep508_env *env, struct native_plan *plan,
		   struct strbuf *why, int *verdict);

/* Checks the file at path against the allowed hashes ("algo:hex") of pkg:
 * 0, or -1 (reported: the package, the file, expected and actual). As pip,
 * the file is good when its digest in one of the algorithms named (sha256,
 * sha384, sha512, ...) is one of those given. */
int native_check_hash(const struct native_pkg *pkg, const char *path);
/* The same, of the file open at fd (read from its start). */
int native_check_hash_fd(const struct native_pkg *pkg, const char *path, int fd);

/*
 * Adds the packages the PEP 751 lock file at path selects for py (markers
 * for env, requires-python) to plan, each with its best wheel that has a
 * path (relative to the lock file) and its hashes. Returns 0, or -1
 * (reported): an unreadable or invalid lock file, one for another Python
 * or environment, a selected package with no such wheel (an sdist, VCS,
 * directory, archive or URL: pip cannot install from a lock file either).
 */
int native_plan_pylock(const struct pyinfo *py, const struct pep508_env *env, const char *path,
		       struct native_plan *plan);

#endif
