/*
 * tcache: the template cache and the link modes.
 */
#include "tcache.h"

#include "fsutil.h"
#include "interrupt.h"
#include "cache.h"
#include "lock.h"
#include "manifest.h"
#include "msg.h"
#include "strbuf.h"
#include "trust.h"
#include "workers.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const mode_names[] = { "auto", "clone", "hardlink", "copy" };

int link_mode_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(*mode_names); i++)
		if (!strcmp(s, mode_names[i]))
			return (int)i;
	return -1;
}

const char *link_mode_name(enum link_mode mode)
{
	return mode_names[mode];
}

static int read_digest(const char *path, unsigned char out[HASH_LEN])
{
	struct strbuf sb = STRBUF_INIT;
	int ok = strbuf_read_file(&sb, path) >= 0 && sb.len >= 2 * HASH_LEN && !hash_unhex(sb.buf, out, HASH_LEN);

	strbuf_release(&sb);
	return ok ? 0 : -1;
}

int tcache_remove_stale(const char *cache_dir, const char *key)
{
	static const char *const dirs[] = { "templates", "trees" };
	const size_t klen = strlen(key);
	int removed = 0;

	for (size_t i = 0; i < 2 && removed >= 0; i++) {
		char *dir = fs_join(cache_dir, dirs[i]);
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && removed >= 0 && (de = readdir(d))) {
			char *path;

			if (strncmp(de->d_name, key, klen) || de->d_name[klen] != '.' ||
			    !strstr(de->d_name + klen, ".pyvenv-tmp-"))
				continue;
			path = fs_join(dir, de->d_name);
			if (fs_remove_tree(path))
				removed = error_errno("cannot remove '%s'", path);
			else
				removed++;
			free(path);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	return removed;
}

/* Makes (if needed) and checks one directory of the cache: 0, or -1 after
 * one warning (the run goes on without the cache). */
static int cache_part(const char *dir)
{
	struct strbuf why = STRBUF_INIT;
	int ret = 0;

	msg_mute();
	if (fs_mkdir_p(dir, 0755)) {
		msg_unmute();
		cache_warn_unwritable(dir, errno);
		return -1;
	}
	msg_unmute();
	if (trust_dir(dir, &why)) {
		trust_warn("the cache", dir, why.buf);
		ret = -1;
	}
	strbuf_release(&why);
	return ret;
}

/* Is the file at path (archive or digest) one this user made? 1 yes, 0 it
 * is not there, -1 it is there and not to be trusted (warned, unless what
 * is NULL). */
static int trusted_file(const char *what, const char *path)
{
	struct strbuf why = STRBUF_INIT;
	struct stat st;
	int ret = 1;

	if (lstat(path, &st))
		return 0;
	if (trust_entry(path, &st, S_IFREG, &why)) {
		if (what)
			trust_warn(what, path, why.buf);
		ret = -1;
	}
	strbuf_release(&why);
	return ret;
}

/* Loads the manifest of the tree, if there is one: 1 loaded, 0 no tree, -1
 * the tree is not to be trusted (why says so). */
static int read_tree(struct tcache_entry *e, struct strbuf *why)
{
	struct stat st;
	char *file;
	int ret = 1;

	if (lstat(e->tree, &st))
		return 0;
	file = fs_join(e->tree, MANIFEST_NAME);
	if (trust_entry(e->tree, &st, S_IFDIR, why) || manifest_load(&e->manifest, file, why))
		ret = -1;
	free(file);
	return ret;
}

void tcache_paths(const char *cache_dir, const char *key, struct tcache_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->lock = -1;
	strbuf_init(&e->manifest.text);
	e->archive = xstrfmt("%s/templates/%s.tar.zst", cache_dir, key);
	e->sidecar = xstrfmt("%s/templates/%s.sha256", cache_dir, key);
	e->lockfile = xstrfmt("%s/templates/%s.lock", cache_dir, key);
	e->tree = xstrfmt("%s/trees/%s", cache_dir, key);
}

/*
 * A hit, the common case, under a shared lock: 1 when the entry is
 * complete, trusted, with its tree and the tree's manifest loaded (held
 * shared); else 0, with nothing held and nothing changed (the exclusive
 * path looks again, and says what is wrong).
 */
static int open_shared(struct tcache_entry *e)
{
	struct strbuf why = STRBUF_INIT;
	int ok;

	msg_mute();
	e->lock = lock_file_shared(e->lockfile, "the same cached template");
	msg_unmute();
	ok = e->lock >= 0 && trusted_file(NULL, e->archive) > 0 && trusted_file(NULL, e->sidecar) > 0 &&
	     !read_digest(e->sidecar, e->digest) && read_tree(e, &why) > 0;
	strbuf_release(&why);
	if (ok) {
		e->present = e->shared = e->tree_loaded = 1;
		return 1;
	}
	lock_file_release(e->lock, e->lockfile);
	e->lock = -1;
	manifest_release(&e->manifest);
	return 0;
}

/* Takes the entry's lock alone, if it is held shared: 0, or -1 (warned
 * once; nothing may then be written). */
static int exclusive(struct tcache_entry *e)
{
	if (!e->shared)
		return e->lock >= 0 ? 0 : -1;
	lock_file_release(e->lock, e->lockfile);
	e->shared = 0;
	msg_mute();
	e->lock = lock_file(e->lockfile, "the same cached template");
	msg_unmute();
	if (e->lock < 0) {
		warning("cannot lock the cached template '%s': leaving it as it is", e->archive);
		return -1;
	}
	return 0;
}

int tcache_open(const char *cache_dir, const char *key, struct tcache_entry *e)
{
	char *templates = fs_join(cache_dir, "templates"), *trees = fs_join(cache_dir, "trees");
	int archive, sidecar, ret = -1;

	tcache_paths(cache_dir, key, e);
	if (cache_part(templates) || cache_part(trees))
		goto out;
	if (open_shared(e)) {
		ret = 0;
		goto out;
	}
	msg_mute();
	e->lock = lock_file(e->lockfile, "the same cached template");
	msg_unmute();
	if (e->lock < 0) {
		cache_warn_unwritable(templates, errno);
		goto out;
	}
	archive = trusted_file("the cached template", e->archive);
	sidecar = trusted_file("the digest of the cached template", e->sidecar);
	if (archive < 0 || sidecar < 0)
		tcache_discard(e);
	else
		e->present = archive && sidecar && !read_digest(e->sidecar, e->digest);
	/* Before building or unpacking, what killed runs left of this entry
	 * goes (a hit, the common case, does not look). */
	if (!e->present || !fs_is_dir(e->tree)) {
		msg_mute();
		tcache_remove_stale(cache_dir, key);
		msg_unmute();
	}
	ret = 0;
out:
	free(templates);
	free(trees);
	return ret;
}

void tcache_close(struct tcache_entry *e)
{
	lock_file_release(e->lock, e->lockfile);
	manifest_release(&e->manifest);
	free(e->archive);
	free(e->sidecar);
	free(e->tree);
	free(e->lockfile);
	memset(e, 0, sizeof(*e));
	e->lock = -1;
	strbuf_init(&e->manifest.text);
}

void tcache_discard(struct tcache_entry *e)
{
	if (exclusive(e))
		return;
	unlink(e->sidecar);
	unlink(e->archive);
	tcache_drop_tree(e);
	e->present = 0;
}

void tcache_drop_tree(struct tcache_entry *e)
{
	manifest_release(&e->manifest);
	e->tree_loaded = 0;
	if (!exclusive(e))
		fs_remove_tree(e->tree);
}

void tcache_touch(struct tcache_entry *e)
{
	utimensat(AT_FDCWD, e->sidecar, NULL, 0);
}

/* Loads the manifest of a tree that is there: 1 loaded, 0 no tree, -1 the
 * tree is not to be trusted (warned, removed). */
static int load_tree(struct tcache_entry *e)
{
	struct strbuf why = STRBUF_INIT;
	int ret = read_tree(e, &why);

	if (ret < 0) {
		trust_warn("the cached tree", e->tree, why.buf);
		tcache_drop_tree(e);
	}
	strbuf_release(&why);
	return ret;
}

/* Unpacks the archive into a new tree, with its manifest. */
static int unpack_tree(struct tcache_entry *e)
{
	struct template_meta meta;
	struct strbuf list = STRBUF_INIT, why = STRBUF_INIT;
	char *tmpl = fs_sibling_path(e->tree, "", ".pyvenv-tmp-XXXXXX"), *tmp = fs_mkdtemp(tmpl, 0755);
	char *file = NULL;
	int ret = -1;

	free(tmpl);
	if (!tmp)
		return error_errno("cannot create a directory beside '%s'", e->tree);
	if (template_extract(e->archive, tmp, &meta, e->digest))
		goto out;
	template_meta_release(&meta);
	file = fs_join(tmp, MANIFEST_NAME);
	if (manifest_build(tmp, &list) || fs_write_file(file, list.buf, list.len, 0644))
		goto out;
	if (rename(tmp, e->tree)) {
		error_errno("cannot rename '%s' to '%s'", tmp, e->tree);
		goto out;
	}
	free(file);
	file = fs_join(e->tree, MANIFEST_NAME);
	manifest_release(&e->manifest);
	if (manifest_load(&e->manifest, file, &why))
		ret = error("cannot read the manifest of '%s': %s", e->tree, why.buf);
	else
		ret = 0;
out:
	if (ret)
		fs_remove_tree(tmp);
	strbuf_release(&list);
	strbuf_release(&why);
	free(file);
	free(tmp);
	return ret;
}

int tcache_ensure_tree(struct tcache_entry *e)
{
	if (e->tree_loaded)
		return 0;
	if (exclusive(e))
		return -1;
	if (load_tree(e) > 0 || !unpack_tree(e)) {
		e->tree_loaded = 1;
		return 0;
	}
	return -1;
}

int tcache_store(struct tcache_entry *e, const char *env_dir, const struct pyinfo *py)
{
	struct strbuf hex = STRBUF_INIT;
	int ret;

	if (exclusive(e))
		return -1;
	tcache_discard(e);
	if (template_pack(env_dir, e->archive, py) || hash_file(e->archive, e->digest)) {
		unlink(e->archive);
		return -1;
	}
	hash_hex(&hex, e->digest, HASH_LEN);
	strbuf_addch(&hex, '\n');
	/* The digest last: until it is there, the entry does not exist. */
	ret = fs_replace_file(e->sidecar, hex.buf, hex.len, 0644);
	strbuf_release(&hex);
	if (ret)
		unlink(e->archive);
	e->present = !ret;
	return ret;
}

int tcache_adopt(struct tcache_entry *e, const char *tmp, const unsigned char digest[HASH_LEN], const char *origin)
{
	struct strbuf text = STRBUF_INIT;
	int ret = -1;

	if (exclusive(e) || e->present)
		return -1;
	hash_hex(&text, digest, HASH_LEN);
	strbuf_addf(&text, "\nremote %s\n", origin);
	msg_mute();
	tcache_drop_tree(e);
	if (rename(tmp, e->archive)) {
		; /* tmp stays the caller's */
	} else if (fs_replace_file(e->sidecar, text.buf, text.len, 0644)) {
		unlink(e->archive);
	} else {
		memcpy(e->digest, digest, HASH_LEN);
		e->present = 1;
		ret = 0;
	}
	msg_unmute();
	strbuf_release(&text);
	return ret;
}

char *tcache_origin(const char *sidecar)
{
	struct strbuf sb = STRBUF_INIT;
	char *origin = NULL, *line;

	if (strbuf_read_file_max(&sb, sidecar, 4096) >= 0 && (line = strstr(sb.buf, "\nremote ")))
		origin = xstrndup(line + 8, strcspn(line + 8, "\n"));
	strbuf_release(&sb);
	return origin;
}

/* --- link modes ----------------------------------------------------------- */

/* Errors that mean "this file system (or pair) cannot do that": fall back. */
static int unsupported(int err)
{
	return err == EOPNOTSUPP || err == ENOTTY || err == EINVAL || err == EXDEV || err == EPERM ||
	       err == EMLINK || err == ENOSYS || err == ETXTBSY;
}

static int copy_fd(int in, int out, off_t size)
{
	off_t left = size;

	while (left > 0) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);

		if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
			char buf[65536];

			/* Plain read/write where the kernel cannot copy. */
			while ((n = read(in, buf, sizeof(buf))) > 0)
				if (fs_write_all(out, buf, (size_t)n))
					return -1;
			return n < 0 ? -1 : 0;
		}
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		left -= n;
	}
	return 0;
}

