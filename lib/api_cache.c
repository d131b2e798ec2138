/*
 * api_cache: the cache by hand (pyvenv_cache_list, _prune, _clear): its
 * entries as data, removed under their locks, with what killed runs left.
 */
#include "cache.h"
#include "download.h"
#include "fsutil.h"
#include "lock.h"
#include "msg.h"
#include "remote.h"
#include "sign.h"
#include "strbuf.h"
#include "tcache.h"
#include "template.h"
#include "trust.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Bytes below path (not following links); 0 if it is not there. */
static long long disk_size(const char *path)
{
	struct stat st;
	long long total;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st))
		return 0;
	total = (long long)st.st_blocks * 512;
	if (!S_ISDIR(st.st_mode) || !(d = opendir(path)))
		return total;
	while ((e = readdir(d))) {
		char *child;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		child = fs_join(path, e->d_name);
		total += disk_size(child);
		free(child);
	}
	closedir(d);
	return total;
}

static int by_use(const void *a, const void *b)
{
	const struct pyvenv_cache_entry *x = a, *y = b;

	return x->last_used < y->last_used ? -1 : x->last_used > y->last_used;
}

/* The templates in cache, least recently used first (key, size and last
 * use; no metadata read). Release with pyvenv_cache_list_free(). */
static struct pyvenv_cache_entry *entries(const char *cache, size_t *n)
{
	char *dir = fs_join(cache, "templates");
	DIR *d = opendir(dir);
	struct pyvenv_cache_entry *list = NULL;
	size_t alloc = 0;
	struct dirent *e;

	*n = 0;
	while (d && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);
		struct tcache_entry paths;
		struct stat st;

		if (len <= 7 || strcmp(e->d_name + len - 7, ".sha256"))
			continue;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			list = xrealloc(list, alloc * sizeof(*list));
		}
		memset(&list[*n], 0, sizeof(list[*n]));
		list[*n].key = xstrndup(e->d_name, len - 7);
		tcache_paths(cache, list[*n].key, &paths);
		list[*n].last_used = stat(paths.sidecar, &st) ? 0 : st.st_mtime;
		list[*n].size = disk_size(paths.archive) + disk_size(paths.tree) + disk_size(paths.sidecar);
		list[*n].origin = tcache_origin(paths.sidecar);
		tcache_close(&paths);
		(*n)++;
	}
	if (d)
		closedir(d);
	free(dir);
	if (*n)
		qsort(list, *n, sizeof(*list), by_use);
	return list;
}

/* The cache's directories must be this user's to be changed (trust.h):
 * 0, or -1 (reported) naming the first that is not. */
static int check_owned(const char *cache)
{
	static const char *const parts[] = { "templates", "trees", "interpreters", "downloads" };
	int ret = 0;

	for (size_t i = 0; i < 4 && !ret; i++) {
		char *dir = fs_join(cache, parts[i]);
		struct strbuf why = STRBUF_INIT;

		if (trust_dir(dir, &why) && errno != ENOENT) {
			error("not changing the cache '%s': %s", dir, why.buf);
			hint("the cache must be yours and writable only by you; remove what is not yours by hand");
			ret = -1;
		}
		strbuf_release(&why);
		free(dir);
	}
	return ret;
}

/* An interpreter probe's answer, or what a killed run left writing one. */
static int probe_file(const char *name, const char *path, void *arg)
{
	const size_t len = strlen(name);

	(void)path, (void)arg;
	return (len > 5 && !strcmp(name + len - 5, ".json")) || strstr(name, ".pyvenv-tmp-");
}

/* Removes the interpreter probes one by one (a run may be adding one). */
static int clear_probes(const char *cache)
{
	char *dir = fs_join(cache, "interpreters");
	int ret = fs_unlink_matching(dir, probe_file, NULL);

	free(dir);
	return ret;
}

/* One thing prune may remove: a template (t) or a download (d). */
struct prunable {
	time_t last_used;
	long long size;
	const struct pyvenv_cache_entry *t;
	const struct download_entry *d;
};

