/*
 * pylock: PEP 751 lock files (pylock.toml, pylock.<name>.toml) read into
 * what an installer needs, checked as the PEP says.
 */
#ifndef PYVENV_PYLOCK_H
#define PYVENV_PYLOCK_H

#include "strbuf.h"

#include <stddef.h>

struct pylock_hash {
	char *algorithm; /* "sha256", ... as written, lowercase */
	char *hex;       /* lowercase hex */
};

/* One entry of a package's `wheels` array. */
struct pylock_wheel {
	char *name;      /* the wheel's file name: `name`, else the last part of path or url */
	char *path;      /* as written (relative to the lock file's directory), or NULL */
	char *url;       /* or NULL */
	struct pylock_hash *hashes;
	size_t nhashes;
	long long size;  /* -1 when not given */
};

enum pylock_source {
	PYLOCK_WHEELS,    /* only `wheels` (and maybe `sdist`) */
	PYLOCK_SDIST,     /* `sdist` and no wheels */
	PYLOCK_VCS,
	PYLOCK_DIRECTORY,
	PYLOCK_ARCHIVE,
};

struct pylock_package {
	char *name;            /* as written */
	char *version;         /* or NULL (allowed for vcs/directory/archive) */
	char *marker;          /* or NULL */
	char *requires_python; /* or NULL */
	enum pylock_source source;
	int has_sdist;         /* an `sdist` table besides wheels */
	struct pylock_wheel *wheels;
	size_t nwheels;
	size_t line;           /* the line of its [[packages]] header */
};

struct pylock {
	char *lock_version;     /* "1.0" */
	char *requires_python;  /* or NULL */
	char **environments;    /* marker strings, or NULL */
	size_t nenvironments;
	char **extras, **dependency_groups, **default_groups;
	size_t nextras, ndependency_groups, ndefault_groups;
	struct pylock_package *packages;
	size_t npackages;
};

#define PYLOCK_INIT { 0 }

/* 1 when the base name of path is pylock.toml or pylock.<name>.toml (name
 * without a dot), as PEP 751 names lock files. */
int pylock_is_lock_name(const char *path);

/*
 * Parses the lock file text named name into out (PYLOCK_INIT or released).
 * Returns 0, or -1 with why appended ("name:LINE: ..." for TOML errors,
 * "name: packages[3] (foo): ..." for a lock file that is valid TOML but not
 * what PEP 751 says: a missing lock-version or a major version other than
 * 1, a package without name, a wheel entry with neither path nor url, a
 * package with no hashes on a wheel, a package with several of vcs,
 * directory, archive and wheels/sdist, a wrong type anywhere).
 */
int pylock_parse(const char *text, size_t len, const char *name, struct pylock *out, struct strbuf *why);
void pylock_release(struct pylock *lock);

#endif
