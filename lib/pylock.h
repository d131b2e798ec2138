/*
 * pylock: PEP 751 lock files (pylock.toml, pylock.<name>.toml) read into
 * what an installer needs, checked as the PEP says (the specification at
 * packaging.python.org/specifications/pylock-toml/, April 2025).
 *
 * Strings are kept as written but for hashes (lowercased). A string that
 * holds a NUL character is refused rather than cut short. Keys the PEP
 * does not name are ignored, and so are [tool] tables and the contents of
 * `dependencies` and `attestation-identities` (checked for their types
 * only): nothing may act on them.
 */
#ifndef PYVENV_PYLOCK_H
#define PYVENV_PYLOCK_H

#include "strbuf.h"

#include <stddef.h>

struct pylock_hash {
	char *algorithm; /* "sha256", ... as written, lowercase */
	char *hex;       /* lowercase hex */
};

/* One entry of a package's `wheels` array; also its `sdist` and
 * `archive` tables. */
struct pylock_wheel {
	char *name;      /* the file's name: `name`, else the last part of path or url
			  * (percent-decoded); never holds '/' or '\\'; NULL for an archive */
	char *path;      /* as written (relative to the lock file's directory), or NULL */
	char *url;       /* or NULL */
	char *upload_time; /* the offset date-time as written (UTC), or NULL */
	struct pylock_hash *hashes;
	size_t nhashes;
	long long size;  /* -1 when not given */
};

/* A package's `vcs` table. */
struct pylock_vcs {
	char *type;               /* "git", ... */
	char *url, *path;         /* at least one of them */
	char *requested_revision; /* or NULL (informational only) */
	char *commit_id;
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
	char *index;           /* `index`, or NULL */
	struct pylock_wheel sdist;   /* when has_sdist */
	struct pylock_wheel archive; /* PYLOCK_ARCHIVE */
	struct pylock_vcs vcs;       /* PYLOCK_VCS */
	char *directory;             /* PYLOCK_DIRECTORY: its path */
	int editable;                /* directory.editable */
	char *subdirectory;          /* of vcs, directory or archive, or NULL */
};

struct pylock {
	char *lock_version;     /* "1.0" */
	char *created_by;
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
 * directory, archive and wheels/sdist, a wrong type anywhere). Also
 * refused: a missing `created-by` or `packages`; a package with none of
 * those sources; a vcs without `type` or `commit-id`; a directory without
 * `path`; an sdist or archive without path or url, or without hashes; an
 * empty hashes table, a hash that is not hexadecimal (or of the wrong
 * length for md5, sha1, sha224, sha256, sha384, sha512); a wheel name
 * that is not a .whl file name; a file name holding a '/' or '\\'; an
 * upload-time that is not an offset date-time in UTC; a negative size.
 * The LINE of a package is in packages[].line, not in these messages;
 * the N of packages[N] and wheels[N] counts from 0.
 */
int pylock_parse(const char *text, size_t len, const char *name, struct pylock *out, struct strbuf *why);
void pylock_release(struct pylock *lock);

#endif
