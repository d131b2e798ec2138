/*
 * venv_int: what venv.c and venv_seed.c share: one creation's state, and
 * the two steps each gives the other.
 */
#ifndef PYVENV_VENV_INT_H
#define PYVENV_VENV_INT_H

#include "options.h"
#include "probe.h"
#include "tcache.h"
#include "template.h"

struct stage;

/* Everything one creation needs, computed once. */
struct build {
	const struct pyinfo *py;
	const struct venv_opts *opts;
	const char *final;  /* where the environment will live */
	const char *root;   /* where it is being built (final when updating) */
	char *prompt;       /* resolved --prompt, or NULL */
	char *bin;          /* root/bin */
	char *purelib;      /* root/lib/pythonX.Y/site-packages */
	char *python;       /* root/bin/<exe>: runs the environment being built */
	char *final_python; /* final/bin/<exe>: what scripts are written to run */
	int ran_python;     /* pip or ensurepip ran at root: scripts name root */
	/* Seeding from a template: an archive, or a cached one to link. */
	const char *seed_archive;
	struct tcache_entry *seed_entry;
	int tree_changed;   /* the cached tree was not what it should be */
	int seed_pip;       /* then install -r/--package on top */
	struct template_meta meta;
	struct stage *stage; /* where a new environment is built */
	int inside;          /* ... inside the destination, which exists */
};

/* ENV_FILL: into a directory that holds other files (--allow-existing). */
enum state { ENV_NEW, ENV_UPDATE, ENV_REPLACE, ENV_FILL };

/* Builds the environment in a staging directory (from scratch, or from
 * b->seed_archive or b->seed_entry) and puts it in place: 0 or -1
 * (reported). venv.c. */
int build_staged(struct build *b, enum state state);

/*
 * A new environment: from --template, or from the template cache, local
 * then remote (a hit seeds it; a miss builds it and stores its template,
 * under a lock per key so that concurrent misses build once), or built
 * from scratch. 0 or -1 (reported). venv_seed.c.
 */
int venv_create_new(struct build *b, enum state state);

#endif
