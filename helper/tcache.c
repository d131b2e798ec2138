/*
 * tcache: the template cache and the link modes.
 */
#include "tcache.h"

#include "fsutil.h"
#include "lock.h"
#include "msg.h"
#include "strbuf.h"

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
	int ok = strbuf_read_file(&sb, path) >= 0 && sb.len >= 2 * HASH_LEN;

	for (size_t i = 0; ok && i < HASH_LEN; i++) {
		unsigned int byte;

		ok = sscanf(sb.buf + 2 * i, "%2x", &byte) == 1;
		out[i] = (unsigned char)byte;
	}
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

int tcache_open(const char *cache_dir, const char *key, struct tcache_entry *e)
{
	char *templates = fs_join(cache_dir, "templates");

	memset(e, 0, sizeof(*e));
	e->lock = -1;
	e->archive = xstrfmt("%s/%s.tar.zst", templates, key);
	e->sidecar = xstrfmt("%s/%s.sha256", templates, key);
	e->lockfile = xstrfmt("%s/%s.lock", templates, key);
	e->tree = xstrfmt("%s/trees/%s", cache_dir, key);
	if (fs_mkdir_p(templates, 0777)) {
		free(templates);
		return -1;
	}
	free(templates);
	e->lock = lock_acquire(e->lockfile, "the same cached template");
	if (e->lock < 0)
		return -1;
	e->present = fs_exists(e->archive) && !read_digest(e->sidecar, e->digest);
	/* Before building or unpacking, what killed runs left of this entry
	 * goes (a hit, the common case, does not look). */
	if (!e->present || !fs_is_dir(e->tree)) {
		msg_mute();
		tcache_remove_stale(cache_dir, key);
		msg_unmute();
	}
	return 0;
}

void tcache_close(struct tcache_entry *e)
{
	lock_release(e->lock);
	free(e->archive);
	free(e->sidecar);
	free(e->tree);
	free(e->lockfile);
	memset(e, 0, sizeof(*e));
	e->lock = -1;
}

void tcache_discard(struct tcache_entry *e)
{
	unlink(e->sidecar);
	unlink(e->archive);
	fs_remove_tree(e->tree);
	e->present = 0;
}

void tcache_touch(struct tcache_entry *e)
{
	utimensat(AT_FDCWD, e->sidecar, NULL, 0);
}

static mode_t current_umask(void)
{
	const mode_t m = umask(0);

	umask(m);
	return m;
}

int tcache_ensure_tree(struct tcache_entry *e)
{
	struct template_meta meta;
	char *parent, *tmp;
	int ret = -1;

	if (fs_is_dir(e->tree))
		return 0;
	parent = fs_dirname(e->tree);
	tmp = xstrfmt("%s.pyvenv-tmp-XXXXXX", e->tree);
	if (fs_mkdir_p(parent, 0777) || !mkdtemp(tmp)) {
		error_errno("cannot create a directory in '%s'", parent);
		free(parent);
		free(tmp);
		return -1;
	}
	/* mkdtemp makes it 0700; a cache shared by users needs the umask's mode. */
	chmod(tmp, 0777 & ~current_umask());
	if (!template_extract(e->archive, tmp, &meta, e->digest)) {
		template_meta_release(&meta);
		if (rename(tmp, e->tree))
			error_errno("cannot rename '%s' to '%s'", tmp, e->tree);
		else
			ret = 0;
	}
	if (ret)
		fs_remove_tree(tmp);
	free(parent);
	free(tmp);
	return ret;
}

int tcache_store(struct tcache_entry *e, const char *env_dir, const struct pyinfo *py)
{
	struct strbuf hex = STRBUF_INIT;
	int ret;

	tcache_discard(e);
	if (template_pack(env_dir, e->archive, py) || template_file_digest(e->archive, e->digest)) {
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
	in = open(src, O_RDONLY | O_CLOEXEC);
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

struct linker {
	enum link_mode mode; /* what is asked */
	enum link_mode now;  /* what works here, for auto */
};

static int link_file(struct linker *l, const char *src, const char *dst, const struct stat *st)
{
	for (;;) {
		const enum link_mode how = l->mode == LINK_AUTO ? l->now : l->mode;
		int r = place_file(src, dst, st, how);

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

static int link_dir(struct linker *l, const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error_errno("cannot read '%s'", src);
	while (!ret && (e = readdir(d))) {
		char *s, *t;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		s = fs_join(src, e->d_name);
		t = fs_join(dst, e->d_name);
		if (lstat(s, &st)) {
			ret = error_errno("cannot examine '%s'", s);
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdir(t, (st.st_mode & 0777) | 0700))
				ret = error_errno("cannot create '%s'", t);
			else
				ret = link_dir(l, s, t);
			if (!ret) {
				const struct timespec times[2] = { st.st_atim, st.st_mtim };

				chmod(t, st.st_mode & 0777);
				utimensat(AT_FDCWD, t, times, 0);
			}
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlink(s, target, sizeof(target) - 1);

			if (n < 0) {
				ret = error_errno("cannot read the link '%s'", s);
			} else {
				target[n] = '\0';
				if (symlink(target, t))
					ret = error_errno("cannot create symlink '%s'", t);
			}
		} else if (S_ISREG(st.st_mode)) {
			ret = link_file(l, s, t, &st);
		}
		free(s);
		free(t);
	}
	closedir(d);
	return ret;
}

int tcache_link_tree(const char *tree, const char *dest, enum link_mode mode)
{
	struct linker l = { .mode = mode, .now = LINK_CLONE };

	return link_dir(&l, tree, dest);
}
