/*
 * stage: building beside or inside the destination, publishing, and
 * recovering from a run that was killed while publishing.
 */
#include "stage.h"

#include "fsutil.h"
#include "lock.h"
#include "msg.h"
#include "strbuf.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CFG "pyvenv.cfg"
#define TMP_SUFFIX ".pyvenv-tmp-XXXXXX"

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int is_staging(const char *name)
{
	return has_prefix(name, STAGE_BUILD) || has_prefix(name, STAGE_READY) || has_prefix(name, STAGE_OLD);
}

/* The names in dir (not "." and ".."), sorted. Returns how many, or -1
 * (reported); the caller frees each and the array. */
static int list_dir(const char *dir, char ***names)
{
	struct dirent **list;
	const int n = scandir(dir, &list, NULL, alphasort);
	int count = 0;

	if (n < 0)
		return error_errno("cannot read '%s'", dir);
	*names = xcalloc((size_t)n + 1, sizeof(**names));
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
			(*names)[count++] = xstrdup(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return count;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Renames from/name to to/name, never over something already there. */
static int move_one(const char *from, const char *to, const char *name)
{
	char *src = fs_join(from, name), *dst = fs_join(to, name);
	int ret = 0;

	if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE)) {
		/* File systems without RENAME_NOREPLACE: look first. */
		if ((errno == EINVAL || errno == ENOSYS) && !fs_exists(dst) && !rename(src, dst))
			goto out;
		ret = error_errno("cannot move '%s' to '%s'", src, dst);
	}
out:
	free(src);
	free(dst);
	return ret;
}

static int move_entries(const char *from, const char *to, int cfg_first, int merge);

/*
 * Merges from/name into to/name: a directory into a directory that is
 * there already, entry by entry; anything else renamed over what is there
 * (so each file is replaced atomically). Never through a symbolic link.
 */
static int merge_one(const char *from, const char *to, const char *name)
{
	char *src = fs_join(from, name), *dst = fs_join(to, name);
	struct stat s, d;
	int ret = 0;

	if (lstat(src, &s))
		ret = error_errno("cannot examine '%s'", src);
	else if (S_ISDIR(s.st_mode) && !lstat(dst, &d) && S_ISDIR(d.st_mode)) {
		ret = move_entries(src, dst, 0, 1);
		if (!ret && rmdir(src))
			ret = error_errno("cannot remove '%s'", src);
	} else if (!S_ISDIR(s.st_mode) && !lstat(dst, &d) && S_ISDIR(d.st_mode)) {
		ret = error("cannot put '%s' in place: '%s' is a directory", name, dst);
	} else if (rename(src, dst)) {
		ret = error_errno("cannot move '%s' to '%s'", src, dst);
	}
	free(src);
	free(dst);
	return ret;
}

/*
 * Whether the entries of from can merge into to (merge_one): a directory
 * only where a directory or nothing is, anything else never over a
 * directory. Checked before anything moves.
 */
static int merge_check(const char *from, const char *to)
{
	char **names;
	const int n = list_dir(from, &names);
	int ret = 0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n && !ret; i++) {
		char *src = fs_join(from, names[i]), *dst = fs_join(to, names[i]);
		struct stat s, d;

		if (is_staging(names[i]))
			;
		else if (lstat(src, &s))
			ret = error_errno("cannot examine '%s'", src);
		else if (lstat(dst, &d))
			ret = errno == ENOENT ? 0 : error_errno("cannot examine '%s'", dst);
		else if (S_ISDIR(s.st_mode) && S_ISDIR(d.st_mode))
			ret = merge_check(src, dst);
		else if (S_ISDIR(s.st_mode) || S_ISDIR(d.st_mode))
			ret = error("'%s' is in the way: the environment needs a %s there", dst,
				    S_ISDIR(s.st_mode) ? "directory" : "file");
		free(src);
		free(dst);
	}
	free_names(names, n);
	return ret;
}

/*
 * Moves the entries of from into to, staging directories aside;
 * pyvenv.cfg first (cfg_first) or last. With merge, into what is there
 * (merge_one); else never over anything.
 */
