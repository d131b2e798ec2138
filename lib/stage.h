/*
 * stage: where an environment is built before it is published, and how it
 * is put in place, so that nothing looks finished before it is.
 *
 * A destination that does not exist is built in a hidden directory beside
 * it (".NAME.pyvenv-tmp-XXXXXX"), locked for as long as the run lasts, and
 * renamed into place: the destination appears complete, or not at all.
 *
 * A destination directory that exists is kept, as `python -m venv` keeps
 * it (its inode, mode, owner, group and set-gid bit; the calling shell may
 * be inside it; it may be a mount point). The environment is built in a
 * hidden directory inside it, STAGE_BUILD "XXXXXX". To publish, whatever is
 * to be replaced first moves into STAGE_OLD "XXXXXX" (pyvenv.cfg first);
 * the build directory is then renamed STAGE_READY "XXXXXX", the point from
 * which the run counts as done; its entries move up (pyvenv.cfg last), and
 * the old ones are removed. A run killed half-way leaves a directory
 * without pyvenv.cfg, or the old environment with a staging directory in
 * it; stage_recover(), run by the next run under the destination's lock,
 * finishes the move when a ready directory is there (merging into what is
 * there, see stage_publish) and undoes it otherwise.
 */
#ifndef PYVENV_STAGE_H
#define PYVENV_STAGE_H

#define STAGE_BUILD ".pyvenv-build-"
#define STAGE_READY ".pyvenv-ready-"
#define STAGE_OLD ".pyvenv-old-"

struct stage {
	const char *final; /* the destination (absolute) */
	char *root;        /* where the environment is being built */
	int inside;        /* root is inside final (final exists) */
	int lock;          /* beside: a lock held on root, kept by the rename */
};

#define STAGE_INIT { NULL, NULL, 0, -1 }

/*
 * Makes the directory to build in, inside final when inside is set (final
 * is then an existing directory the caller holds locked), else beside it.
 * Returns 0 or -1 (reported).
 */
int stage_begin(struct stage *s, const char *final, int inside);

/*
 * Puts the built environment in place. With replace, what final held
 * before is removed once the new environment is in place (inside only).
 * With merge (inside only, for --allow-existing), the new entries go into
 * what final holds: into its directories of the same names, each file
 * renamed over the one there; everything else in final stays.
 * Returns 0, or -1 (reported) with final as it was (with merge, a
 * failure once the move has begun leaves it to the next run to finish).
 */
int stage_publish(struct stage *s, int replace, int merge);

/* Removes what is left of the staging directory; keeps the lock (beside,
 * after publishing, it locks final) until stage_release(). */
void stage_cleanup(struct stage *s);
void stage_release(struct stage *s);

/*
 * Finishes or undoes what a killed run left inside the directory final
 * (which the caller holds locked): see above. Returns 0 or -1 (reported).
 */
int stage_recover(const char *final);

/*
 * Removes the staging directories a killed run left beside final (those
 * no live run holds locked) and, when lockfile is not NULL (final exists
 * and is locked), the lock file beside it if no run holds it.
 */
void stage_remove_beside(const char *final, const char *lockfile);

/* The lock file beside final, for runs that make it anew. Caller frees. */
char *stage_lock_path(const char *final);

#endif
