/*
 * native_choose: the wheel pip would pick for each pinned distribution,
 * and whether the pinned set is closed under its wheels' requirements.
 */
#include "native_int.h"

#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "pep440.h"
#include "pep508.h"
#include "probe.h"
#include "wheel.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


void wheelhouse_init(struct wheelhouse *h, const struct pyinfo *py)
{
	memset(h, 0, sizeof(*h));
	h->ntags = pyinfo_tags(py, &h->tags);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void wheelhouse_add_dir(struct wheelhouse *h, const char *dir)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	for (size_t i = 0; i < h->ndirs; i++)
		if (!strcmp(h->dirs[i], dir))
			return;
	h->dirs = xrealloc(h->dirs, (h->ndirs + 1) * sizeof(*h->dirs));
	h->dirs[h->ndirs++] = xstrdup(dir);
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		const size_t len = strlen(e->d_name);

		if (len > 4 && !strcmp(e->d_name + len - 4, ".whl")) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	/* pip sorts a directory's listing (none: names is NULL, not for qsort) */
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct house_wheel *w;

		if (h->n == h->alloc) {
			h->alloc = h->alloc ? 2 * h->alloc : 64;
			h->v = xrealloc(h->v, h->alloc * sizeof(*h->v));
		}
		w = &h->v[h->n];
		if (!wheelname_parse(names[i], &w->name)) {
			w->path = fs_join(dir, names[i]);
			w->rank = wheelname_rank(&w->name, h->tags, h->ntags);
			h->n++;
		}
		free(names[i]);
	}
	free(names);
}

void wheelhouse_release(struct wheelhouse *h)
{
	for (size_t i = 0; i < h->n; i++) {
		wheelname_release(&h->v[i].name);
		free(h->v[i].path);
	}
	for (size_t i = 0; i < h->ndirs; i++)
		free(h->dirs[i]);
	free(h->dirs);
	free(h->v);
	free(h->tags);
	memset(h, 0, sizeof(*h));
}

/* Whether w is pkg's version: == by PEP 440 (a local version included, as
 * pip's == matches one), === as text. */
static int version_matches(const struct native_pkg *pkg, const char *version)
{
	struct strbuf why = STRBUF_INIT;
	char *spec = xstrfmt("==%s", pkg->version);
	int r = pep440_contains(spec, version, 1, &why);

	free(spec);
	strbuf_release(&why);
	if (r < 0)
		return !strcasecmp(pkg->version, version);
	return r;
}

/* path as pip's file: URL has it (pathname2url: '/' and the unreserved
 * characters kept, the rest %XX). */
static void url_path(struct strbuf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/_.-~", *p))
			strbuf_addch(out, (char)*p);
		else
			strbuf_addf(out, "%%%02X", *p);
	}
}

/* Whether a's URL sorts before b's: of candidates equal in all else, pip
 * takes the lowest URL, across all --find-links directories. */
static int lower_url(const char *a, const char *b)
{
	struct strbuf ua = STRBUF_INIT, ub = STRBUF_INIT;
	int r;

	url_path(&ua, a);
	url_path(&ub, b);
	r = strcmp(ua.buf, ub.buf) < 0;
	strbuf_release(&ua);
	strbuf_release(&ub);
	return r;
}

/* pip's order among candidates of one pinned version: the higher version
 * (1.0+local over 1.0), then the better tag, then the higher build, then
 * the lower URL. */
static int better(const struct house_wheel *a, const struct house_wheel *b)
{
	struct pep440_version va, vb;
	int c;

	if (!pep440_parse(a->name.version, &va) && !pep440_parse(b->name.version, &vb) &&
	    (c = pep440_cmp(&va, &vb)) != 0)
		return c > 0;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	if (a->name.build_num != b->name.build_num)
		return a->name.build_num > b->name.build_num;
	c = strcmp(a->name.build ? a->name.build : "", b->name.build ? b->name.build : "");
	return c ? c > 0 : lower_url(a->path, b->path);
}

