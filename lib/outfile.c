/*
 * outfile: O_TMPFILE, linkat() and rename(), with a named, locked fallback.
 */
#include "outfile.h"

#include "fsutil.h"
#include "msg.h"
#include "strbuf.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_SUFFIX ".pyvenv-tmp-XXXXXX"

/* Removes the temporary files beside path that no live writer holds. */
static void remove_stale(const char *path)
{
	char *tmpl = fs_sibling_path(path, "", TMP_SUFFIX), *dir = fs_dirname(tmpl), *prefix = fs_basename(tmpl);
	DIR *d = opendir(dir);
	struct dirent *e;

	prefix[strlen(prefix) - 6] = '\0';
	while (d && (e = readdir(d))) {
		struct stat st;
		char *p;
		int fd;

		if (strncmp(e->d_name, prefix, strlen(prefix)) || strlen(e->d_name) != strlen(prefix) + 6)
			continue;
		p = fs_join(dir, e->d_name);
		fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) && !flock(fd, LOCK_EX | LOCK_NB)) {
			verbose("removing '%s', left by an interrupted run", p);
			unlink(p);
		}
		if (fd >= 0)
			close(fd);
		free(p);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir);
	free(tmpl);
}

int outfile_open(struct outfile *f, const char *path, mode_t mode)
{
	char *dir = fs_dirname(path);

	assert(f && path);
	*f = (struct outfile)OUTFILE_INIT;
	f->path = xstrdup(path);
	remove_stale(path);
	f->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	if (f->fd >= 0) {
		f->anonymous = 1;
	} else {
		f->tmp = fs_sibling_path(path, "", TMP_SUFFIX);
		f->fd = mkostemp(f->tmp, O_CLOEXEC);
		if (f->fd < 0) {
			error_errno("cannot create a file in '%s'", dir);
			free(dir);
			outfile_release(f);
			return -1;
		}
		fchmod(f->fd, mode);
	}
	/* Held until the end: a named temporary file no one holds is a
	 * killed run's. */
	flock(f->fd, LOCK_EX);
	free(dir);
	return 0;
}

/* Gives the anonymous file a temporary name beside its path. */
static int link_anonymous(struct outfile *f)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
	for (int tries = 0; tries < 100; tries++) {
		char *name = fs_sibling_path(f->path, "", TMP_SUFFIX);
		unsigned char rnd[6] = { 0 };
		const size_t len = strlen(name);

		if (getrandom(rnd, sizeof(rnd), 0) < 0)
			rnd[0] = (unsigned char)tries;
		for (size_t i = 0; i < 6; i++)
			name[len - 6 + i] = "abcdefghijklmnopqrstuvwxyz0123456789"[rnd[i] % 36];
		if (!linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW)) {
			f->tmp = name;
			f->anonymous = 0;
			return 0;
		}
		free(name);
		if (errno != EEXIST)
			break;
	}
	return error_errno("cannot give a name to the new '%s'", f->path);
}

int outfile_commit(struct outfile *f)
{
	int ret = -1;

	assert(f->fd >= 0);
	if (fsync(f->fd))
		error_errno("cannot write '%s'", f->path);
	else if (!f->anonymous || !link_anonymous(f)) {
		if (rename(f->tmp, f->path))
			error_errno("cannot rename '%s' to '%s'", f->tmp, f->path);
		else
			ret = 0;
	}
	if (!ret) {
		free(f->tmp);
		f->tmp = NULL;
	}
	outfile_release(f);
	return ret;
}

void outfile_release(struct outfile *f)
{
	if (f->tmp)
		unlink(f->tmp);
	if (f->fd >= 0)
		close(f->fd);
	free(f->tmp);
	free(f->path);
	*f = (struct outfile)OUTFILE_INIT;
}