/* One file by one method: 0 done, 1 unsupported here (errno set), -1 error. */
static int place_file(const char *src, const char *dst, const struct stat *st, enum link_mode how)
{
	const struct timespec times[2] = { st->st_atim, st->st_mtim };
	int in, out, ret = 0, err;

	if (how == LINK_HARDLINK) {
		if (!link(src, dst))
			return 0;
		return unsupported(errno) ? 1 : -1;
	}
	in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st->st_mode & 0777);
	if (out < 0) {
		err = errno;
		close(in);
		errno = err;
		return -1;
	}
	if (how == LINK_CLONE) {
		if (ioctl(out, FICLONE, in))
			ret = unsupported(errno) ? 1 : -1;
	} else if (copy_fd(in, out, st->st_size)) {
		ret = -1;
	}
	if (!ret && (fchmod(out, st->st_mode & 0777) || futimens(out, times)))
		ret = -1;
	err = errno;
	close(in);
	close(out);
	if (ret)
		unlink(dst);
	errno = err;
	return ret;
}

/* A file to copy, or a directory to give its mode and times, later. */
struct deferred {
	char *rel;           /* below the tree and the destination */
	mode_t mode;
	off_t size;
	struct timespec atime, mtime;
};

struct linker {
	enum link_mode mode; /* what is asked */
	enum link_mode now;  /* what works here, for auto */
	struct manifest *manifest;
	const char *tree, *dest;
	size_t root_len;
	int changed;         /* the tree is not what its manifest says */
	/* With more than one writer, copies are made by workers after the
	 * walk, and directories get their modes and times after that
	 * (deepest first, as the walk leaves them). */
	size_t threads;
	struct deferred *copies, *dirs;
	size_t ncopies, copies_alloc, ndirs, dirs_alloc;
};

