/*
 * cmd_cache: `pyvenv cache dir|list|prune|clear`, the cache by hand.
 */
#include "cache.h"
#include "cmd.h"
#include "fsutil.h"
#include "lock.h"
#include "msg.h"
#include "strbuf.h"
#include "tcache.h"
#include "template.h"
#include "trust.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: pyvenv cache [--cache-dir DIR] dir\n"
	"       pyvenv cache [--cache-dir DIR] list\n"
	"       pyvenv cache [--cache-dir DIR] prune [--max-age DAYS] [--max-size SIZE]\n"
	"       pyvenv cache [--cache-dir DIR] clear\n"
	"\n"
	"The cache holds interpreter probes (interpreters/) and environment templates\n"
	"(templates/<key>.tar.zst, and trees/<key>/ unpacked for the link modes).\n"
	"\n"
	"  dir     print the cache directory: --cache-dir, else $PYVENV_CACHE_DIR,\n"
	"          else $XDG_CACHE_HOME/pyvenv, else ~/.cache/pyvenv\n"
	"  list    one line per template: key, size on disk (archive and tree),\n"
	"          last use, interpreter version\n"
	"  prune   remove templates not used for DAYS days (--max-age), then the least\n"
	"          recently used until the templates take at most SIZE (--max-size,\n"
	"          bytes with an optional K, M or G suffix); a template in use by\n"
	"          another pyvenv is left alone\n"
	"  clear   remove every template and interpreter probe\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage error.\n";

enum { OPT_CACHE_DIR = 256, OPT_MAX_AGE, OPT_MAX_SIZE };

static const struct option options[] = {
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "max-age", required_argument, NULL, OPT_MAX_AGE },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct entry {
	char *key;
	long long size; /* archive + tree */
	time_t used;
};

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
	const struct entry *x = a, *y = b;

	return x->used < y->used ? -1 : x->used > y->used;
}

/* The templates in cache, least recently used first. */
static struct entry *entries(const char *cache, size_t *n)
{
	char *dir = fs_join(cache, "templates");
	DIR *d = opendir(dir);
	struct entry *list = NULL;
	size_t alloc = 0;
	struct dirent *e;

	*n = 0;
	while (d && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);
		char *sidecar, *archive, *tree;
		struct stat st;

		if (len <= 7 || strcmp(e->d_name + len - 7, ".sha256"))
			continue;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			list = xrealloc(list, alloc * sizeof(*list));
		}
		list[*n].key = xstrndup(e->d_name, len - 7);
		sidecar = fs_join(dir, e->d_name);
		archive = xstrfmt("%s/%s.tar.zst", dir, list[*n].key);
		tree = xstrfmt("%s/trees/%s", cache, list[*n].key);
		list[*n].used = stat(sidecar, &st) ? 0 : st.st_mtime;
		list[*n].size = disk_size(archive) + disk_size(tree) + disk_size(sidecar);
		free(sidecar);
		free(archive);
		free(tree);
		(*n)++;
	}
	if (d)
		closedir(d);
	free(dir);
	if (*n)
		qsort(list, *n, sizeof(*list), by_use);
	return list;
}

static void human(char *buf, size_t len, long long bytes)
{
	if (bytes >= 1LL << 30)
		snprintf(buf, len, "%.1fG", (double)bytes / (1 << 30));
	else if (bytes >= 1 << 20)
		snprintf(buf, len, "%.1fM", (double)bytes / (1 << 20));
	else
		snprintf(buf, len, "%.1fK", (double)bytes / 1024);
}

