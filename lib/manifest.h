/*
 * manifest: what a directory tree of the template cache held when it was
 * unpacked, so that a later run can prove it unchanged before it links its
 * files into an environment.
 *
 * For every entry below the tree's root (the root itself aside): its
 * relative path, type, permission bits, size, modification time and inode
 * number (files), and link target (symbolic links). Any change made to a
 * file in place changes its size or time; a file replaced, added or
 * removed changes the set of paths or an inode number. Entries must also
 * be owned by the current user and not be writable by group or others,
 * which manifest_build() ensures when it records them.
 *
 * The file is a sequence of records, "MANIFEST_MAGIC\0" first, then for
 * each entry "<type> <mode> <size> <mtime ns> <inode>\0<path>\0<target>\0"
 * (type f, d or l; numbers in decimal, mode in octal), sorted by path.
 */
#ifndef PYVENV_MANIFEST_H
#define PYVENV_MANIFEST_H

#include "strbuf.h"

#include <stddef.h>
#include <sys/stat.h>

#define MANIFEST_NAME ".pyvenv-tree"
#define MANIFEST_MAGIC "pyvenv-tree 1"

struct manifest_entry {
	const char *path;   /* into the manifest's buffer */
	const char *target; /* "" unless a link */
	char type;          /* 'f', 'd' or 'l' */
	unsigned int mode;  /* permission bits */
	unsigned long long size, mtime_ns, ino;
	int seen;
};

struct manifest {
	struct strbuf text;
	struct manifest_entry *v;
	size_t n, seen;
};

#define MANIFEST_INIT { STRBUF_INIT, NULL, 0, 0 }

/*
 * Records the tree at root (not following links) into out, taking write
 * permission from group and others where an entry had it. Returns 0, or -1
 * (reported) when an entry cannot be examined or is neither a file, a
 * directory nor a link.
 */
int manifest_build(const char *root, struct strbuf *out);

/* Reads the manifest file at path (opened without following a link).
 * Returns 0, or -1 with why set (nothing reported). */
int manifest_load(struct manifest *m, const char *path, struct strbuf *why);

/*
 * Checks one entry met while walking the tree: rel (relative to the root),
 * its lstat() and, for a link, its target. Returns 0 when the manifest
 * lists it as it is now (and marks it seen), else -1 with why set.
 */
int manifest_check(struct manifest *m, const char *rel, const struct stat *st, const char *target,
		   struct strbuf *why);

/* 0 when every entry was seen, else -1 with why naming a missing one. */
int manifest_all_seen(const struct manifest *m, struct strbuf *why);

void manifest_release(struct manifest *m);

#endif