static void defer(struct deferred **v, size_t *n, size_t *alloc, const char *rel, const struct stat *st)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n] = (struct deferred){ .rel = xstrdup(rel), .mode = st->st_mode, .size = st->st_size,
				       .atime = st->st_atim, .mtime = st->st_mtim };
	(*n)++;
}

static void forget_deferred(struct deferred *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].rel);
	free(v);
}

/* A directory made by the walk gets the tree's mode and times (errors
 * ignored: the environment works without them). */
static void finish_dir(const char *path, mode_t mode, struct timespec atime, struct timespec mtime)
{
	const struct timespec times[2] = { atime, mtime };

	chmod(path, mode & 0777);
	utimensat(AT_FDCWD, path, times, 0);
}

static int copy_job(void *arg, size_t i)
{
	const struct linker *l = arg;
	const struct deferred *d = &l->copies[i];
	char *src = fs_join(l->tree, d->rel), *dst = fs_join(l->dest, d->rel);
	struct stat st = { .st_mode = d->mode, .st_size = d->size, .st_atim = d->atime, .st_mtim = d->mtime };
	int ret = 0;

	if (place_file(src, dst, &st, LINK_COPY))
		ret = error_errno("cannot create '%s' from '%s'", dst, src);
	free(src);
	free(dst);
	return ret;
}

