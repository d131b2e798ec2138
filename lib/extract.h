/*
 * extract: the one layer that writes archive members below a destination,
 * for templates and wheels alike.
 *
 * Everything is opened relative to a descriptor of the destination, one
 * component at a time, with O_NOFOLLOW: no symbolic link, whether it came
 * from the archive or was there before, is ever followed on the way, so
 * nothing is written outside the destination. Names pass member.h's rule
 * first; a symbolic link is made only when it leads nowhere outside
 * (extract_link_safe). Directory times are set once everything is written.
 * Nothing process-wide is used: no working directory, no umask change.
 */
#ifndef PYVENV_EXTRACT_H
#define PYVENV_EXTRACT_H

#include "hash.h"

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct archive;
struct strbuf;

/* The mode given is the file's exact mode (templates); without it the
 * umask applies, as for any file a program creates (wheels, as pip). */
#define EXTRACT_EXACT_MODE 1
/* A file or link already at the name is replaced (wheels over an existing
 * environment); without it, an existing name is an error. */
#define EXTRACT_REPLACE 2

struct extract_dir {
	const char *path;   /* the destination, for messages */
	int flags;
	int root;           /* descriptor of the destination */
	size_t depth;       /* fds[0..depth-1]: the open directories of cur */
	int *fds;
	size_t fds_alloc;
	char *cur;          /* relative path of fds[depth-1] ("" for root) */
	struct dir_time {
		char *name;
		struct timespec mtime;
	} *times;
	size_t ntimes, times_alloc;
};

/* Opens the destination (an existing directory): 0, or -1 (reported). */
int extract_open(struct extract_dir *x, const char *path, int flags);
/* Sets the directories' times (once set_times says so) and closes: 0, or
 * -1 (reported). Safe on an extract_dir that failed to open. */
int extract_close(struct extract_dir *x, int set_times);

/* A directory (name may end in '/'), with its parents; an existing one is
 * kept. mtime NULL: left as it is. */
int extract_mkdir(struct extract_dir *x, const char *name, mode_t mode, const struct timespec *mtime);
/* A regular file from the current member of a, of at most max bytes (the
 * size its header declares: a member with more is refused as soon as it
 * goes past, not once written). digest (if not NULL) and *size get what
 * was written. mtime NULL: now. */
int extract_file(struct extract_dir *x, const char *name, struct archive *a, const char *archive,
		 uint64_t max, mode_t mode, const struct timespec *mtime, unsigned char digest[HASH_LEN],
		 uint64_t *size);
/* A regular file holding data. */
int extract_data(struct extract_dir *x, const char *name, const void *data, size_t len, mode_t mode);
/* A symbolic link, refused (reported) unless extract_link_safe(). */
int extract_symlink(struct extract_dir *x, const char *name, const char *target, const char *archive,
		    const struct timespec *mtime);

/*
 * A symbolic link at name that leads nowhere outside the destination: its
 * target stays inside (relative, climbing with leading ".." components no
 * higher than the destination, as lib64 -> lib), or it names something
 * outside that exists and is not a directory (bin/python -> the
 * interpreter). So no path below the destination goes outside it, and
 * nothing written there, when extracting or when relocating, lands outside.
 */
int extract_link_safe(const char *name, const char *target);
/* 0 when extract_link_safe(), else -1, reported as a link of archive that
 * is refused. */
int extract_link_check(const char *archive, const char *name, const char *target);

/* Appends the data of a's current member to out, refusing more than max
 * bytes in out: 0, or -1 (not reported; errno EFBIG when too big, else
 * archive_error_string(a) says why). */
int extract_read_member(struct archive *a, struct strbuf *out, size_t max);

#endif
