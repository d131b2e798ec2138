/*
 * fsutil: paths, directories and whole-file I/O.
 */
#include "fsutil.h"

#include "hash.h"
#include "msg.h"
#include "strbuf.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

/* Appends the components of path to out, resolving "." and ".." lexically;
 * out holds an absolute normalized path ("/" or "/a/b"). */
static void normalize_into(struct strbuf *out, const char *path)
{
	const char *p = path;

	while (*p) {
		const char *end;
		size_t n;

		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out->buf, '/');

			strbuf_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
		} else {
			strbuf_addch(out, '/');
			strbuf_add(out, p, n);
		}
		p = end;
	}
}

char *fs_abspath(const char *path)
{
	struct strbuf out = STRBUF_INIT;

	assert(path);
	strbuf_grow(&out, PATH_MAX);
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			error_errno("cannot determine the current directory");
			strbuf_release(&out);
			return NULL;
		}
		normalize_into(&out, cwd);
		free(cwd);
	}
	normalize_into(&out, path);
	if (!out.len)
		strbuf_addch(&out, '/');
	if (path[0] == '/' && path[1] == '/' && path[2] != '/') {
		/* POSIX leaves the meaning of a leading "//" to the system: kept,
		 * as Python's os.path.abspath keeps it. */
		struct strbuf kept = STRBUF_INIT;

		strbuf_addch(&kept, '/');
		strbuf_add(&kept, out.buf, out.len);
		strbuf_release(&out);
		return strbuf_detach(&kept);
	}
	return strbuf_detach(&out);
}

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (la && a[la - 1] == '/')
		return xstrfmt("%s%s", a, b);
	return xstrfmt("%s/%s", a, b);
}

char *fs_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return xstrdup(slash ? slash + 1 : path);
}

char *fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *fs_relpath(const char *path, const char *base)
{
	struct strbuf out = STRBUF_INIT;
	size_t common = 0, i;

	assert(path[0] == '/' && base[0] == '/');
	/* Longest common prefix that ends at a component boundary. */
	for (i = 0;; i++) {
		const int pend = path[i] == '/' || !path[i];
		const int bend = base[i] == '/' || !base[i];

		if (pend && bend)
			common = i;
		if (!path[i] || !base[i] || path[i] != base[i])
			break;
	}
	for (const char *b = base + common; *b; b++)
		if (*b == '/' && b[1])
			strbuf_addstr(&out, out.len ? "/.." : "..");
	if (path[common] == '/' && path[common + 1]) {
		if (out.len)
			strbuf_addch(&out, '/');
		strbuf_addstr(&out, path + common + 1);
	}
	if (!out.len)
		strbuf_addch(&out, '.');
	return strbuf_detach(&out);
}

int fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return error_errno("cannot read directory '%s'", path);
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

int fs_mkdir_p(const char *path, mode_t mode)
{
	char *parent;
	int ret;

	if (!*path) {
		errno = ENOENT;
		return error_errno("cannot create a directory with an empty name");
	}
	/* Usually the parent exists: one system call. */
	if (mkdir(path, mode) == 0 || (errno == EEXIST && fs_is_dir(path)))
		return 0;
	if (errno != ENOENT)
		return error_errno("cannot create directory '%s'", path);
	parent = fs_dirname(path);
	if (!strcmp(parent, path) || !strcmp(parent, ".")) {
		free(parent);
		errno = ENOENT;
		return error_errno("cannot create directory '%s'", path);
	}
	ret = fs_mkdir_p(parent, mode); /* reports its own failure */
	free(parent);
	if (ret)
		return ret;
	if (mkdir(path, mode) && (errno != EEXIST || !fs_is_dir(path)))
		return error_errno("cannot create directory '%s'", path);
	return 0;
}

int fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);

	/* A symbolic link there is replaced, never written through. */
	if (fd < 0 && errno == ELOOP && !unlink(path))
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return error_errno("cannot create '%s'", path);
	if (fs_write_all(fd, data, len) || fchmod(fd, mode)) {
		error_errno("cannot write '%s'", path);
		close(fd);
		return -1;
	}
	if (close(fd))
		return error_errno("cannot write '%s'", path);
	return 0;
}