const struct house_wheel *native_best_wheel(const struct wheelhouse *h, const struct native_pkg *pkg,
					   size_t *unsupported)
{
	const struct house_wheel *best = NULL;

	*unsupported = 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct house_wheel *w = &h->v[i];

		if (strcmp(w->name.canonical, pkg->canonical) || !version_matches(pkg, w->name.version))
			continue;
		if (w->rank < 0)
			(*unsupported)++;
		else if (!best || better(w, best))
			best = w;
	}
	return best;
}

/* The algorithm of a "name:hex" hash, or NULL. */
static const struct hash_algo *hash_of(const char *hash)
{
	const char *colon = strchr(hash, ':');

	return colon ? hash_algo_find(hash, (size_t)(colon - hash)) : NULL;
}

/* Whether one of pkg's hashes is in algorithm a. */
static int has_algo(const struct native_pkg *pkg, const struct hash_algo *a)
{
	for (size_t i = 0; i < pkg->nhashes; i++)
		if (hash_of(pkg->hashes[i]) == a)
			return 1;
	return 0;
}

int native_check_hash_fd(const struct native_pkg *pkg, const char *path, int fd)
{
	const struct hash_algo *sha = hash_algo_find("sha256", 6);
	/* the algorithms the hashes name, sha256 first (always computed) */
	const struct hash_algo **algos = xcalloc(pkg->nhashes + 1, sizeof(*algos));
	struct strbuf *hex = NULL;
	size_t nalgos = 0;
	int ok = !pkg->nhashes, ret = 0;

	algos[nalgos++] = sha;
	for (size_t i = 0; i < pkg->nhashes; i++) {
		const struct hash_algo *a = hash_of(pkg->hashes[i]);
		size_t k = 0;

		while (a && k < nalgos && algos[k] != a)
			k++;
		if (a && k == nalgos)
			algos[nalgos++] = a;
	}
	hex = xcalloc(nalgos, sizeof(*hex));
	/* pip's rule: the file is good when one of its digests is one given */
	for (size_t k = 0; k < nalgos && !ret; k++) {
		strbuf_init(&hex[k]);
		if (hash_algo_fd_hex(algos[k], fd, &hex[k]))
			ret = error_errno("cannot read the wheel '%s' of %s", path, pkg->name);
		for (size_t i = 0; i < pkg->nhashes && !ret && !ok; i++) {
			const char *colon = strchr(pkg->hashes[i], ':');

			ok = hash_of(pkg->hashes[i]) == algos[k] && !strcasecmp(colon + 1, hex[k].buf);
		}
	}
	if (!ret && !ok) {
		error("the wheel '%s' of %s %s does not have the hash %s asks for", path, pkg->name, pkg->version,
		      pkg->where);
		for (size_t i = 0; i < pkg->nhashes; i++)
			hint("expected %s", pkg->hashes[i]);
		/* the digests in the algorithms asked for (sha256 when none is known) */
		for (size_t k = 0; k < nalgos; k++)
			if (k || nalgos == 1 || has_algo(pkg, sha))
				hint("     got %s:%s", hash_algo_name(algos[k]), hex[k].buf);
		ret = -1;
	}
	for (size_t k = 0; k < nalgos; k++)
		strbuf_release(&hex[k]);
	free(hex);
	free(algos);
	return ret;
}

int native_check_hash(const struct native_pkg *pkg, const char *path)
{
	const int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return error_errno("cannot read the wheel '%s' of %s", path, pkg->name);
	ret = native_check_hash_fd(pkg, path, fd);
	close(fd);
	return ret;
}