static int move_entries(const char *from, const char *to, int cfg_first, int merge)
{
	int (*move)(const char *, const char *, const char *) = merge ? merge_one : move_one;
	char **names;
	const int n = list_dir(from, &names);
	int has_cfg = 0, ret = 0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		has_cfg |= !strcmp(names[i], CFG);
	if (has_cfg && cfg_first)
		ret = move(from, to, CFG);
	for (int i = 0; i < n && !ret; i++)
		if (strcmp(names[i], CFG) && !is_staging(names[i]))
			ret = move(from, to, names[i]);
	if (!ret && has_cfg && !cfg_first)
		ret = move(from, to, CFG);
	free_names(names, n);
	return ret;
}

static char *beside_template(const char *final)
{
	return fs_sibling_path(final, ".", TMP_SUFFIX);
}

int stage_begin(struct stage *s, const char *final, int inside)
{
	char *tmpl = inside ? fs_join(final, STAGE_BUILD "XXXXXX") : beside_template(final);

	assert(s && final && !s->root);
	/* A build before this one (a seed that failed) held its own. */
	lock_release(s->lock);
	s->lock = -1;
	s->final = final;
	s->inside = inside;
	/* Beside, the directory becomes the environment: the umask's mode. */
	s->root = fs_mkdtemp(tmpl, inside ? 0700 : 0777);
	if (!s->root) {
		char *dir = inside ? xstrdup(final) : fs_dirname(final);

		error_errno("cannot create a directory in '%s'", dir);
		free(dir);
		free(tmpl);
		return -1;
	}
	free(tmpl);
	/* Held through the rename: other runs then wait on the environment. */
	if (!inside && (s->lock = lock_dir(s->root, s->root)) < 0)
		return -1;
	return 0;
}

/* Puts what stands in final aside into a new STAGE_OLD directory. */
static char *move_old_aside(const char *final)
{
	char *tmpl = fs_join(final, STAGE_OLD "XXXXXX"), *old = fs_mkdtemp(tmpl, 0700);

	free(tmpl);
	if (!old) {
		error_errno("cannot create a directory in '%s'", final);
		return NULL;
	}
	if (move_entries(final, old, 1, 0)) {
		/* Put back what moved. */
		if (move_entries(old, final, 0, 0) || rmdir(old))
			warning("could not put back what was moved to '%s'", old);
		free(old);
		return NULL;
	}
	return old;
}

static int publish_inside(struct stage *s, int replace, int merge)
{
	const size_t plen = strlen(s->root) - strlen(STAGE_BUILD "XXXXXX");
	char *old = NULL, *ready = xstrfmt("%.*s" STAGE_READY "%s", (int)plen, s->root,
					   s->root + plen + strlen(STAGE_BUILD));
	int ret = -1;

	if (merge && merge_check(s->root, s->final))
		goto out;
	if (replace && !(old = move_old_aside(s->final)))
		goto out;
	if (rename(s->root, ready)) {
		error_errno("cannot rename '%s' to '%s'", s->root, ready);
		if (old && (move_entries(old, s->final, 0, 0) || rmdir(old)))
			warning("could not put back what was moved to '%s'", old);
		goto out;
	}
	/* Done from here on: a killed run is finished by the next one. */
	free(s->root);
	s->root = ready;
	ready = NULL;
	if (move_entries(s->root, s->final, 0, merge)) {
		hint("the next pyvenv run on '%s' finishes putting it in place", s->final);
		free(s->root); /* the directory is kept for that run */
		s->root = NULL;
		goto out;
	}
	ret = 0;
	/* The old entries go before the ready directory, which, while it is
	 * there, says that the move is to be finished, not undone. */
	if (old && fs_remove_tree(old))
		warning("could not remove '%s'", old);
	if (rmdir(s->root))
		warning("could not remove '%s'", s->root);
	free(s->root);
	s->root = NULL;
out:
	free(old);
	free(ready);
	return ret;
}

