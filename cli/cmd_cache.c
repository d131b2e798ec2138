/*
 * cmd_cache: `pyvenv cache dir|list|prune|clear`, the cache by hand.
 */
#include "cmd.h"

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
	"       pyvenv cache keygen FILE\n"
	"\n"
	"The cache holds interpreter probes (interpreters/), environment templates\n"
	"(templates/<key>.tar.zst, and trees/<key>/ unpacked for the link modes) and\n"
	"wheels downloaded from package indexes (downloads/<sha256>/<file>).\n"
	"\n"
	"  dir     print the cache directory: --cache-dir, else $PYVENV_CACHE_DIR,\n"
	"          else $XDG_CACHE_HOME/pyvenv, else ~/.cache/pyvenv\n"
	"  list    one line per template: key, size on disk (archive and tree),\n"
	"          last use, interpreter version, and the remote cache it came from\n"
	"          (redacted) when it was downloaded; then how many downloaded files\n"
	"          there are (if any), and the templates' count and size\n"
	"  prune   remove templates and downloaded files not used for DAYS days\n"
	"          (--max-age), then the least recently used until they take at most\n"
	"          SIZE (--max-size,\n"
	"          bytes with an optional K, M or G suffix); a template in use by\n"
	"          another pyvenv is left alone\n"
	"  clear   remove every template, interpreter probe and downloaded file\n"
	"  keygen  write a new ed25519 key pair for signing remote cache entries: FILE\n"
	"          (private, mode 0600: PYVENV_REMOTE_CACHE_SIGNING_KEY of the jobs that\n"
	"          write) and FILE.pub (a line for PYVENV_REMOTE_CACHE_TRUSTED_KEYS of\n"
	"          the jobs that read); neither may exist\n"
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

static void human(char *buf, size_t len, long long bytes)
{
	if (bytes >= 1LL << 30)
		snprintf(buf, len, "%.1fG", (double)bytes / (1 << 30));
	else if (bytes >= 1 << 20)
		snprintf(buf, len, "%.1fM", (double)bytes / (1 << 20));
	else
		snprintf(buf, len, "%.1fK", (double)bytes / 1024);
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

static int list_cache(pyvenv_ctx *ctx, const char *cache)
{
	struct pyvenv_cache_entry *list;
	long long total = 0, bytes;
	char size[32];
	size_t n, files;

	if (pyvenv_cache_list(ctx, cache, &list, &n))
		return cmd_failed(ctx);
	for (size_t i = 0; i < n; i++) {
		char when[32];
		struct tm tm;

		human(size, sizeof(size), list[i].size);
		localtime_r(&list[i].last_used, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		if (list[i].version)
			printf("%.16s  %8s  %s  Python %s (%s)", list[i].key, size, when, list[i].version,
			       list[i].python);
		else
			printf("%.16s  %8s  %s  (unreadable)", list[i].key, size, when);
		if (list[i].origin)
			printf("  from %s", list[i].origin);
		putchar('\n');
		total += list[i].size;
	}
	pyvenv_cache_list_free(list, n);
	/* The downloads' line (when there are some), then the last line,
	 * the templates' count. */
	if (pyvenv_cache_downloads(ctx, cache, &files, &bytes))
		return cmd_failed(ctx);
	if (files) {
		human(size, sizeof(size), bytes);
		printf("%zu downloaded file%s, %s in '%s/downloads'\n", files, files == 1 ? "" : "s", size, cache);
	}
	human(size, sizeof(size), total);
	printf("%zu template%s, %s in '%s'\n", n, n == 1 ? "" : "s", size, cache);
	return EXIT_OK;
}

int cmd_cache(int argc, char **argv)
{
	const char *given = NULL, *verb;
	long long max_age = -1, max_size = -1;
	char *cache;
	pyvenv_ctx *ctx;
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
	if (argc - optind >= 1 && !strcmp(argv[optind], "keygen")) {
		if (argc - optind != 2 || given)
			return cmd_usage_error("cache", "keygen takes one FILE (and no --cache-dir)");
		ctx = cmd_context("cache", PYVENV_NORMAL);
		rc = pyvenv_cache_keygen(ctx, argv[optind + 1]) ? cmd_failed(ctx) : EXIT_OK;
		pyvenv_ctx_free(ctx);
		return rc;
	}
	if (argc - optind != 1)
		return cmd_usage_error("cache", "expected one of dir, list, prune, clear, keygen");
	verb = argv[optind];
	if (strcmp(verb, "prune") && (max_age >= 0 || max_size >= 0))
		return cmd_usage_error("cache", "--max-age and --max-size are for prune");
	if (!strcmp(verb, "prune") && max_age < 0 && max_size < 0)
		return cmd_usage_error("cache", "prune needs --max-age or --max-size");
	if (strcmp(verb, "dir") && strcmp(verb, "list") && strcmp(verb, "prune") && strcmp(verb, "clear"))
		return cmd_usage_error("cache", "unknown cache command '%s'", verb);
	cache = pyvenv_cache_dir(given);
	if (!cache) {
		cmd_error("no cache directory: HOME is not set");
		cmd_hint("give one with --cache-dir or $PYVENV_CACHE_DIR");
		return EXIT_FAILURE_;
	}
	ctx = cmd_context("cache", PYVENV_NORMAL);
	if (!strcmp(verb, "dir")) {
		printf("%s\n", cache);
		rc = EXIT_OK;
	} else if (!strcmp(verb, "list")) {
		rc = list_cache(ctx, cache);
	} else if (!strcmp(verb, "prune")) {
		rc = pyvenv_cache_prune(ctx, cache, max_age < 0 ? -1 : max_age * 86400, max_size, NULL)
			     ? cmd_failed(ctx) : EXIT_OK;
	} else {
		rc = pyvenv_cache_clear(ctx, cache) ? cmd_failed(ctx) : EXIT_OK;
	}
	pyvenv_ctx_free(ctx);
	free(cache);
	return rc;
}