int native_choose(struct wheelhouse *h, struct native_plan *plan, struct strbuf *why, int *verdict)
{
	/* pip's hash-checking mode: --require-hashes, or a --hash anywhere */
	for (size_t i = 0; i < plan->n; i++)
		plan->require_hashes |= plan->v[i].nhashes > 0;
	for (size_t i = 0; i < plan->n; i++) {
		struct native_pkg *pkg = &plan->v[i];
		size_t unsupported;
		const struct house_wheel *w;

		if (plan->require_hashes && !pkg->nhashes) {
			error("%s: %s %s has no --hash, and hashes are required (--require-hashes, or a --hash "
			      "on another requirement)", pkg->where, pkg->name, pkg->version);
			return -1;
		}
		if (!pkg->wheel && !pkg->url) {
			w = native_best_wheel(h, pkg, &unsupported);
			if (!w && !plan->no_index && (plan->index_url || plan->nextra)) {
				pkg->need_index = 1; /* native_index_choose() looks */
				continue;
			}
			if (!w) {
				strbuf_addf(why, "%s: no wheel of %s %s %s in the --find-links directories",
					    pkg->where, pkg->name, pkg->version,
					    unsupported ? "supports this interpreter" : "is");
				*verdict = NATIVE_UNLOCKED;
				return 0;
			}
			pkg->wheel = xstrdup(w->path);
			free(pkg->name);
			pkg->name = xstrdup(w->name.name);
		} else if (pkg->wheel) {
			struct wheelname wn = WHEELNAME_INIT;
			long rank = -1;

			if (!wheelname_parse(pkg->wheel, &wn))
				rank = wheelname_rank(&wn, h->tags, h->ntags);
			wheelname_release(&wn);
			if (rank < 0) {
				strbuf_addf(why, "%s: '%s' is not a wheel this interpreter supports", pkg->where,
					    pkg->wheel);
				*verdict = NATIVE_NEEDS_PIP;
				return 0;
			}
		}
		/* a download is checked once it is here (native_fetch_checked) */
		if (pkg->wheel && native_check_hash(pkg, pkg->wheel))
			return -1;
	}
	*verdict = NATIVE_PLANNED;
	return 0;
}

/* The values of header key in the METADATA text (RFC 822 headers up to the
 * first empty line, continuation lines joined), in order. */
static size_t metadata_values(const char *text, const char *key, char ***out)
{
	const size_t klen = strlen(key);
	const char *line = text;
	size_t n = 0;

	*out = NULL;
	while (*line && *line != '\n' && strncmp(line, "\r\n", 2)) {
		const char *end = strchr(line, '\n');
		const char *next = end ? end + 1 : line + strlen(line);
		struct strbuf v = STRBUF_INIT;
		const int match = !strncasecmp(line, key, klen) && line[klen] == ':';

		if (match)
			strbuf_add(&v, line + klen + 1, (size_t)(next - line) - klen - 1);
		while (*next == ' ' || *next == '\t') {
			const char *e = strchr(next, '\n');
			const char *after = e ? e + 1 : next + strlen(next);

			if (match)
				strbuf_add(&v, next, (size_t)(after - next));
			next = after;
		}
		if (match) {
			while (v.len && isspace((unsigned char)v.buf[v.len - 1]))
				strbuf_setlen(&v, v.len - 1);
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = xstrdup(v.buf + strspn(v.buf, " \t"));
		}
		strbuf_release(&v);
		line = next;
	}
	return n;
}

