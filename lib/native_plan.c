/*
 * native_plan: a locked set, read from requirement files and --package
 * values, its wheels chosen and its closure checked.
 */
#include "native.h"
#include "native_int.h"

#include "fsutil.h"
#include "inputs.h"
#include "msg.h"
#include "pep440.h"
#include "pep508.h"
#include "probe.h"
#include "pylock.h"
#include "reqfile.h"
#include "wheelname.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_NESTING 32

struct planner {
	const struct pyinfo *py;
	struct pep508_env env;
	const char *cwd;
	struct native_plan *plan;
	struct wheelhouse house;
	struct strbuf *why;
	int verdict;
	int lock_files;   /* PEP 751 lock files among the -r files */
};

/* The first reason wins: it names the first requirement that needs it. */
static void set_verdict(struct planner *p, enum native_verdict v, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void set_verdict(struct planner *p, enum native_verdict v, const char *fmt, ...)
{
	va_list ap;

	if (p->verdict == NATIVE_NEEDS_PIP || (p->verdict == (int)v && p->why->len))
		return;
	strbuf_reset(p->why);
	va_start(ap, fmt);
	strbuf_vaddf(p->why, fmt, ap);
	va_end(ap);
	p->verdict = (int)v;
}

static void add_hashes(struct native_pkg *pkg, char *const *hashes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pkg->hashes = xrealloc(pkg->hashes, (pkg->nhashes + 1) * sizeof(*pkg->hashes));
		pkg->hashes[pkg->nhashes++] = xstrdup(hashes[i]);
	}
}

/* A pinned name: one "==V" (no wildcard) or "===V". */
static const char *pinned_version(const char *specifier)
{
	if (!specifier || strchr(specifier, ','))
		return NULL;
	while (*specifier == ' ')
		specifier++;
	if (!strncmp(specifier, "===", 3))
		return specifier + 3;
	if (strncmp(specifier, "==", 2) || strchr(specifier, '*'))
		return NULL;
	return specifier + 2;
}

static int marker_true(struct planner *p, const char *marker, const char *where)
{
	struct strbuf why = STRBUF_INIT;
	int r;

	if (!marker)
		return 1;
	r = pep508_marker_eval(marker, &p->env, NULL, &why);
	if (r < 0)
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: the marker '%s' cannot be evaluated: %s", where, marker, why.buf);
	strbuf_release(&why);
	return r > 0;
}

/* A requirement by name: "name[extras]==V ; marker". */
static void add_named(struct planner *p, const char *text, const char *where, char *const *hashes, size_t nhashes)
{
	struct pep508 req = PEP508_INIT;
	struct strbuf why = STRBUF_INIT;
	const char *version;
	struct native_pkg *pkg;

	if (pep508_parse(text, &req, &why)) {
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: '%s' is not a requirement pyvenv reads: %s", where, text, why.buf);
		goto out;
	}
	if (!marker_true(p, req.marker, where))
		goto out;
	native_plan_spell(p->plan, req.name);
	version = pinned_version(req.specifier);
	if (req.url || !version) {
		set_verdict(p, NATIVE_UNLOCKED, "%s: '%s' is not pinned with ==", where, text);
		goto out;
	}
	pkg = native_plan_add(p->plan, req.name, version, where);
	if (!pkg) {
		set_verdict(p, NATIVE_UNLOCKED, "%s: '%s' is pinned twice, at different versions", where, req.name);
		goto out;
	}
	pkg->requested = 1;
	for (size_t i = 0; i < req.nextras; i++)
		native_pkg_add_extra(pkg, req.extras[i]);
	add_hashes(pkg, hashes, nhashes);
out:
	pep508_release(&req);
	strbuf_release(&why);
}