int stage_publish(struct stage *s, int replace, int merge)
{
	assert(s && s->root);
	if (s->inside)
		return publish_inside(s, replace, merge);
	if (rename(s->root, s->final)) {
		if (errno == ENOTEMPTY || errno == EEXIST)
			return error("'%s' appeared while the environment was being built", s->final);
		return error_errno("cannot rename '%s' to '%s'", s->root, s->final);
	}
	free(s->root);
	s->root = NULL;
	return 0;
}

void stage_cleanup(struct stage *s)
{
	if (s->root && fs_remove_tree(s->root))
		warning("could not remove '%s'", s->root);
	free(s->root);
	s->root = NULL;
}

void stage_release(struct stage *s)
{
	stage_cleanup(s);
	lock_release(s->lock);
	s->lock = -1;
}

/* The staging directories in final, by kind. */
struct leftovers {
	char **names;
	int n;
	const char *ready; /* the first ready directory, or NULL */
};

static int remove_entry(const char *final, const char *name)
{
	char *path = fs_join(final, name);
	int ret = fs_remove_tree(path);

	free(path);
	return ret;
}

/* Moves the entries of final/name back into final (merge: into what is
 * there) and removes it. */
static int move_back(const char *final, const char *name, int merge)
{
	char *dir = fs_join(final, name);
	int ret = move_entries(dir, final, 0, merge);

	if (!ret && rmdir(dir))
		ret = error_errno("cannot remove '%s'", dir);
	free(dir);
	return ret;
}

int stage_recover(const char *final)
{
	struct leftovers l = { NULL, 0, NULL };
	int ret = 0;

	l.n = list_dir(final, &l.names);
	if (l.n < 0)
		return -1;
	for (int i = 0; i < l.n && !l.ready; i++)
		if (has_prefix(l.names[i], STAGE_READY))
			l.ready = l.names[i];
	if (l.ready) {
		verbose("finishing the environment an interrupted run left in '%s'", final);
		ret = move_back(final, l.ready, 1);
	}
	for (int i = 0; i < l.n && !ret; i++) {
		const char *name = l.names[i];

		if (name == l.ready || !is_staging(name))
			continue;
		if (!l.ready && has_prefix(name, STAGE_OLD)) {
			verbose("restoring what an interrupted run had moved aside in '%s'", final);
			ret = move_back(final, name, 0);
		} else {
			verbose("removing '%s/%s', left by an interrupted run", final, name);
			ret = remove_entry(final, name);
		}
	}
	free_names(l.names, l.n);
	return ret;
}

/* A lock file beside final that no run holds, left by a killed one. */
static void remove_stale_lock(const char *lockfile)
{
	int fd;

	if (!fs_exists(lockfile))
		return;
	msg_mute();
	fd = lock_file_try(lockfile);
	msg_unmute();
	if (fd >= 0) {
		verbose("removing '%s', left by an interrupted run", lockfile);
		lock_file_release(fd, lockfile);
	}
}

void stage_remove_beside(const char *final, const char *lockfile)
{
	char *parent = fs_dirname(final), *tmpl = beside_template(final), *prefix = fs_basename(tmpl);
	char **names;
	const int n = list_dir(parent, &names);

	prefix[strlen(prefix) - 6] = '\0'; /* without "XXXXXX" */
	for (int i = 0; i < n; i++) {
		char *path;
		int fd;

		if (!has_prefix(names[i], prefix))
			continue;
		path = fs_join(parent, names[i]);
		fd = lock_dir_try(path);
		if (fd != LOCK_BUSY) {
			verbose("removing '%s', left by an interrupted run", path);
			fs_remove_tree(path);
		}
		lock_release(fd);
		free(path);
	}
	if (n >= 0)
		free_names(names, n);
	free(prefix);
	free(tmpl);
	free(parent);
	if (lockfile)
		remove_stale_lock(lockfile);
}

char *stage_lock_path(const char *final)
{
	return fs_sibling_path(final, ".", ".pyvenv-lock");
}
