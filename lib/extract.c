/*
 * extract: writing members below a directory descriptor, never through a
 * link.
 */
#include "extract.h"
#include "archive_lib.h"
#include "member.h"
#include "msg.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

int extract_link_safe(const char *name, const char *target)
{
	int depth = 0, climbing = 1;
	struct stat st;

	if (!*target)
		return 0;
	if (*target == '/')
		return !stat(target, &st) && !S_ISDIR(st.st_mode);
	for (const char *p = name; *p; p++)
		depth += *p == '/';
	for (const char *p = target; *p;) {
		const size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (!climbing || --depth < 0)
				return 0;
		} else if (len && !(len == 1 && p[0] == '.')) {
			climbing = 0;
		}
		p += len + (p[len] == '/');
	}
	return 1;
}

int extract_link_check(const char *archive, const char *name, const char *target)
{
	if (extract_link_safe(name, target))
		return 0;
	return error("'%s' holds a symbolic link '%s' to '%s', which leads outside the environment%s: "
		     "refusing it", archive, name, target,
		     *target == '/' && access(target, F_OK) ? " to nothing (a template from "
		     "another machine?)" : "");
}

int extract_read_member(struct archive *a, struct strbuf *out, size_t max)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(a, &buf, &len, &off)) == ARCHIVE_OK) {
		if (len > max - out->len) {
			errno = EFBIG;
			return -1;
		}
		strbuf_add(out, buf, len);
	}
	return r == ARCHIVE_EOF ? 0 : -1;
}

/* name's length without its trailing '/' (a directory's). */
static size_t name_len(const char *name)
{
	size_t len = strlen(name);

	while (len && name[len - 1] == '/')
		len--;
	return len;
}

int extract_open(struct extract_dir *x, const char *path, int flags)
{
	memset(x, 0, sizeof(*x));
	x->path = path;
	x->flags = flags;
	x->cur = xstrdup("");
	x->root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (x->root < 0)
		return error_errno("cannot open '%s'", path);
	return 0;
}

/* The last component of a relative path. */
static const char *comp_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Closes the open directories below depth. */
static void pop_to(struct extract_dir *x, size_t depth)
{
	while (x->depth > depth)
		close(x->fds[--x->depth]);
}

/* The descriptor of the current directory. */
static int cur_fd(const struct extract_dir *x)
{
	return x->depth ? x->fds[x->depth - 1] : x->root;
}

/* Opens (creating it if create and missing, mode 0755 under the umask) the
 * component comp of the directory fd, never following a link. */
static int open_component(int fd, const char *comp, int create)
{
	int sub = openat(fd, comp, DIR_FLAGS);

	if (sub < 0 && errno == ENOENT && create) {
		if (mkdirat(fd, comp, 0755) && errno != EEXIST)
			return -1;
		sub = openat(fd, comp, DIR_FLAGS);
	}
	return sub;
}

/*
 * Makes dir (relative, no trailing '/') the current directory: the open
 * directories it shares with the current one are kept, the rest opened one
 * by one from there. Returns its descriptor, or -1 (reported).
 */
static int enter(struct extract_dir *x, const char *dir, size_t len, int create)
{
	const char *end = dir + len, *c = x->cur, *d = dir;
	size_t depth = 0;

	/* Keep the open directories dir shares with cur. */
	while (depth < x->depth && d < end) {
		const size_t cn = strcspn(c, "/");
		const char *slash = memchr(d, '/', (size_t)(end - d));
		const size_t dn = slash ? (size_t)(slash - d) : (size_t)(end - d);

		if (cn != dn || memcmp(c, d, cn))
			break;
		depth++;
		c += cn + (c[cn] == '/');
		d += dn + (slash != NULL);
	}
	pop_to(x, depth);
	while (d < end) {
		const char *slash = memchr(d, '/', (size_t)(end - d));
		const size_t n = slash ? (size_t)(slash - d) : (size_t)(end - d);
		char *comp = xstrndup(d, n);
		const int fd = open_component(cur_fd(x), comp, create);

		free(comp);
		if (fd < 0) {
			char *shown = xstrndup(dir, (size_t)(d - dir) + n);
			struct stat st;

			if ((errno == ELOOP || errno == ENOTDIR) && !fstatat(cur_fd(x), comp_name(shown), &st,
									    AT_SYMLINK_NOFOLLOW) &&
			    S_ISLNK(st.st_mode))
				error("cannot write below '%s/%s': it is a symbolic link, never written through",
				      x->path, shown);
			else if (errno == ELOOP || errno == ENOTDIR)
				error("cannot write below '%s/%s': it is not a directory", x->path, shown);
			else
				error_errno("cannot create '%s/%s'", x->path, shown);
			free(shown);
			pop_to(x, 0);
			x->cur[0] = '\0';
			return -1;
		}
		if (x->depth == x->fds_alloc) {
			x->fds_alloc = x->fds_alloc ? 2 * x->fds_alloc : 16;
			x->fds = xrealloc(x->fds, x->fds_alloc * sizeof(*x->fds));
		}
		x->fds[x->depth++] = fd;
		d += n + (slash != NULL);
	}
	free(x->cur);
	x->cur = xstrndup(dir, len);
	return cur_fd(x);
}