static void free_values(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static struct native_pkg *find_pkg(struct native_plan *plan, const char *name)
{
	char *canonical = wheelname_canonical(name);
	struct native_pkg *found = NULL;

	for (size_t i = 0; i < plan->n && !found; i++)
		if (!strcmp(plan->v[i].canonical, canonical))
			found = &plan->v[i];
	free(canonical);
	return found;
}

/* Whether name (canonical) is in the extras the METADATA provides. */
static int provided(char *const *provides, size_t n, const char *name)
{
	int found = 0;

	for (size_t i = 0; i < n && !found; i++) {
		char *c = wheelname_canonical(provides[i]);

		found = !strcmp(c, name);
		free(c);
	}
	return found;
}

/* Whether the marker holds for env with no extra or one of pkg's extras
 * that its METADATA provides (pip drops the others, with a warning). */
static int dependency_wanted(const struct pep508 *req, const struct pep508_env *env,
			     const struct native_pkg *pkg, const char *meta, struct strbuf *why)
{
	char **provides;
	size_t n;
	int r;

	if (!req->marker)
		return 1;
	r = pep508_marker_eval(req->marker, env, NULL, why);
	n = metadata_values(meta, "Provides-Extra", &provides);
	for (size_t i = 0; r == 0 && i < pkg->nextras; i++)
		if (provided(provides, n, pkg->extras[i]))
			r = pep508_marker_eval(req->marker, env, pkg->extras[i], why);
	free_values(provides, n);
	return r;
}

/* One Requires-Dist of pkg: 0 (satisfied, or not wanted), 1 (changed: an
 * extra added to a dependency), or sets why and returns -1. */
static int check_dependency(struct native_plan *plan, const struct pep508_env *env, struct native_pkg *pkg,
			    const char *meta, const char *text, struct strbuf *why)
{
	struct pep508 req = PEP508_INIT;
	struct strbuf err = STRBUF_INIT;
	struct native_pkg *dep;
	int ret = -1, r, changed = 0;

	if (pep508_parse(text, &req, &err)) {
		strbuf_addf(why, "%s %s requires '%s', which pyvenv cannot read: %s", pkg->name, pkg->version, text,
			    err.buf);
		goto out;
	}
	r = dependency_wanted(&req, env, pkg, meta, &err);
	if (r <= 0) {
		if (r < 0)
			strbuf_addf(why, "%s %s requires '%s': %s", pkg->name, pkg->version, text, err.buf);
		ret = r;
		goto out;
	}
	dep = find_pkg(plan, req.name);
	if (!dep || req.url) {
		strbuf_addf(why, "%s %s requires '%s', which the requirements do not pin", pkg->name, pkg->version,
			    text);
		goto out;
	}
	strbuf_reset(&err);
	if (req.specifier && pep440_contains(req.specifier, dep->version, 1, &err) != 1) {
		strbuf_addf(why, "%s %s requires '%s', but %s is pinned at %s", pkg->name, pkg->version, text,
			    dep->name, dep->version);
		goto out;
	}
	for (size_t i = 0; i < req.nextras; i++)
		changed |= native_pkg_add_extra(dep, req.extras[i]);
	ret = changed;
out:
	pep508_release(&req);
	strbuf_release(&err);
	return ret;
}

static int check_requires_python(const struct pyinfo *py, const struct native_pkg *pkg, const char *meta,
				 struct strbuf *why)
{
	char **v;
	const size_t n = metadata_values(meta, "Requires-Python", &v);
	struct strbuf err = STRBUF_INIT;
	int ok = 1;

	for (size_t i = 0; i < n && ok; i++)
		ok = pep440_contains(v[i], py->version, 1, &err) == 1;
	if (!ok)
		strbuf_addf(why, "%s %s requires Python '%s', not %s", pkg->name, pkg->version, v[0], py->version);
	free_values(v, n);
	strbuf_release(&err);
	return ok ? 0 : -1;
}

int native_closure(const struct pyinfo *py, const struct pep508_env *env, struct native_plan *plan,
		   struct strbuf *why, int *verdict)
{
	struct strbuf *meta = xcalloc(plan->n, sizeof(*meta));
	int changed = 1, ret = 0;

	*verdict = NATIVE_PLANNED;
	for (size_t i = 0; i < plan->n; i++)
		strbuf_init(&meta[i]);
	for (size_t i = 0; i < plan->n && !ret; i++) {
		ret = wheel_read_metadata(plan->v[i].wheel, &meta[i]);
		if (!ret && check_requires_python(py, &plan->v[i], meta[i].buf, why))
			*verdict = NATIVE_UNLOCKED;
	}
	/* Extras of dependencies widen what their own requirements ask: go
	 * round until nothing is added. */
	while (!ret && changed && *verdict == NATIVE_PLANNED) {
		changed = 0;
		for (size_t i = 0; i < plan->n && *verdict == NATIVE_PLANNED; i++) {
			char **deps;
			const size_t n = metadata_values(meta[i].buf, "Requires-Dist", &deps);

			for (size_t k = 0; k < n && *verdict == NATIVE_PLANNED; k++) {
				const int r = check_dependency(plan, env, &plan->v[i], meta[i].buf, deps[k], why);

				if (r < 0)
					*verdict = NATIVE_UNLOCKED;
				changed |= r > 0;
			}
			free_values(deps, n);
		}
	}
	for (size_t i = 0; i < plan->n; i++)
		strbuf_release(&meta[i]);
	free(meta);
	return ret;
}
