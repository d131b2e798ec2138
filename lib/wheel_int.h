/*
 * wheel_int: what wheel.c and wheel_meta.c share: a wheel being installed,
 * and the helpers that write into the environment and record what they
 * wrote. Not part of wheel.h's interface.
 */
#ifndef PYVENV_WHEEL_INT_H
#define PYVENV_WHEEL_INT_H

#include "extract.h"
#include "hash.h"
#include "wheel.h"
#include "wheelname.h"
#include "zipattr.h"
#include "strbuf.h"

#include <stdint.h>
#include <sys/types.h>

/* A row of a RECORD, as owned strings. */
struct row {
	char *path;
	char *hash; /* "sha256=..." or "" */
	char *size; /* decimal or "" */
};

struct rows {
	struct row *v;
	size_t n, alloc;
};

/* A regular member, as the first pass saw it. */
struct member_entry {
	char *name;
	uint64_t size; /* what the zip declares */
};

/* A console script to write: its file name and its entry point. */
struct script_entry {
	char *name;
	char *entry;
};

struct wheel {
	const char *path;
	int fd;          /* the one open file everything is read from */
	const struct wheel_opts *opts;
	struct wheelname file;  /* what its file name says */
	char *dist_info; /* "pip-23.2.1.dist-info" */
	char *data_dir;  /* "pip-23.2.1.data" */
	int root_is_purelib;
	int have_wheel, have_record;
	struct strbuf wheel_meta, record, entry_points;
	struct rows expected; /* the wheel's RECORD, sorted by path */
	struct rows written;  /* our RECORD */
	struct member_entry *members; /* the regular members, sorted by name once read */
	size_t nmembers, members_alloc;
	struct script_entry *scripts;
	size_t nscripts, scripts_alloc;
	char *shown[2]; /* show()'s slots */
	struct zipattrs attrs; /* the members' external attributes */
	int have_attrs;
	struct extract_dir out; /* the environment (dest->data) */
};

/* v, with room for one more of n items of size bytes. */
void *wheel_grow(void *v, size_t n, size_t *alloc, size_t size);
/* s as messages show it (control characters and bytes that are not UTF-8
 * escaped), in one of w's two slots: valid until the slot is used again. */
const char *wheel_show(struct wheel *w, int slot, const char *s);
/* Whether s (valid UTF-8) holds a control character (C0, DEL or C1). */
int wheel_has_control(const char *s);
void wheel_rows_add(struct rows *rows, char *path, char *hash, char *size);
int wheel_row_cmp(const void *a, const void *b);
/* Writes data to path (absolute, below the environment). */
int wheel_write_out(struct wheel *w, const char *path, const char *data, size_t len, mode_t mode);
/* The same (0644, or 0755 when exec), and records it in w's RECORD. */
int wheel_write_recorded(struct wheel *w, const char *root, const char *path, const char *data, size_t len,
			 int exec);

/* wheel_meta.c: the console and GUI scripts of entry_points.txt, checked
 * before anything is written; then written; then what the install adds to
 * the .dist-info (INSTALLER, REQUESTED, direct_url.json, the RECORD). */
int wheel_read_entry_points(struct wheel *w, const struct wheel_dest *d);
int wheel_write_console_scripts(struct wheel *w, const struct wheel_dest *d);
int wheel_write_metadata(struct wheel *w, const struct wheel_dest *d);

#endif
