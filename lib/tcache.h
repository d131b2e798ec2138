/*
 * tcache: the template cache, content-addressed by the digest of the inputs
 * that decide an environment (inputs.h).
 *
 *   <cache>/templates/<key>.tar.zst   the template (pyvenv pack)
 *   <cache>/templates/<key>.sha256    its SHA-256, written after it, so a
 *                                     damaged or truncated archive is caught;
 *                                     its modification time is the last use;
 *                                     a second line "remote <URL>" (redacted)
 *                                     when it came from a remote cache
 *   <cache>/templates/<key>.lock      held while the entry is built or read
 *   <cache>/trees/<key>/              the template unpacked, for link modes
 *
 * Entries are published by rename, after they are complete: a reader never
 * sees half of one. Runs that find a complete entry (a hit, with its tree)
 * hold the key's lock shared and run side by side; a run that builds,
 * stores, repairs or removes an entry holds it alone, so a second run with
 * the same key waits for it, then finds the entry the first one stored.
 */
#ifndef PYVENV_TCACHE_H
#define PYVENV_TCACHE_H

#include "hash.h"
#include "manifest.h"
#include "options.h"
#include "probe.h"
#include "template.h"

struct tcache_entry {
	char *archive, *sidecar, *tree, *lockfile;
	unsigned char digest[HASH_LEN];
	int present; /* archive and digest both there */
	int lock;    /* fd, or -1 */
	int shared;  /* the lock is shared (a hit); writing takes it alone */
	int tree_loaded; /* the manifest below is the tree's */
	struct manifest manifest; /* of the tree, once tcache_ensure_tree() */
};

/*
 * Locks the entry for key (shared when it is complete with its tree, else
 * alone, waiting for another run holding it so) and reports whether it is
 * there. Whatever writes the entry (tcache_ensure_tree() unpacking,
 * tcache_discard(), tcache_drop_tree(), tcache_store()) first takes the
 * lock alone. The cache's templates/ and trees/ must be trusted
 * (trust.h), and so must the entry's archive and digest, else the entry is
 * discarded (with a warning). Returns 0, or -1 (warned once) if the cache
 * cannot be used: the caller goes on without it.
 */
int tcache_open(const char *cache_dir, const char *key, struct tcache_entry *e);
/* Only the entry's paths (nothing locked or read); release with
 * tcache_close(). */
void tcache_paths(const char *cache_dir, const char *key, struct tcache_entry *e);
void tcache_close(struct tcache_entry *e);

/*
 * Makes sure the tree is there with its manifest: unpacks the archive
 * (checked against the digest) into a new tree when there is none, or when
 * the one there cannot be trusted (warned). Returns 0 or -1 (reported).
 */
int tcache_ensure_tree(struct tcache_entry *e);

/* Removes the entry (a damaged one, before it is built again). */
void tcache_discard(struct tcache_entry *e);
/* Removes only the tree (the archive can make it again). */
void tcache_drop_tree(struct tcache_entry *e);

/* Packs env_dir into the entry. Returns 0 or -1 (reported). */
int tcache_store(struct tcache_entry *e, const char *env_dir, const struct pyinfo *py);

/*
 * Publishes tmp (a verified archive beside the entry's, whose SHA-256 is
 * digest) as the entry, which must be held alone and not present, noting
 * that it came from origin (a redacted URL). 0, or -1 (tmp left to the
 * caller); on success the entry is present, its tree still to be made.
 */
int tcache_adopt(struct tcache_entry *e, const char *tmp, const unsigned char digest[HASH_LEN], const char *origin);

/* Where the entry whose digest file is sidecar came from: the remote
 * cache's redacted URL (caller frees), or NULL when it was built here. */
char *tcache_origin(const char *sidecar);

/* Marks the entry used now (for pruning). */
void tcache_touch(struct tcache_entry *e);

/*
 * Removes what killed runs left of key's entry in cache_dir: temporary
 * archives, digests and trees ("<key>.*pyvenv-tmp-*"). Call it holding the
 * key's lock (tcache_open, or the lock file flocked). Returns how many it
 * removed, or -1 (reported) when one cannot be removed.
 */
int tcache_remove_stale(const char *cache_dir, const char *key);
/* Removes key's entry, with what killed runs left of it, unless another
 * run holds it: 1 removed, 0 in use (said), -1 (reported) failed. */
int tcache_remove(const char *cache_dir, const char *key);
/* tcache_remove_stale() for every key no run holds: 0, or -1 (reported). */
int tcache_sweep(const char *cache_dir);

/*
 * Fills dest (an existing empty directory) with the files of the entry's
 * tree (tcache_ensure_tree() first): directories and links made anew, files
 * cloned, hard-linked or copied as mode says (auto: clone, else hard link,
 * else copy, falling back quietly when the file system refuses).
 * Modification times are kept. Every entry is checked against the tree's
 * manifest as it is met. Returns 0, -1 (reported), or TCACHE_CHANGED when
 * the tree is not what its manifest says (warned): drop it and unpack it
 * again.
 */
#define TCACHE_CHANGED (-2)
int tcache_link_tree(struct tcache_entry *e, const char *dest, enum link_mode mode);

#endif