/* The directory that holds name (created as needed), and its last part. */
static int parent(struct extract_dir *x, const char *name, const char **base)
{
	const size_t len = name_len(name);
	const char *slash = memrchr(name, '/', len);

	*base = slash ? slash + 1 : name;
	return enter(x, name, slash ? (size_t)(slash - name) : 0, 1);
}

static int check_name(const struct extract_dir *x, const char *name)
{
	if (!member_name_safe(name, 0))
		return error("refusing to write '%s' below '%s': not a safe name", name, x->path);
	return 0;
}

/* Removes what is at base in dir when the flags allow it (a directory is
 * never removed). */
static void make_room(const struct extract_dir *x, int dir, const char *base)
{
	if (x->flags & EXTRACT_REPLACE)
		unlinkat(dir, base, 0);
}

int extract_mkdir(struct extract_dir *x, const char *name, mode_t mode, const struct timespec *mtime)
{
	const size_t len = name_len(name);
	int fd;

	if (check_name(x, name))
		return -1;
	fd = enter(x, name, len, 1);
	if (fd < 0)
		return -1;
	if ((x->flags & EXTRACT_EXACT_MODE) && fchmod(fd, mode & 0777))
		return error_errno("cannot set the mode of '%s/%.*s'", x->path, (int)len, name);
	if (!mtime)
		return 0;
	/* A directory that comes again at once (as it may) keeps one entry. */
	if (x->ntimes && strlen(x->times[x->ntimes - 1].name) == len &&
	    !memcmp(x->times[x->ntimes - 1].name, name, len)) {
		x->times[x->ntimes - 1].mtime = *mtime;
		return 0;
	}
	if (x->ntimes == x->times_alloc) {
		x->times_alloc = x->times_alloc ? 2 * x->times_alloc : 64;
		x->times = xrealloc(x->times, x->times_alloc * sizeof(*x->times));
	}
	x->times[x->ntimes].name = xstrndup(name, len);
	x->times[x->ntimes++].mtime = *mtime;
	return 0;
}

