/*
 * native_pylock: a PEP 751 lock file (pylock.toml) as a plan. A lock file
 * is locked by definition: every package it selects for the interpreter
 * (its marker, its requires-python) is installed from the best of its
 * wheels that has a `path`, or an http(s) `url` (downloaded as index files
 * are), by the interpreter's tags, its hashes always checked. pip cannot
 * install from a lock file, so what needs a build is an error, never a
 * fallback.
 */
#include "native_int.h"

#include "fsutil.h"
#include "msg.h"
#include "pep440.h"
#include "pep508.h"
#include "probe.h"
#include "pylock.h"
#include "toml.h"

#include <stdlib.h>
#include <string.h>

/* Whether a wheel's url is one pyvenv downloads (http or https). */
static int downloadable(const struct pylock_wheel *w)
{
	return w->url && (!strncmp(w->url, "http://", 7) || !strncmp(w->url, "https://", 8));
}

/* The best wheel with a path, or an http(s) url, for the interpreter's
 * tags (of two of one rank, the one with a path), or NULL. */
static const struct pylock_wheel *best_wheel(const struct pylock_package *pkg, const char *const *tags,
					     size_t ntags)
{
	const struct pylock_wheel *best = NULL;
	long best_rank = -1;

	for (size_t i = 0; i < pkg->nwheels; i++) {
		const struct pylock_wheel *w = &pkg->wheels[i];
		struct wheelname wn = WHEELNAME_INIT;
		long rank = -1;

		if ((!w->path && !downloadable(w)) || !w->name || wheelname_parse(w->name, &wn))
			continue;
		rank = wheelname_rank(&wn, tags, ntags);
		wheelname_release(&wn);
		if (rank >= 0 && (!best || rank < best_rank || (rank == best_rank && w->path && !best->path))) {
			best = w;
			best_rank = rank;
		}
	}
	return best;
}

static int selected(const struct pylock_package *pkg, const struct pyinfo *py, const struct pep508_env *env,
		    const char *where)
{
	struct strbuf why = STRBUF_INIT;
	int r = 1;

	if (pkg->marker && (r = pep508_marker_eval(pkg->marker, env, NULL, &why)) < 0)
		error("%s: the marker '%s' cannot be evaluated: %s", where, pkg->marker, why.buf);
	if (r > 0 && pkg->requires_python && (r = pep440_contains(pkg->requires_python, py->version, 1, &why)) < 0)
		error("%s: requires-python '%s' is not a specifier: %s", where, pkg->requires_python, why.buf);
	strbuf_release(&why);
	return r;
}

static int add_package(struct native_plan *plan, const struct pylock_package *pkg, const char *dir,
		       const char *const *tags, size_t ntags, const char *where)
{
	const struct pylock_wheel *w;
	struct native_pkg *np;
	struct wheelname wn = WHEELNAME_INIT;

	if (pkg->source != PYLOCK_WHEELS)
		return error("%s: %s is %s, which pyvenv does not build, and pip cannot install from a lock file",
			     where, pkg->name,
			     pkg->source == PYLOCK_SDIST ? "an sdist" : pkg->source == PYLOCK_VCS ? "a VCS checkout"
				     : pkg->source == PYLOCK_DIRECTORY ? "a directory" : "an archive");
	w = best_wheel(pkg, tags, ntags);
	if (!w) {
		error("%s: no wheel of %s with a path or an http(s) url supports this interpreter", where,
		      pkg->name);
		return -1;
	}
	if (wheelname_parse(w->name, &wn))
		return error("%s: '%s' is not a wheel's file name", where, w->name);
	np = native_plan_add(plan, pkg->name, pkg->version ? pkg->version : wn.version, where);
	wheelname_release(&wn);
	if (!np)
		return error("%s: %s is locked twice, at different versions", where, pkg->name);
	np->requested = 1;
	if (w->path) {
		np->wheel = w->path[0] == '/' ? xstrdup(w->path) : fs_join(dir, w->path);
	} else {
		/* downloaded (native_fetch), then checked against its hashes */
		np->url = xstrdup(w->url);
		np->filename = xstrdup(w->name);
	}
	for (size_t i = 0; i < w->nhashes; i++) {
		np->hashes = xrealloc(np->hashes, (np->nhashes + 1) * sizeof(*np->hashes));
		np->hashes[np->nhashes++] = xstrfmt("%s:%s", w->hashes[i].algorithm, w->hashes[i].hex);
		if (!w->path && !strcmp(w->hashes[i].algorithm, "sha256") && !np->url_sha256)
			np->url_sha256 = xstrdup(w->hashes[i].hex);
	}
	return 0;
}

static int any_environment(const struct pylock *lock, const struct pep508_env *env)
{
	struct strbuf why = STRBUF_INIT;
	int found = 0;

	for (size_t i = 0; i < lock->nenvironments && !found; i++)
		found = pep508_marker_eval(lock->environments[i], env, NULL, &why) > 0;
	strbuf_release(&why);
	return found;
}

int native_plan_pylock(const struct pyinfo *py, const struct pep508_env *env, const char *path,
		       struct native_plan *plan)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	struct pylock lock = PYLOCK_INIT;
	const char **tags;
	const size_t ntags = pyinfo_tags(py, &tags);
	char *abs = fs_abspath(path), *dir = abs ? fs_dirname(abs) : NULL;
	int ret = -1;

	if (!dir)
		goto out;
	if (strbuf_read_file_max(&text, path, TOML_MAX_SIZE) < 0) {
		error_errno("cannot read the lock file '%s'", path);
		goto out;
	}
	if (pylock_parse(text.buf, text.len, path, &lock, &why)) {
		error("%s", why.buf);
		goto out;
	}
	if (lock.requires_python && pep440_contains(lock.requires_python, py->version, 1, &why) != 1) {
		error("'%s' is for Python %s, not %s", path, lock.requires_python, py->version);
		goto out;
	}
	if (lock.nenvironments && !any_environment(&lock, env)) {
		error("'%s' is for other environments than this interpreter's", path);
		for (size_t i = 0; i < lock.nenvironments; i++)
			hint("it lists: %s", lock.environments[i]);
		goto out;
	}
	ret = 0;
	for (size_t i = 0; i < lock.npackages && !ret; i++) {
		const struct pylock_package *pkg = &lock.packages[i];
		char *where = xstrfmt("%s:%zu", path, pkg->line);
		const int r = selected(pkg, py, env, where);

		if (r < 0)
			ret = -1;
		else if (r > 0)
			ret = add_package(plan, pkg, dir, tags, ntags, where);
		free(where);
	}
	plan->require_hashes = 1;
out:
	pylock_release(&lock);
	strbuf_release(&text);
	strbuf_release(&why);
	free(tags);
	free(abs);
	free(dir);
	return ret;
}