/* What the walk left for later: the copies, then the directories. */
static int finish_deferred(struct linker *l)
{
	int ret = 0;

	if (l->ncopies) {
		verbose("copying %zu files with %zu threads", l->ncopies, l->threads);
		ret = workers_run(l->ncopies, l->threads, copy_job, NULL, l);
	}
	for (size_t i = 0; i < l->ndirs && !ret; i++) {
		char *t = fs_join(l->dest, l->dirs[i].rel);

		finish_dir(t, l->dirs[i].mode, l->dirs[i].atime, l->dirs[i].mtime);
		free(t);
	}
	return ret;
}

static int link_file(struct linker *l, const char *src, const char *dst, const struct stat *st)
{
	for (;;) {
		const enum link_mode how = l->mode == LINK_AUTO ? l->now : l->mode;
		int r;

		if (how == LINK_COPY && l->threads > 1) {
			defer(&l->copies, &l->ncopies, &l->copies_alloc, src + l->root_len + 1, st);
			return 0;
		}
		r = place_file(src, dst, st, how);

		if (r == 0)
			return 0;
		if (r < 0 || l->mode != LINK_AUTO || how == LINK_COPY) {
			if (r > 0)
				error_errno("cannot %s '%s' (--link-mode %s)",
					    how == LINK_CLONE ? "clone" : "hard-link", src, link_mode_name(how));
			else
				error_errno("cannot create '%s' from '%s'", dst, src);
			return -1;
		}
		verbose("cannot %s here (%s): trying %s", link_mode_name(how), strerror(errno),
			link_mode_name(how + 1));
		l->now = how + 1;
	}
}

/* Is s, just examined as st, what the tree's manifest says? When not,
 * says which and marks the tree changed. */
static int verify(struct linker *l, const char *s, const struct stat *st, const char *target)
{
	struct strbuf why = STRBUF_INIT;
	int ret = 0;

	if (manifest_check(l->manifest, s + l->root_len + 1, st, target, &why)) {
		warning("the cached tree '%s' changed since it was unpacked (%s): unpacking it again", l->tree,
			why.buf);
		l->changed = 1;
		ret = -1;
	}
	strbuf_release(&why);
	return ret;
}

