/*
 * download: parallel, checked, content-addressed downloads (download.h).
 */
#include "download.h"

#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "strbuf.h"
#include "trust.h"
#include "workers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *download_dir(const char *cache_dir)
{
	return fs_join(cache_dir, "downloads");
}

struct job {
	struct http_config c; /* the caller's, counting what comes in received */
	const char *dir;
	struct download *v;
	size_t n;
	long long received;   /* bytes, added to atomically */
	size_t done;          /* files in place, likewise */
	double last;          /* when progress was last said */
	int said;
};

static void download_tick(void *arg)
{
	struct job *j = arg;

	if (msg_clock() - j->last < 0.1)
		return;
	j->last = msg_clock();
	j->said = 1;
	progress("downloading: %zu of %zu files, %.1f MB", __atomic_load_n(&j->done, __ATOMIC_RELAXED), j->n,
		 (double)__atomic_load_n(&j->received, __ATOMIC_RELAXED) / 1e6);
}

/* The SHA-256 (hex) of the file open at fd, from its start. */
static int hex_of(int fd, struct strbuf *hex)
{
	return hash_algo_fd_hex(hash_algo_find("sha256", 6), fd, hex);
}

/* A file already in the cache, whole: 1 (d->path set), else 0. */
static int cached(const char *dir, struct download *d)
{
	struct strbuf why = STRBUF_INIT, hex = STRBUF_INIT;
	char *sub = fs_join(dir, d->sha256), *path = fs_join(sub, d->filename);
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), ok = 0;

	if (fd >= 0 && !fstat(fd, &st) && !trust_dir(sub, &why) && !trust_entry(path, &st, S_IFREG, &why) &&
	    !hex_of(fd, &hex) && !strcmp(hex.buf, d->sha256)) {
		ok = 1;
		futimens(fd, NULL); /* used now, for pruning */
		d->path = path;
		path = NULL;
	}
	if (fd >= 0)
		close(fd);
	strbuf_release(&why);
	strbuf_release(&hex);
	free(sub);
	free(path);
	return ok;
}

char *download_temp(const struct http_config *c, const char *url, const char *tmpl, off_t max, off_t *got,
		    unsigned char digest[HASH_LEN], struct strbuf *why)
{
	char *tmp = xstrdup(tmpl);
	int fd = mkstemp(tmp), ok = 0;

	*got = 0;
	if (fd < 0)
		strbuf_addf(why, "cannot create '%s': %s", tmpl, strerror(errno));
	else if (fchmod(fd, 0644))
		strbuf_addf(why, "cannot set the mode of '%s': %s", tmp, strerror(errno));
	else if (http_get_fd(c, url, fd, max, got, why) != HTTP_OK)
		; /* why says it */
	else if (lseek(fd, 0, SEEK_SET) || hash_fd(fd, digest))
		strbuf_addf(why, "cannot read '%s': %s", tmp, strerror(errno));
	else if (fsync(fd))
		strbuf_addf(why, "cannot write '%s': %s", tmp, strerror(errno));
	else
		ok = 1;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		tmp = NULL;
	}
	return tmp;
}

static int fetch_one(void *arg, size_t i)
{
	struct job *j = arg;
	struct download *d = &j->v[i];
	struct strbuf why = STRBUF_INIT, hex = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	char *tmpl, *tmp, *sub = NULL, *dest = NULL;
	int ret = -1;

	if (d->sha256 && cached(j->dir, d)) {
		__atomic_add_fetch(&j->done, 1, __ATOMIC_RELAXED);
		return 0;
	}
	tmpl = xstrfmt("%s/.%s.pyvenv-tmp-XXXXXX", j->dir, d->filename);
	tmp = download_temp(&j->c, d->url, tmpl, DOWNLOAD_MAX, &d->bytes, digest, &why);
	free(tmpl);
	if (!tmp) {
		error("cannot download %s: %s", d->what, why.buf);
		strbuf_release(&why);
		return -1;
	}
	hash_hex(&hex, digest, HASH_LEN);
	if (d->sha256 && strcmp(hex.buf, d->sha256)) {
		error("the download of %s does not have the SHA-256 its index gives", d->what);
		hint("expected sha256:%s", d->sha256);
		hint("     got sha256:%s", hex.buf);
	} else {
		sub = fs_join(j->dir, hex.buf);
		dest = fs_join(sub, d->filename);
		if (mkdir(sub, 0755) && errno != EEXIST)
			error_errno("cannot create '%s'", sub);
		else if (rename(tmp, dest))
			error_errno("cannot rename '%s' to '%s'", tmp, dest);
		else
			ret = 0;
	}
	if (ret) {
		unlink(tmp);
	} else {
		d->path = dest, dest = NULL;
		__atomic_add_fetch(&j->done, 1, __ATOMIC_RELAXED);
	}
	strbuf_release(&why);
	strbuf_release(&hex);
	free(tmp);
	free(sub);
	free(dest);
	return ret;
}