/* A wheel named by its path (or file: URL). */
static void add_wheel_file(struct planner *p, const struct reqref *r, const char *where, char *const *hashes,
			   size_t nhashes)
{
	struct wheelname wn = WHEELNAME_INIT;
	struct native_pkg *pkg;

	if (r->markers && !marker_true(p, r->markers, where))
		return;
	if (wheelname_parse(r->path, &wn)) {
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: '%s' is not a wheel", where, r->path);
		return;
	}
	/* pip names a wheel file's requirement as the file does, '_' as '-' */
	native_plan_spell(p->plan, wn.name);
	pkg = native_plan_add(p->plan, wn.name, wn.version, where);
	if (!pkg) {
		set_verdict(p, NATIVE_UNLOCKED, "%s: '%s' is pinned twice, at different versions", where, wn.name);
	} else {
		pkg->requested = 1;
		pkg->wheel = xstrdup(r->path);
		pkg->direct_url = native_direct_url(p->py, r->url, r->path, NULL);
		add_hashes(pkg, hashes, nhashes);
	}
	wheelname_release(&wn);
}

static void add_reference(struct planner *p, const struct reqref *r, const char *text, const char *where,
			  char *const *hashes, size_t nhashes)
{
	const size_t len = r->path ? strlen(r->path) : 0;

	if (r->kind == REQREF_NAME)
		add_named(p, text, where, hashes, nhashes);
	else if (r->kind == REQREF_LOCAL_FILE && len > 4 && !strcmp(r->path + len - 4, ".whl"))
		add_wheel_file(p, r, where, hashes, nhashes);
	else if (r->kind == REQREF_LOCAL_DIR)
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: '%s' is a directory, which pip builds", where, text);
	else if (r->kind == REQREF_LOCAL_FILE)
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: '%s' is a source archive, which pip builds", where, text);
	else
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: '%s' is a URL, which pip downloads", where, text);
}

static const char *getvar(const char *name, void *data)
{
	(void)data;
	return getenv(name);
}

static int plan_file(struct planner *p, const char *path, int depth);

static int plan_line(struct planner *p, const char *path, const struct reqfile_line *line, int depth)
{
	struct reqref r = REQREF_INIT;
	char *where = xstrfmt("%s:%zu", path, line->lineno);
	int ret = 0, rc = reqfile_resolve(line, path, p->cwd, &r);

	if (rc < 0) {
		ret = -1;
	} else if (line->kind == REQFILE_OPTION) {
		if (!strcmp(line->longopt, "--require-hashes"))
			p->plan->require_hashes = 1;
		else if (!strcmp(line->longopt, "--no-binary"))
			set_verdict(p, NATIVE_NEEDS_PIP, "%s: --no-binary asks pip to build from source", where);
	} else if (rc > 0) {
		if (line->kind == REQFILE_INDEX && !strcmp(line->longopt, "--no-index"))
			p->plan->no_index = 1;
		else if (line->kind == REQFILE_INDEX)
			native_index_option(p->plan, line->longopt, line->value);
	} else if (line->kind == REQFILE_REQUIREMENTS) {
		if (r.kind != REQREF_LOCAL_FILE)
			set_verdict(p, NATIVE_NEEDS_PIP, "%s: the requirements file '%s' is a URL", where, line->value);
		else if (depth >= MAX_NESTING)
			ret = error("'%s' nests requirement files more than %d deep", path, MAX_NESTING);
		else
			ret = plan_file(p, r.path, depth + 1);
	} else if (line->kind == REQFILE_CONSTRAINTS) {
		set_verdict(p, NATIVE_UNLOCKED, "%s: constraints files are pip's resolver's to apply", where);
	} else if (line->kind == REQFILE_FIND_LINKS) {
		if (r.kind == REQREF_LOCAL_DIR)
			wheelhouse_add_dir(&p->house, r.path);
		else
			set_verdict(p, NATIVE_UNLOCKED, "%s: --find-links '%s' is not a local directory", where,
				    line->value);
	} else if (line->kind == REQFILE_EDITABLE) {
		set_verdict(p, NATIVE_NEEDS_PIP, "%s: editable requirements are pip's to install", where);
	} else {
		add_reference(p, &r, line->value, where, line->hashes, line->nhashes);
	}
	reqref_release(&r);
	free(where);
	return ret;
}