static int link_dir(struct linker *l, const char *src, const char *dst, int top)
{
	DIR *d = opendir(src);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error_errno("cannot read '%s'", src);
	while (!ret && !(ret = interrupt_pending() ? -1 : 0) && (e = readdir(d))) {
		char target[PATH_MAX] = "", *s, *t;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (top && !strcmp(e->d_name, MANIFEST_NAME)))
			continue;
		s = fs_join(src, e->d_name);
		t = fs_join(dst, e->d_name);
		if (lstat(s, &st)) {
			ret = error_errno("cannot examine '%s'", s);
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(s, target, sizeof(target) - 1);

			if (n < 0)
				ret = error_errno("cannot read the link '%s'", s);
			else
				target[n] = '\0';
		}
		if (!ret)
			ret = verify(l, s, &st, target);
		if (ret) {
			/* reported */
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdir(t, (st.st_mode & 0777) | 0700))
				ret = error_errno("cannot create '%s'", t);
			else
				ret = link_dir(l, s, t, 0);
			if (!ret && l->threads > 1)
				defer(&l->dirs, &l->ndirs, &l->dirs_alloc, s + l->root_len + 1, &st);
			else if (!ret)
				finish_dir(t, st.st_mode, st.st_atim, st.st_mtim);
		} else if (S_ISLNK(st.st_mode)) {
			if (symlink(target, t))
				ret = error_errno("cannot create symlink '%s'", t);
		} else if (S_ISREG(st.st_mode)) {
			ret = link_file(l, s, t, &st);
		}
		free(s);
		free(t);
	}
	closedir(d);
	return ret;
}

int tcache_link_tree(struct tcache_entry *e, const char *dest, enum link_mode mode)
{
	struct linker l = { .mode = mode, .now = LINK_CLONE, .manifest = &e->manifest, .tree = e->tree,
			    .dest = dest, .root_len = strlen(e->tree) };
	struct strbuf why = STRBUF_INIT;
	int ret;

	assert(e->manifest.v || !e->manifest.n);
	for (size_t i = 0; i < e->manifest.n; i++)
		e->manifest.v[i].seen = 0;
	e->manifest.seen = 0;
	/* copies only (clones and hard links are one call each) */
	l.threads = mode == LINK_COPY || mode == LINK_AUTO ? workers_count(e->manifest.n) : 1;
	ret = link_dir(&l, e->tree, dest, 1);
	if (!ret && manifest_all_seen(&e->manifest, &why)) {
		warning("the cached tree '%s' changed since it was unpacked (%s): unpacking it again", e->tree,
			why.buf);
		l.changed = 1;
		ret = -1;
	}
	if (!ret)
		ret = finish_deferred(&l);
	forget_deferred(l.copies, l.ncopies);
	forget_deferred(l.dirs, l.ndirs);
	strbuf_release(&why);
	return l.changed ? TCACHE_CHANGED : ret;
}

int tcache_remove(const char *cache_dir, const char *key)
{
	struct tcache_entry e;
	int ret = 1;

	tcache_paths(cache_dir, key, &e);
	e.lock = lock_file_try(e.lockfile);
	if (e.lock == LOCK_BUSY) {
		say("'%s' is in use by another pyvenv: left alone", e.archive);
		ret = 0;
	} else if (e.lock < 0) {
		ret = -1;
	} else if (unlink(e.sidecar) && errno != ENOENT) {
		/* The digest first: without it the entry no longer exists. */
		ret = error_errno("cannot remove '%s'", e.sidecar);
	} else if (unlink(e.archive) && errno != ENOENT) {
		ret = error_errno("cannot remove '%s'", e.archive);
	} else if (fs_remove_tree(e.tree)) {
		ret = error_errno("cannot remove '%s'", e.tree);
	} else if (tcache_remove_stale(cache_dir, key) < 0) {
		ret = -1;
	}
	tcache_close(&e);
	return ret;
}

int tcache_sweep(const char *cache_dir)
{
	static const char *const dirs[] = { "templates", "trees" };
	int ret = 0;

	for (size_t i = 0; i < 2; i++) {
		char *dir = fs_join(cache_dir, dirs[i]);
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && (de = readdir(d))) {
			struct tcache_entry e;
			char *key;

			if (!strstr(de->d_name, ".pyvenv-tmp-") || de->d_name[0] == '.')
				continue;
			key = xstrndup(de->d_name, strcspn(de->d_name, "."));
			tcache_paths(cache_dir, key, &e);
			e.lock = lock_file_try(e.lockfile);
			if (e.lock != LOCK_BUSY && (e.lock < 0 || tcache_remove_stale(cache_dir, key) < 0))
				ret = -1;
			tcache_close(&e); /* LOCK_BUSY, as any e.lock < 0, holds nothing */
			free(key);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	return ret;
}