static int by_last_use(const void *a, const void *b)
{
	const struct prunable *x = a, *y = b;

	return x->last_used < y->last_used ? -1 : x->last_used > y->last_used;
}

static int prune(const char *cache, long long max_age, long long max_size, size_t *removed_out)
{
	size_t n, nd, removed = 0, removed_d = 0, failed = 0;
	struct pyvenv_cache_entry *list = entries(cache, &n);
	struct download_entry *downloads = download_list(cache, &nd);
	struct prunable *all = xcalloc(n + nd + 1, sizeof(*all));
	const time_t now = time(NULL);
	long long total = 0;

	for (size_t i = 0; i < n; i++)
		all[i] = (struct prunable){ list[i].last_used, list[i].size, &list[i], NULL };
	for (size_t i = 0; i < nd; i++)
		all[n + i] = (struct prunable){ downloads[i].last_used, downloads[i].size, NULL, &downloads[i] };
	if (n + nd)
		qsort(all, n + nd, sizeof(*all), by_last_use);
	for (size_t i = 0; i < n + nd; i++)
		total += all[i].size;
	/* The least recently used first, templates and downloads alike. */
	for (size_t i = 0; i < n + nd; i++) {
		int old = max_age >= 0 && now - all[i].last_used > max_age;
		int over = max_size >= 0 && total > max_size;
		int r = !old && !over ? 0 : all[i].t ? tcache_remove(cache, all[i].t->key)
					     : download_remove(all[i].d) ? -1 : 1;

		if (r > 0) {
			total -= all[i].size;
			removed += all[i].t != NULL;
			removed_d += all[i].d != NULL;
		}
		failed += r < 0;
	}
	free(all);
	pyvenv_cache_list_free(list, n);
	download_list_free(downloads, nd);
	failed += tcache_sweep(cache) < 0;
	failed += download_sweep(cache) < 0;
	say("removed %zu template%s and %zu downloaded file%s; %zu and %zu left", removed, removed == 1 ? "" : "s",
	    removed_d, removed_d == 1 ? "" : "s", n - removed, nd - removed_d);
	if (removed_out)
		*removed_out = removed;
	return failed ? -1 : 0;
}

/* Removes every downloaded file: 0, or -1 (reported). */
static int clear_downloads(const char *cache)
{
	size_t nd;
	struct download_entry *downloads = download_list(cache, &nd);
	int failed = 0;

	for (size_t i = 0; i < nd; i++)
		failed += download_remove(&downloads[i]) < 0;
	download_list_free(downloads, nd);
	failed += download_sweep(cache) < 0;
	return failed ? -1 : 0;
}

static int clear(const char *cache)
{
	size_t n, removed = 0, in_use = 0, failed = 0;
	struct pyvenv_cache_entry *list = entries(cache, &n);

	for (size_t i = 0; i < n; i++) {
		int r = tcache_remove(cache, list[i].key);

		removed += r > 0;
		in_use += r == 0;
		failed += r < 0;
	}
	pyvenv_cache_list_free(list, n);
	failed += tcache_sweep(cache) < 0;
	failed += clear_probes(cache) < 0;
	failed += clear_downloads(cache) < 0;
	say("removed %zu template%s%s from '%s'", removed, removed == 1 ? "" : "s",
	    failed ? "" : ", the interpreter probes and the downloaded files", cache);
	if (in_use)
		warning("%zu template%s in use by another pyvenv left alone", in_use, in_use == 1 ? "" : "s");
	return failed ? -1 : 0;
}

char *pyvenv_cache_dir(const char *given)
{
	pyvenv_ctx *quiet = pyvenv_ctx_new();
	struct pyvenv_ctx *saved;
	char *dir;

	if (!quiet)
		return NULL;
	ctx_enter(quiet, &saved);
	dir = cache_dir_resolve(given);
	ctx_leave(saved, 0);
	pyvenv_ctx_free(quiet);
	return dir;
}

static int need_cache(const char *cache)
{
	if (!cache || !*cache)
		return invalid("no cache directory given");
	return 0;
}