static int list_cache(const char *cache)
{
	size_t n;
	struct entry *list = entries(cache, &n);
	long long total = 0;

	for (size_t i = 0; i < n; i++) {
		char *archive = xstrfmt("%s/templates/%s.tar.zst", cache, list[i].key);
		struct template_meta meta;
		char size[32], when[32];
		struct tm tm;

		msg_mute();
		human(size, sizeof(size), list[i].size);
		localtime_r(&list[i].used, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		if (!template_read_meta(archive, &meta)) {
			printf("%.16s  %8s  %s  Python %s (%s)\n", list[i].key, size, when, meta.version, meta.python);
			template_meta_release(&meta);
		} else {
			printf("%.16s  %8s  %s  (unreadable)\n", list[i].key, size, when);
		}
		msg_unmute();
		total += list[i].size;
		free(archive);
		free(list[i].key);
	}
	free(list);
	{
		char size[32];

		human(size, sizeof(size), total);
		printf("%zu template%s, %s in '%s'\n", n, n == 1 ? "" : "s", size, cache);
	}
	return EXIT_OK;
}

/* Removes one entry, with what killed runs left of it, unless another
 * pyvenv holds it: 1 removed, 0 in use, -1 (reported) failed. */
static int remove_entry(const char *cache, const char *key)
{
	char *sidecar = xstrfmt("%s/templates/%s.sha256", cache, key);
	char *archive = xstrfmt("%s/templates/%s.tar.zst", cache, key);
	char *lockfile = xstrfmt("%s/templates/%s.lock", cache, key);
	char *tree = xstrfmt("%s/trees/%s", cache, key);
	int fd = lock_file_try(lockfile), ret = 1;

	if (fd == LOCK_BUSY) {
		say("'%s' is in use by another pyvenv: left alone", archive);
		ret = 0;
	} else if (fd < 0) {
		ret = -1;
	} else if (unlink(sidecar) && errno != ENOENT) {
		/* The digest first: without it the entry no longer exists. */
		ret = error_errno("cannot remove '%s'", sidecar);
	} else if (unlink(archive) && errno != ENOENT) {
		ret = error_errno("cannot remove '%s'", archive);
	} else if (fs_remove_tree(tree)) {
		ret = error_errno("cannot remove '%s'", tree);
	} else if (tcache_remove_stale(cache, key) < 0) {
		ret = -1;
	}
	if (fd >= 0)
		lock_file_release(fd, lockfile);
	free(sidecar);
	free(archive);
	free(lockfile);
	free(tree);
	return ret;
}

/* Removes what killed runs left in the cache (temporary archives, digests,
 * trees) for every key no run holds. Returns 0, or -1 (reported). */
static int sweep(const char *cache)
{
	static const char *const dirs[] = { "templates", "trees" };
	int ret = 0;

	for (size_t i = 0; i < 2; i++) {
		char *dir = fs_join(cache, dirs[i]);
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && (de = readdir(d))) {
			char *key, *lockfile;
			int fd;

			if (!strstr(de->d_name, ".pyvenv-tmp-") || de->d_name[0] == '.')
				continue;
			key = xstrndup(de->d_name, strcspn(de->d_name, "."));
			lockfile = xstrfmt("%s/templates/%s.lock", cache, key);
			fd = lock_file_try(lockfile);
			if (fd != LOCK_BUSY && (fd < 0 || tcache_remove_stale(cache, key) < 0))
				ret = -1;
			if (fd >= 0)
				lock_file_release(fd, lockfile);
			free(lockfile);
			free(key);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	return ret;
}

/* The cache's directories must be this user's to be changed (trust.h):
 * 0, or -1 (reported) naming the first that is not. */
static int check_owned(const char *cache)
{
	static const char *const parts[] = { "templates", "trees", "interpreters" };
	int ret = 0;

	for (size_t i = 0; i < 3 && !ret; i++) {
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

/* Removes the interpreter probes one by one (a run may be adding one). */
static int clear_probes(const char *cache)
{
	char *dir = fs_join(cache, "interpreters");
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	while (d && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);
		char *path;

		/* Answers, and what killed runs left while writing one. */
		if (!(len > 5 && !strcmp(e->d_name + len - 5, ".json")) && !strstr(e->d_name, ".pyvenv-tmp-"))
			continue;
		path = fs_join(dir, e->d_name);
		if (unlink(path) && errno != ENOENT)
			ret = error_errno("cannot remove '%s'", path);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	return ret;
}

/* Digits only (no sign, no blanks), at most max: 0, or -1. */
static int parse_count(const char *s, const char **end, long long max, long long *out)
{
	long long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*end = s;
	*out = v;
	return 0;
}

/* Days: a whole number, at most 100000 (so that days * 86400 fits). */
static int parse_days(const char *s, long long *out)
{
	const char *end;

	return parse_count(s, &end, 100000, out) || *end ? -1 : 0;
}

/* Bytes, with an optional K, M or G (powers of 1024), that fit. */
static int parse_size(const char *s, long long *out)
{
	const char *end;
	long long v;
	int shift = 0;

	if (parse_count(s, &end, LLONG_MAX, &v))
		return -1;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	}
	if (*end || v > (LLONG_MAX >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

static int prune(const char *cache, long long max_age_days, long long max_size)
{
	size_t n, removed = 0, failed = 0;
	struct entry *list = entries(cache, &n);
	const time_t now = time(NULL);
	long long total = 0;

	for (size_t i = 0; i < n; i++)
		total += list[i].size;
	for (size_t i = 0; i < n; i++) {
		int old = max_age_days >= 0 && now - list[i].used > max_age_days * 86400;
		int over = max_size >= 0 && total > max_size;
		int r = old || over ? remove_entry(cache, list[i].key) : 0;

		if (r > 0) {
			total -= list[i].size;
			removed++;
		}
		failed += r < 0;
		free(list[i].key);
	}
	free(list);
	failed += sweep(cache) < 0;
	say("removed %zu template%s; %zu left", removed, removed == 1 ? "" : "s", n - removed);
	return failed ? EXIT_FAILURE_ : EXIT_OK;
}

static int clear(const char *cache)
{
	size_t n, removed = 0, in_use = 0, failed = 0;
	struct entry *list = entries(cache, &n);
	for (size_t i = 0; i < n; i++) {
		int r = remove_entry(cache, list[i].key);

		removed += r > 0;
		in_use += r == 0;
		failed += r < 0;
		free(list[i].key);
	}
	free(list);
	failed += sweep(cache) < 0;
	failed += clear_probes(cache) < 0;
	say("removed %zu template%s%s from '%s'", removed, removed == 1 ? "" : "s",
	    failed ? "" : " and the interpreter probes", cache);
	if (in_use)
		warning("%zu template%s in use by another pyvenv left alone", in_use, in_use == 1 ? "" : "s");
	return failed ? EXIT_FAILURE_ : EXIT_OK;
}

int cmd_cache(int argc, char **argv)
{
	const char *given = NULL, *verb;
	long long max_age = -1, max_size = -1;
	char *cache;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_CACHE_DIR: given = optarg; break;
		case OPT_MAX_AGE:
			if (parse_days(optarg, &max_age))
				return cmd_usage_error("cache", "--max-age takes a whole number of days (at most 100000), not '%s'", optarg);
			break;
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &max_size))
				return cmd_usage_error("cache", "--max-size takes a size such as 500M, not '%s'", optarg);
			break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("cache", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("cache", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error("cache", "expected one of dir, list, prune, clear");
	verb = argv[optind];
	if (strcmp(verb, "prune") && (max_age >= 0 || max_size >= 0))
		return cmd_usage_error("cache", "--max-age and --max-size are for prune");
	if (!strcmp(verb, "prune") && max_age < 0 && max_size < 0)
		return cmd_usage_error("cache", "prune needs --max-age or --max-size");
	if (strcmp(verb, "dir") && strcmp(verb, "list") && strcmp(verb, "prune") && strcmp(verb, "clear"))
		return cmd_usage_error("cache", "unknown cache command '%s'", verb);
	cache = cache_dir_resolve(given);
	if (!cache) {
		error("no cache directory: HOME is not set");
		hint("give one with --cache-dir or $PYVENV_CACHE_DIR");
		return EXIT_FAILURE_;
	}
	if (!strcmp(verb, "dir")) {
		printf("%s\n", cache);
		rc = EXIT_OK;
	} else if (!strcmp(verb, "list")) {
		rc = list_cache(cache);
	} else if (check_owned(cache)) {
		rc = EXIT_FAILURE_;
	} else if (!strcmp(verb, "prune")) {
		rc = prune(cache, max_age, max_size);
	} else {
		rc = clear(cache);
	}
	free(cache);
	return rc;
}