int download_all(const struct http_config *c, const char *dir, struct download *v, size_t n)
{
	struct job j = { .c = *c, .dir = dir, .v = v, .n = n };
	struct strbuf why = STRBUF_INIT;
	size_t threads = n < DOWNLOAD_PARALLEL ? n : DOWNLOAD_PARALLEL;
	double start;
	off_t bytes = 0;
	size_t fetched = 0;
	int ret;

	if (!n)
		return 0;
	if (fs_mkdir_p(dir, 0755))
		return error_errno("cannot create the download cache '%s'", dir);
	if (trust_dir(dir, &why)) {
		ret = error("not using the download cache '%s': %s", dir, why.buf);
		hint("the cache must be yours and writable only by you");
		strbuf_release(&why);
		return ret;
	}
	j.c.received = &j.received;
	start = j.last = msg_clock();
	ret = workers_run(n, threads, fetch_one, download_tick, &j);
	if (j.said)
		progress("%s", "");
	for (size_t i = 0; i < n; i++) {
		bytes += v[i].bytes;
		fetched += v[i].bytes > 0;
	}
	if (!ret)
		verbose("downloaded %zu file%s (%.1f MiB) in %.1f s; %zu from the download cache", fetched,
			fetched == 1 ? "" : "s", (double)bytes / (1 << 20),
			msg_clock() - start, n - fetched);
	return ret;
}

static int by_use(const void *a, const void *b)
{
	const struct download_entry *x = a, *y = b;

	return x->last_used < y->last_used ? -1 : x->last_used > y->last_used;
}

struct download_entry *download_list(const char *cache_dir, size_t *n)
{
	char *dir = download_dir(cache_dir);
	DIR *d = opendir(dir);
	struct download_entry *v = NULL;
	struct dirent *e;

	*n = 0;
	while (d && (e = readdir(d))) {
		char *sub;
		DIR *sd;
		struct dirent *f;

		if (e->d_name[0] == '.')
			continue;
		sub = fs_join(dir, e->d_name);
		sd = opendir(sub);
		while (sd && (f = readdir(sd))) {
			struct stat st;
			char *path;

			if (f->d_name[0] == '.')
				continue;
			path = fs_join(sub, f->d_name);
			if (lstat(path, &st) || !S_ISREG(st.st_mode)) {
				free(path);
				continue;
			}
			v = xrealloc(v, (*n + 1) * sizeof(*v));
			v[*n].path = path;
			v[*n].size = (long long)st.st_blocks * 512;
			v[*n].last_used = st.st_mtime;
			(*n)++;
		}
		if (sd)
			closedir(sd);
		free(sub);
	}
	if (d)
		closedir(d);
	free(dir);
	if (*n)
		qsort(v, *n, sizeof(*v), by_use);
	return v;
}

void download_list_free(struct download_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

int download_remove(const struct download_entry *e)
{
	char *dir;

	if (unlink(e->path) && errno != ENOENT)
		return error_errno("cannot remove '%s'", e->path);
	dir = fs_dirname(e->path);
	rmdir(dir); /* only when empty: another file of that digest may stay */
	free(dir);
	return 0;
}

/* A temporary file a killed run left: a day old. */
static int stale_temporary(const char *name, const char *path, void *arg)
{
	struct stat st;

	(void)arg;
	return name[0] == '.' && strstr(name, ".pyvenv-tmp-") && !lstat(path, &st) && st.st_mtime < time(NULL) - 86400;
}

int download_sweep(const char *cache_dir)
{
	char *dir = download_dir(cache_dir);
	int ret = fs_unlink_matching(dir, stale_temporary, NULL);

	free(dir);
	return ret;
}