static int plan_file(struct planner *p, const char *path, int depth)
{
	struct strbuf sb = STRBUF_INIT;
	struct reqfile rf = REQFILE_INIT;
	int ret = 0;

	if (strbuf_read_file_max(&sb, path, INPUTS_MAX_REQUIREMENTS) < 0)
		ret = error_errno("cannot read the requirements file '%s'", path);
	else
		ret = reqfile_parse(sb.buf, sb.len, path, getvar, NULL, &rf);
	for (size_t i = 0; i < rf.n && !ret; i++)
		ret = plan_line(p, path, &rf.v[i], depth);
	reqfile_release(&rf);
	strbuf_release(&sb);
	return ret;
}

/* pip options the plan follows; any other makes the set pip's. */
static void plan_pip_args(struct planner *p, const struct string_list *args)
{
	static const char *const harmless[] = {
		"--no-index", "--pre", "--prefer-binary", "--no-cache-dir", "--disable-pip-version-check",
		"--no-color", "-q", "--quiet", "-v", "--verbose", "--no-build-isolation", "--no-compile",
		"-U", "--upgrade", "-I", "--ignore-installed", "--force-reinstall", "--isolated",
		"--no-warn-script-location", "--no-input",
	};
	static const char *const valued[] = {
		"--find-links", "-f", "--index-url", "-i", "--extra-index-url", "--only-binary",
		"--trusted-host", "--progress-bar", "--timeout", "--retries", "--cert", "--proxy",
		"--use-feature", "--cache-dir",
	};

	for (size_t i = 0; i < args->n; i++) {
		const char *a = args->v[i];
		int known = 0;

		for (size_t k = 0; k < sizeof(harmless) / sizeof(*harmless) && !known; k++)
			known = !strcmp(a, harmless[k]);
		for (size_t k = 0; k < sizeof(valued) / sizeof(*valued) && !known; k++) {
			const size_t n = strlen(valued[k]);
			const char *value = NULL;

			if (!strcmp(a, valued[k])) {
				known = 1;
				value = i + 1 < args->n ? args->v[++i] : NULL;
			} else {
				known = !strncmp(a, valued[k], n) && (a[n] == '=' || (valued[k][1] != '-' && a[n]));
				value = known ? a + n + (a[n] == '=') : NULL;
			}
			if (value && (!strcmp(valued[k], "--index-url") || !strcmp(valued[k], "-i")))
				native_index_option(p->plan, "--index-url", value);
			else if (value && !strcmp(valued[k], "--extra-index-url"))
				native_index_option(p->plan, "--extra-index-url", value);
		}
		if (!strcmp(a, "--no-index"))
			p->plan->no_index = 1;
		if (!strcmp(a, "--require-hashes"))
			known = p->plan->require_hashes = 1;
		else if (!strcmp(a, "--no-deps"))
			known = p->plan->no_deps = 1;
		if (!known && (!strncmp(a, "-c", 2) || !strncmp(a, "--constraint", 12)))
			set_verdict(p, NATIVE_UNLOCKED, "--pip-arg '%s': constraints are pip's resolver's to apply", a);
		else if (!known)
			set_verdict(p, NATIVE_NEEDS_PIP, "--pip-arg '%s' is an option pyvenv leaves to pip", a);
	}
}

static void find_links_dir(const char *dir, void *data)
{
	struct planner *p = data;
	char *abs = fs_abspath(dir);

	if (abs)
		wheelhouse_add_dir(&p->house, abs);
	free(abs);
}

/* A PIP_* flag variable as pip reads it: set, and not 0, false, no or off. */
static int env_true(const char *name)
{
	const char *v = getenv(name);

	return v && strcasecmp(v, "0") && strcasecmp(v, "false") && strcasecmp(v, "no") && strcasecmp(v, "off");
}