int pyvenv_cache_list(pyvenv_ctx *ctx, const char *cache, struct pyvenv_cache_entry **out, size_t *n)
{
	struct pyvenv_ctx *saved;

	ctx_enter(ctx, &saved);
	*out = NULL;
	*n = 0;
	if (need_cache(cache))
		return ctx_leave(saved, -1);
	*out = entries(cache, n);
	for (size_t i = 0; i < *n; i++) {
		struct pyvenv_cache_entry *e = &(*out)[i];
		struct template_meta meta;
		struct tcache_entry paths;

		tcache_paths(cache, e->key, &paths);
		msg_mute();
		if (!template_read_meta(paths.archive, &meta)) {
			e->version = xstrdup(meta.version);
			e->python = xstrdup(meta.python);
			template_meta_release(&meta);
		}
		msg_unmute();
		tcache_close(&paths);
	}
	return ctx_leave(saved, 0);
}

void pyvenv_cache_list_free(struct pyvenv_cache_entry *entries, size_t n)
{
	for (size_t i = 0; entries && i < n; i++) {
		free(entries[i].key);
		free(entries[i].version);
		free(entries[i].python);
		free(entries[i].origin);
	}
	free(entries);
}

int pyvenv_cache_prune(pyvenv_ctx *ctx, const char *cache, long long max_age, long long max_bytes,
		       size_t *removed)
{
	struct pyvenv_ctx *saved;
	int ret;

	ctx_enter(ctx, &saved);
	if (removed)
		*removed = 0;
	ret = need_cache(cache) || check_owned(cache) ? -1 : prune(cache, max_age, max_bytes, removed);
	return ctx_leave(saved, ret);
}

int pyvenv_cache_clear(pyvenv_ctx *ctx, const char *cache)
{
	struct pyvenv_ctx *saved;
	int ret;

	ctx_enter(ctx, &saved);
	ret = need_cache(cache) || check_owned(cache) ? -1 : clear(cache);
	return ctx_leave(saved, ret);
}

int pyvenv_remote_cache_describe(pyvenv_ctx *ctx, const char *spec, char **out)
{
	struct pyvenv_ctx *saved;
	struct strbuf why = STRBUF_INIT;
	struct remote r;
	int ret = 0;

	ctx_enter(ctx, &saved);
	*out = NULL;
	if (!spec)
		spec = getenv("PYVENV_REMOTE_CACHE");
	if (spec && *spec) {
		int write = remote_write_from_env(&why);

		if (write < 0 || remote_parse(spec, &r, &why)) {
			ret = invalid("the remote cache cannot be used: %s", why.buf);
		} else {
			*out = xstrfmt("%s (layout %s, %s)", r.shown, r.layout == REMOTE_BAZEL ? "bazel" : "flat",
				       write ? "read and write with PYVENV_REMOTE_CACHE_WRITE" : "read only");
			remote_release(&r);
		}
	}
	strbuf_release(&why);
	return ctx_leave(saved, ret);
}

int pyvenv_cache_keygen(pyvenv_ctx *ctx, const char *path)
{
	struct pyvenv_ctx *saved;
	struct strbuf why = STRBUF_INIT;
	int ret;

	ctx_enter(ctx, &saved);
	if (!path || !*path)
		ret = invalid("no key file given");
	else if ((ret = sign_keygen(path, &why)))
		error("%s", why.buf);
	else
		say("wrote the private key '%s' and the public key '%s.pub'", path, path);
	strbuf_release(&why);
	return ctx_leave(saved, ret);
}

int pyvenv_cache_downloads(pyvenv_ctx *ctx, const char *cache, size_t *files, long long *bytes)
{
	struct pyvenv_ctx *saved;
	struct download_entry *v;
	size_t n;

	ctx_enter(ctx, &saved);
	*files = 0;
	*bytes = 0;
	if (need_cache(cache))
		return ctx_leave(saved, -1);
	v = download_list(cache, &n);
	for (size_t i = 0; i < n; i++)
		*bytes += v[i].size;
	*files = n;
	download_list_free(v, n);
	return ctx_leave(saved, 0);
}