/* Creates base in dir for writing. */
static int create_file(struct extract_dir *x, int dir, const char *base, const char *name, mode_t mode)
{
	int fd, tries = 0;

	/* Replacing, another writer of the directory (native installs write
	 * wheels side by side) may create base between unlink and open: the
	 * last one to create it has it. */
	do {
		make_room(x, dir, base);
		fd = openat(dir, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	} while (fd < 0 && errno == EEXIST && (x->flags & EXTRACT_REPLACE) && ++tries < 8);
	if (fd < 0)
		return error_errno("cannot create '%s/%s'", x->path, name);
	if ((x->flags & EXTRACT_EXACT_MODE) && fchmod(fd, mode & 0777)) {
		error_errno("cannot set the mode of '%s/%s'", x->path, name);
		close(fd);
		return -1;
	}
	return fd;
}

static int write_all(int fd, const void *data, size_t len, off_t off)
{
	const char *p = data;

	while (len) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Closes fd, with mtime set first (NULL: left as now). */
static int finish_file(struct extract_dir *x, int fd, const char *name, const struct timespec *mtime)
{
	if (mtime) {
		const struct timespec t[2] = { *mtime, *mtime };

		if (futimens(fd, t)) {
			error_errno("cannot set the time of '%s/%s'", x->path, name);
			close(fd);
			return -1;
		}
	}
	if (close(fd))
		return error_errno("cannot write '%s/%s'", x->path, name);
	return 0;
}

int extract_file(struct extract_dir *x, const char *name, struct archive *a, const char *archive,
		 uint64_t max, mode_t mode, const struct timespec *mtime, unsigned char digest[HASH_LEN],
		 uint64_t *size)
{
	struct hash_ctx *h = digest ? hash_new() : NULL;
	const char *base;
	const void *buf;
	size_t len;
	la_int64_t off;
	uint64_t end = 0;
	int dir, fd, r;

	if (size)
		*size = 0;
	if (check_name(x, name) || (dir = parent(x, name, &base)) < 0 ||
	    (fd = create_file(x, dir, base, name, mode)) < 0)
		goto fail;
	while ((r = archive_read_data_block(a, &buf, &len, &off)) == ARCHIVE_OK) {
		if (off < 0 || (uint64_t)off < end) {
			error("cannot read '%s' from '%s': its data go backwards", name, archive);
			goto fail_fd;
		}
		if ((uint64_t)off > max || len > max - (uint64_t)off) {
			error("'%s' in '%s' holds more than the %llu bytes its header says", name, archive,
			      (unsigned long long)max);
			goto fail_fd;
		}
		if (h) {
			/* A gap (a sparse member) reads as zeros. */
			static const char zeros[4096];

			for (uint64_t gap = (uint64_t)off - end; gap;) {
				const size_t n = gap < sizeof(zeros) ? (size_t)gap : sizeof(zeros);

				hash_update(h, zeros, n);
				gap -= n;
			}
			hash_update(h, buf, len);
		}
		if (write_all(fd, buf, len, (off_t)off)) {
			error_errno("cannot write '%s/%s'", x->path, name);
			goto fail_fd;
		}
		end = (uint64_t)off + len;
	}
	if (r != ARCHIVE_EOF) {
		error("cannot read '%s' from '%s': %s", name, archive, archive_error_string(a));
		goto fail_fd;
	}
	if (ftruncate(fd, (off_t)end)) {
		error_errno("cannot write '%s/%s'", x->path, name);
		goto fail_fd;
	}
	if (h)
		hash_final(h, digest);
	if (size)
		*size = end;
	return finish_file(x, fd, name, mtime);
fail_fd:
	close(fd);
fail:
	if (h) {
		unsigned char ignored[HASH_LEN];

		hash_final(h, ignored);
	}
	return -1;
}

int extract_data(struct extract_dir *x, const char *name, const void *data, size_t len, mode_t mode)
{
	const char *base;
	int dir, fd;

	if (check_name(x, name) || (dir = parent(x, name, &base)) < 0 ||
	    (fd = create_file(x, dir, base, name, mode)) < 0)
		return -1;
	if (write_all(fd, data, len, 0)) {
		error_errno("cannot write '%s/%s'", x->path, name);
		close(fd);
		return -1;
	}
	return finish_file(x, fd, name, NULL);
}

int extract_symlink(struct extract_dir *x, const char *name, const char *target, const char *archive,
		    const struct timespec *mtime)
{
	const char *base;
	int dir;

	if (check_name(x, name) || extract_link_check(archive, name, target))
		return -1;
	if ((dir = parent(x, name, &base)) < 0)
		return -1;
	make_room(x, dir, base);
	if (symlinkat(target, dir, base))
		return error_errno("cannot create '%s/%s'", x->path, name);
	if (mtime) {
		const struct timespec t[2] = { *mtime, *mtime };

		if (utimensat(dir, base, t, AT_SYMLINK_NOFOLLOW))
			return error_errno("cannot set the time of '%s/%s'", x->path, name);
	}
	return 0;
}

int extract_close(struct extract_dir *x, int set_times)
{
	int ret = 0;

	for (size_t i = x->ntimes; i-- > 0;) {
		if (set_times && !ret) {
			const struct timespec t[2] = { x->times[i].mtime, x->times[i].mtime };
			const char *name = x->times[i].name, *base;
			int dir = parent(x, name, &base);

			if (dir < 0 || utimensat(dir, base, t, AT_SYMLINK_NOFOLLOW))
				ret = dir < 0 ? -1 : error_errno("cannot set the time of '%s/%s'", x->path, name);
		}
		free(x->times[i].name);
	}
	free(x->times);
	pop_to(x, 0);
	free(x->fds);
	free(x->cur);
	if (x->root >= 0)
		close(x->root);
	memset(x, 0, sizeof(*x));
	x->root = -1;
	return ret;
}
