/*
 * outfile: a file written out of sight and published by rename, so that a
 * reader finds the old file or the complete new one, and a run that is
 * killed half-way leaves nothing behind.
 *
 * Where the file system has O_TMPFILE, the file has no name until it is
 * complete; it then gets a temporary name beside path (held locked) and is
 * renamed over path. Elsewhere it is written under that temporary name from
 * the start, locked while it is written. Either way, temporary files a
 * killed run left beside path (no longer locked) are removed when the next
 * one is opened.
 */
#ifndef PYVENV_OUTFILE_H
#define PYVENV_OUTFILE_H

#include <sys/types.h>

struct outfile {
	int fd;        /* write here */
	char *path;    /* where it goes */
	char *tmp;     /* its temporary name, while it has one */
	int anonymous; /* O_TMPFILE: no name yet */
};

#define OUTFILE_INIT { -1, NULL, NULL, 0 }

/* Opens a new file that will become path, with mode (the umask aside).
 * Returns 0, or -1 (reported). */
int outfile_open(struct outfile *f, const char *path, mode_t mode);

/* Writes it out to the disk and renames it over path; the descriptor is
 * closed either way. Returns 0, or -1 (reported: path as it was). */
int outfile_commit(struct outfile *f);

/* Drops what was written (nothing of it stays); safe after a commit. */
void outfile_release(struct outfile *f);

#endif
