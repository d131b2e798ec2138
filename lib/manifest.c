/*
 * manifest: recording a tree, reading the record, checking entries.
 */
#include "manifest.h"

#include "fsutil.h"
#include "msg.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MANIFEST_MAX (256 << 20)

struct record {
	char *path, *fields, *target;
};

struct records {
	struct record *v;
	size_t n, alloc;
};

static void records_add(struct records *r, char *path, char *fields, char *target)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 256;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	r->v[r->n].path = path;
	r->v[r->n].fields = fields;
	r->v[r->n++].target = target;
}

static unsigned long long mtime_ns(const struct stat *st)
{
	return (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL + (unsigned long long)st->st_mtim.tv_nsec;
}

static char type_of(mode_t mode)
{
	return S_ISREG(mode) ? 'f' : S_ISDIR(mode) ? 'd' : S_ISLNK(mode) ? 'l' : '?';
}

/* One entry's record; takes write permission from group and others. */
static int record_one(struct records *r, const char *full, const char *rel, struct stat *st)
{
	char target[PATH_MAX] = "";
	const char type = type_of(st->st_mode);

	if (type == '?')
		return error("'%s' is neither a file, a directory nor a link", full);
	if (type == 'l') {
		const ssize_t n = readlink(full, target, sizeof(target) - 1);

		if (n < 0)
			return error_errno("cannot read the link '%s'", full);
		target[n] = '\0';
	} else if (st->st_mode & 022) {
		if (chmod(full, st->st_mode & 07755))
			return error_errno("cannot change the mode of '%s'", full);
		st->st_mode &= ~(mode_t)022;
	}
	records_add(r, xstrdup(rel),
		    xstrfmt("%c %o %llu %llu %llu", type, (unsigned)(st->st_mode & 07777),
			    type == 'f' ? (unsigned long long)st->st_size : 0ULL, type == 'l' ? 0ULL : mtime_ns(st),
			    type == 'f' ? (unsigned long long)st->st_ino : 0ULL),
		    xstrdup(target));
	return 0;
}

static int walk(struct records *r, const char *root, const char *rel)
{
	char *dir = *rel ? fs_join(root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d) {
		ret = error_errno("cannot read '%s'", dir);
		free(dir);
		return ret;
	}
	while (!ret && (e = readdir(d))) {
		char *child, *full;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!*rel && !strcmp(e->d_name, MANIFEST_NAME)))
			continue;
		child = *rel ? xstrfmt("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		full = fs_join(root, child);
		if (lstat(full, &st))
			ret = error_errno("cannot examine '%s'", full);
		else
			ret = record_one(r, full, child, &st);
		if (!ret && S_ISDIR(st.st_mode))
			ret = walk(r, root, child);
		free(full);
		free(child);
	}
	closedir(d);
	free(dir);
	return ret;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct record *)a)->path, ((const struct record *)b)->path);
}

int manifest_build(const char *root, struct strbuf *out)
{
	struct records r = { NULL, 0, 0 };
	int ret = walk(&r, root, "");

	if (!ret) {
		qsort(r.v, r.n, sizeof(*r.v), by_path);
		strbuf_add(out, MANIFEST_MAGIC, sizeof(MANIFEST_MAGIC));
		for (size_t i = 0; i < r.n; i++) {
			strbuf_add(out, r.v[i].fields, strlen(r.v[i].fields) + 1);
			strbuf_add(out, r.v[i].path, strlen(r.v[i].path) + 1);
			strbuf_add(out, r.v[i].target, strlen(r.v[i].target) + 1);
		}
	}
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].path);
		free(r.v[i].fields);
		free(r.v[i].target);
	}
	free(r.v);
	return ret;
}

/* The next NUL-terminated field at *p, or NULL past the end. */
static const char *field(const char **p, const char *end)
{
	const char *start = *p, *nul;

	if (start >= end || !(nul = memchr(start, '\0', (size_t)(end - start))))
		return NULL;
	*p = nul + 1;
	return start;
}

static int parse(struct manifest *m, struct strbuf *why)
{
	const char *p = m->text.buf, *end = m->text.buf + m->text.len, *f;
	size_t alloc = 0;

	f = field(&p, end);
	if (!f || strcmp(f, MANIFEST_MAGIC)) {
		strbuf_addstr(why, "it is not a tree manifest of this pyvenv");
		return -1;
	}
	while (p < end) {
		struct manifest_entry e = { 0 };
		const char *fields = field(&p, end);
		int used = 0;

		e.path = field(&p, end);
		e.target = field(&p, end);
		if (!e.target || sscanf(fields, "%c %o %llu %llu %llu%n", &e.type, &e.mode, &e.size, &e.mtime_ns,
					&e.ino, &used) != 5 || fields[used] ||
		    (m->n && strcmp(m->v[m->n - 1].path, e.path) >= 0)) {
			strbuf_addf(why, "its record %zu is malformed", m->n + 1);
			return -1;
		}
		if (m->n == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			m->v = xrealloc(m->v, alloc * sizeof(*m->v));
		}
		m->v[m->n++] = e;
	}
	return 0;
}

int manifest_load(struct manifest *m, const char *path, struct strbuf *why)
{
	const int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	int ret = -1;

	if (fd < 0) {
		strbuf_addf(why, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > MANIFEST_MAX)
		strbuf_addf(why, "'%s' is not a manifest", path);
	else if (strbuf_read_fd(&m->text, fd))
		strbuf_addf(why, "cannot read '%s': %s", path, strerror(errno));
	else
		ret = parse(m, why);
	close(fd);
	return ret;
}

static int by_entry_path(const void *key, const void *e)
{
	return strcmp(key, ((const struct manifest_entry *)e)->path);
}

int manifest_check(struct manifest *m, const char *rel, const struct stat *st, const char *target,
		   struct strbuf *why)
{
	struct manifest_entry *e = m->n ? bsearch(rel, m->v, m->n, sizeof(*m->v), by_entry_path) : NULL;
	const char type = type_of(st->st_mode);

	if (!e) {
		strbuf_addf(why, "'%s' was added", rel);
		return -1;
	}
	if (e->seen || e->type != type || st->st_uid != geteuid() ||
	    (type != 'l' && (e->mode != (st->st_mode & 07777) || e->mtime_ns != mtime_ns(st))) ||
	    (type == 'f' && (e->size != (unsigned long long)st->st_size || e->ino != (unsigned long long)st->st_ino)) ||
	    (type == 'l' && strcmp(e->target, target ? target : ""))) {
		strbuf_addf(why, "'%s' was changed", rel);
		return -1;
	}
	e->seen = 1;
	m->seen++;
	return 0;
}

int manifest_all_seen(const struct manifest *m, struct strbuf *why)
{
	if (m->seen == m->n)
		return 0;
	for (size_t i = 0; i < m->n; i++) {
		if (!m->v[i].seen) {
			strbuf_addf(why, "'%s' was removed", m->v[i].path);
			break;
		}
	}
	return -1;
}

void manifest_release(struct manifest *m)
{
	strbuf_release(&m->text);
	free(m->v);
	m->v = NULL;
	m->n = m->seen = 0;
}