char *fs_sibling_name(const char *prefix, const char *name, const char *suffix)
{
	const size_t fixed = strlen(prefix) + strlen(suffix);
	unsigned char digest[HASH_LEN];
	struct strbuf out = STRBUF_INIT;
	size_t keep;

	if (fixed + strlen(name) <= NAME_MAX)
		return xstrfmt("%s%s%s", prefix, name, suffix);
	/* "<start of name>~<8 hex digits of the whole name>" */
	assert(fixed + 9 < NAME_MAX);
	keep = NAME_MAX - fixed - 9;
	while (keep && ((unsigned char)name[keep] & 0xc0) == 0x80)
		keep--;
	hash_buffer(name, strlen(name), digest);
	strbuf_addf(&out, "%s%.*s~", prefix, (int)keep, name);
	hash_hex(&out, digest, 4);
	strbuf_addstr(&out, suffix);
	return strbuf_detach(&out);
}

char *fs_sibling_path(const char *path, const char *prefix, const char *suffix)
{
	char *dir = fs_dirname(path), *base = fs_basename(path);
	char *name = fs_sibling_name(prefix, base, suffix), *joined = fs_join(dir, name);

	free(dir);
	free(base);
	free(name);
	return joined;
}

char *fs_mkdtemp(const char *template, mode_t mode)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const size_t len = strlen(template);
	char *path = xstrdup(template);

	assert(len >= 6 && !strcmp(template + len - 6, "XXXXXX"));
	for (int tries = 0; tries < 100; tries++) {
		unsigned char rnd[6];

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			for (size_t i = 0; i < sizeof(rnd); i++)
				rnd[i] = (unsigned char)(rand() ^ (int)getpid() ^ tries);
		for (size_t i = 0; i < 6; i++)
			path[len - 6 + i] = chars[rnd[i] % (sizeof(chars) - 1)];
		if (!mkdir(path, mode))
			return path;
		if (errno != EEXIST)
			break;
	}
	free(path);
	return NULL;
}

int fs_replace_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char *tmp = fs_sibling_path(path, "", ".pyvenv-tmp-XXXXXX");
	int fd = mkostemp(tmp, O_CLOEXEC);

	if (fd < 0) {
		error_errno("cannot create a temporary file beside '%s'", path);
		goto fail;
	}
	if (fs_write_all(fd, data, len) || fchmod(fd, mode)) {
		error_errno("cannot write '%s'", tmp);
		close(fd);
		goto fail_unlink;
	}
	if (close(fd)) {
		error_errno("cannot write '%s'", tmp);
		goto fail_unlink;
	}
	if (rename(tmp, path)) {
		error_errno("cannot rename '%s' to '%s'", tmp, path);
		goto fail_unlink;
	}
	free(tmp);
	return 0;
fail_unlink:
	unlink(tmp);
fail:
	free(tmp);
	return -1;
}

int fs_copy_file(const char *src, const char *dst)
{
	struct stat st;
	int in, out = -1, created = 0;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return error_errno("cannot open '%s'", src);
	if (fstat(in, &st)) {
		error_errno("cannot stat '%s'", src);
		goto fail;
	}
	unlink(dst);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777);
	if (out < 0) {
		error_errno("cannot create '%s'", dst);
		goto fail;
	}
	created = 1;
	for (off_t left = st.st_size; left > 0;) {
		ssize_t n = sendfile(out, in, NULL, (size_t)left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error_errno("cannot copy '%s' to '%s'", src, dst);
			goto fail;
		}
		left -= n;
	}
	if (fchmod(out, st.st_mode & 07777)) {
		error_errno("cannot set the mode of '%s'", dst);
		goto fail;
	}
	if (close(out)) {
		out = -1;
		error_errno("cannot write '%s'", dst);
		goto fail;
	}
	close(in);
	return 0;
fail:
	if (out >= 0)
		close(out);
	close(in);
	/* A part of a copy is no copy. */
	if (created)
		unlink(dst);
	return -1;
}

int fs_symlink(const char *target, const char *linkpath)
{
	struct stat st;

	if (symlink(target, linkpath) == 0)
		return 0;
	if (errno == EEXIST && lstat(linkpath, &st) == 0 && !S_ISDIR(st.st_mode) &&
	    unlink(linkpath) == 0 && symlink(target, linkpath) == 0)
		return 0;
	return error_errno("cannot create symlink '%s' -> '%s'", linkpath, target);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP ? rmdir(path) : unlink(path))
		return error_errno("cannot remove '%s'", path);
	return 0;
}

int fs_remove_tree(const char *path)
{
	if (!fs_exists(path))
		return 0;
	return nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

int fs_unlink_matching(const char *dir, int (*match)(const char *name, const char *path, void *arg), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	while (d && (e = readdir(d))) {
		char *path = fs_join(dir, e->d_name);

		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && match(e->d_name, path, arg) &&
		    unlink(path) && errno != ENOENT)
			ret = error_errno("cannot remove '%s'", path);
		free(path);
	}
	if (d)
		closedir(d);
	return ret;
}