/* pip's environment variables that change what it installs. */
static void plan_pip_environment(struct planner *p)
{
	if (getenv("PIP_NO_BINARY"))
		set_verdict(p, NATIVE_NEEDS_PIP, "PIP_NO_BINARY asks pip to build from source");
	if (getenv("PIP_CONSTRAINT"))
		set_verdict(p, NATIVE_UNLOCKED, "PIP_CONSTRAINT is pip's resolver's to apply");
	if (getenv("PIP_REQUIRE_HASHES"))
		p->plan->require_hashes = 1;
	if (getenv("PIP_NO_DEPS"))
		p->plan->no_deps = 1;
	if (env_true("PIP_NO_INDEX"))
		p->plan->no_index = 1;
	for (const char *const *v = (const char *const[]){ "PIP_TARGET", "PIP_PREFIX", "PIP_ROOT", "PIP_USER",
							    "PIP_EDITABLE", "PIP_REQUIREMENT", NULL };
	     *v; v++)
		if (getenv(*v))
			set_verdict(p, NATIVE_NEEDS_PIP, "%s is set: pyvenv leaves that to pip", *v);
}

int native_plan_locked(const struct pyinfo *py, const struct venv_opts *o, const char *cwd,
		       struct native_plan *plan, struct strbuf *why)
{
	struct planner p = { .py = py, .cwd = cwd, .plan = plan, .why = why };
	int ret = 0;

	pyinfo_marker_env(py, &p.env);
	wheelhouse_init(&p.house, py);
	native_index_env(plan);
	plan_pip_args(&p, &o->pip_args);
	plan_pip_environment(&p);
	inputs_find_links(&o->pip_args, find_links_dir, &p);
	for (size_t i = 0; i < o->requirements.n && !ret; i++) {
		if (pylock_is_lock_name(o->requirements.v[i])) {
			p.lock_files++;
			ret = native_plan_pylock(py, &p.env, o->requirements.v[i], plan);
		} else {
			ret = plan_file(&p, o->requirements.v[i], 0);
		}
	}
	for (size_t i = 0; i < o->packages.n && !ret; i++) {
		struct reqref r = REQREF_INIT;

		ret = reqref_classify(o->packages.v[i], cwd, "--package", &r);
		if (!ret)
			add_reference(&p, &r, o->packages.v[i], "--package", NULL, 0);
		reqref_release(&r);
	}
	if (!ret && p.verdict == NATIVE_PLANNED && !plan->n)
		set_verdict(&p, NATIVE_UNLOCKED, "no requirement names a distribution");
	if (!ret && p.verdict == NATIVE_PLANNED)
		ret = native_choose(&p.house, plan, why, &p.verdict);
	if (!ret && p.verdict == NATIVE_PLANNED)
		ret = native_index_choose(&p.house, py, plan, why, &p.verdict);
	if (!ret && p.verdict == NATIVE_PLANNED)
		ret = native_fetch_checked(plan, o->cache_dir);
	if (!ret && p.verdict == NATIVE_PLANNED && !plan->no_deps)
		ret = native_closure(py, &p.env, plan, why, &p.verdict);
	wheelhouse_release(&p.house);
	if (!ret && p.lock_files && p.verdict != NATIVE_PLANNED) {
		/* pip cannot install from a lock file: nothing to fall back to */
		error("cannot install the lock file with the rest of the requirements: %s", why->buf);
		ret = -1;
	}
	if (ret || p.verdict != NATIVE_PLANNED)
		native_plan_release_packages(plan);
	/* Resolving against the default index (PyPI) is pip's: a dry run
	 * would read it too. One named (--index-url...) is resolved against
	 * by a dry run, whose choices pyvenv downloads. */
	if (!ret && p.verdict == NATIVE_UNLOCKED && !plan->no_index && !plan->index_url) {
		strbuf_addstr(why, "; without --no-index or --index-url, pip may download from PyPI");
		p.verdict = NATIVE_NEEDS_PIP;
	}
	return ret ? -1 : p.verdict;
}
