/*
 * native: plans' bookkeeping, pip's report read into a plan, and the
 * installation itself.
 */
#include "native.h"
#include "native_int.h"

#include "fsutil.h"
#include "hash.h"
#include "interrupt.h"
#include "msg.h"
#include "pep440.h"
#include "pep508.h"
#include "probe.h"
#include "pylock.h"
#include "pyurl.h"
#include "record.h"
#include "wheelname.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const installer_names[] = { "auto", "native", "pip" };

int installer_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(installer_names) / sizeof(*installer_names); i++)
		if (!strcmp(s, installer_names[i]))
			return (int)i;
	return -1;
}

const char *installer_name(enum installer installer)
{
	return installer_names[installer];
}

int native_same_version(const char *a, const char *b)
{
	struct pep440_version va, vb;

	if (!pep440_parse(a, &va) && !pep440_parse(b, &vb))
		return !pep440_cmp(&va, &vb);
	return !strcasecmp(a, b);
}

struct native_pkg *native_plan_add(struct native_plan *plan, const char *name, const char *version,
				   const char *where)
{
	char *canonical = wheelname_canonical(name);
	struct native_pkg *pkg;

	for (size_t i = 0; i < plan->n; i++) {
		if (strcmp(plan->v[i].canonical, canonical))
			continue;
		free(canonical);
		return native_same_version(plan->v[i].version, version) ? &plan->v[i] : NULL;
	}
	if (plan->n == plan->alloc) {
		plan->alloc = plan->alloc ? 2 * plan->alloc : 16;
		plan->v = xrealloc(plan->v, plan->alloc * sizeof(*plan->v));
	}
	pkg = &plan->v[plan->n++];
	memset(pkg, 0, sizeof(*pkg));
	pkg->name = xstrdup(name);
	pkg->req_name = xstrdup(name);
	pkg->canonical = canonical;
	pkg->version = xstrdup(version);
	pkg->where = xstrdup(where);
	return pkg;
}

void native_plan_spell(struct native_plan *plan, const char *name)
{
	plan->spelled = xrealloc(plan->spelled, (plan->nspelled + 1) * sizeof(*plan->spelled));
	plan->spelled[plan->nspelled++] = xstrdup(name);
}

const char *native_plan_spelling(const struct native_plan *plan, const char *canonical)
{
	const char *found = NULL;

	for (size_t i = 0; i < plan->nspelled && !found; i++) {
		char *c = wheelname_canonical(plan->spelled[i]);

		if (!strcmp(c, canonical))
			found = plan->spelled[i];
		free(c);
	}
	return found;
}

int native_pkg_add_extra(struct native_pkg *pkg, const char *extra)
{
	char *canonical = wheelname_canonical(extra);

	for (size_t i = 0; i < pkg->nextras; i++) {
		if (!strcmp(pkg->extras[i], canonical)) {
			free(canonical);
			return 0;
		}
	}
	pkg->extras = xrealloc(pkg->extras, (pkg->nextras + 1) * sizeof(*pkg->extras));
	pkg->extras[pkg->nextras++] = canonical;
	return 1;
}

/* pathname2url(): '/' and the unreserved characters kept, the rest %XX. */
static char *file_url(const char *path)
{
	struct strbuf url = STRBUF_INIT;

	strbuf_addstr(&url, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/_.-~", *p))
			strbuf_addch(&url, *p);
		else
			strbuf_addf(&url, "%%%02X", *p);
	}
	return strbuf_detach(&url);
}

int native_pip_hashes_files(const struct pyinfo *py)
{
	struct pep440_version v, first;

	for (size_t i = 0; i < py->nwheels; i++)
		if (!strcmp(py->wheels[i].name, "pip") && !pep440_parse(py->wheels[i].version, &v) &&
		    !pep440_parse("23.1", &first))
			return pep440_cmp(&v, &first) >= 0;
	return 1;
}

/* The digest a URL's fragment gives ("#sha256=..." or "&sha256=...", as
 * pip's Link reads it), as "name=value", or NULL. */
static char *fragment_hash(const char *frag)
{
	static const char *const names[] = { "sha1", "sha224", "sha384", "sha256", "sha512", "md5" };

	for (const char *p = frag; p && *p; p = strchr(p + 1, '&')) {
		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
			const size_t n = strlen(names[i]);

			if (!strncmp(p + 1, names[i], n) && p[1 + n] == '=')
				return xstrndup(p + 1, n + 1 + strcspn(p + 2 + n, "&"));
		}
	}
	return NULL;
}

char *native_direct_url(const struct pyinfo *py, const char *url, const char *path, const char *sha256_hex)
{
	json_t *info = json_object(), *hashes = json_object(), *root = json_object();
	char hex[65];
	char *text, *u = url ? xstrdup(url) : file_url(path), *hash;
	char *frag = strchr(u, '#');
	char *link_hash = fragment_hash(frag);

	if (frag)
		*frag = '\0';
	if (link_hash || !native_pip_hashes_files(py)) {
		/* the URL's own digest; pip before 23.1 records no other */
		if (link_hash) {
			char *eq = strchr(link_hash, '=');

			json_object_set_new(info, "hash", json_string(link_hash));
			*eq = '\0';
			json_object_set_new(hashes, link_hash, json_string(eq + 1));
			json_object_set_new(info, "hashes", hashes);
		} else {
			json_decref(hashes);
		}
		json_object_set_new(root, "archive_info", info);
		json_object_set_new(root, "url", json_string(u));
		text = json_dumps(root, JSON_SORT_KEYS | JSON_ENSURE_ASCII);
		json_decref(root);
		free(link_hash);
		free(u);
		return text;
	}
	if (!sha256_hex) {
		unsigned char digest[HASH_LEN];
		struct strbuf sb = STRBUF_INIT;

		memset(hex, 0, sizeof(hex));
		if (!hash_file(path, digest)) {
			hash_hex(&sb, digest, HASH_LEN);
			memcpy(hex, sb.buf, 64);
		}
		strbuf_release(&sb);
		sha256_hex = hex;
	}
	hash = xstrfmt("sha256=%s", sha256_hex);
	json_object_set_new(hashes, "sha256", json_string(sha256_hex));
	json_object_set_new(info, "hash", json_string(hash));
	json_object_set_new(info, "hashes", hashes);
	json_object_set_new(root, "archive_info", info);
	json_object_set_new(root, "url", json_string(u));
	text = json_dumps(root, JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(root);
	free(hash);
	free(u);
	return text;
}

void native_plan_release(struct native_plan *plan)
{
	native_plan_release_packages(plan);
	for (size_t i = 0; i < plan->nspelled; i++)
		free(plan->spelled[i]);
	free(plan->spelled);
	free(plan->index_url);
	for (size_t i = 0; i < plan->nextra; i++)
		free(plan->extra_index_urls[i]);
	free(plan->extra_index_urls);
	if (plan->download_tmp)
		fs_remove_tree(plan->download_tmp);
	free(plan->download_tmp);
	memset(plan, 0, sizeof(*plan));
}

void native_plan_release_packages(struct native_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		struct native_pkg *pkg = &plan->v[i];

		free(pkg->name);
		free(pkg->req_name);
		free(pkg->canonical);
		free(pkg->version);
		free(pkg->wheel);
		for (size_t k = 0; k < pkg->nextras; k++)
			free(pkg->extras[k]);
		free(pkg->extras);
		for (size_t k = 0; k < pkg->nhashes; k++)
			free(pkg->hashes[k]);
		free(pkg->hashes);
		free(pkg->direct_url);
		free(pkg->where);
		free(pkg->url);
		free(pkg->url_sha256);
		free(pkg->filename);
	}
	free(plan->v);
	plan->v = NULL;
	plan->n = plan->alloc = 0;
	plan->require_hashes = plan->no_deps = 0;
}

/* --- pip's report ---------------------------------------------------------- */

/* The file name a wheel's http(s) URL ends in (percent-decoded), or NULL
 * when it is none a file may have. */
static char *remote_wheel_name(const char *url)
{
	const size_t end = strcspn(url, "?#");
	size_t start = end;
	struct strbuf name = STRBUF_INIT;

	while (start && url[start - 1] != '/')
		start--;
	for (size_t i = start; i < end; i++) {
		unsigned int c;

		if (url[i] == '%' && i + 2 < end && sscanf(url + i + 1, "%2x", &c) == 1) {
			strbuf_addch(&name, (int)c);
			i += 2;
		} else {
			strbuf_addch(&name, url[i]);
		}
	}
	if (!name.len || name.buf[0] == '.' || strchr(name.buf, '/') || strlen(name.buf) != name.len) {
		strbuf_release(&name);
		return NULL;
	}
	return strbuf_detach(&name);
}

static int report_item(const struct pyinfo *py, struct native_plan *plan, const json_t *item, size_t i,
		       struct strbuf *why)
{
	const json_t *info = json_object_get(item, "download_info");
	const json_t *meta = json_object_get(item, "metadata");
	const char *url = json_string_value(json_object_get(info, "url"));
	const char *name = json_string_value(json_object_get(meta, "name"));
	const char *version = json_string_value(json_object_get(meta, "version"));
	const char *sha = json_string_value(json_object_get(json_object_get(json_object_get(info, "archive_info"),
									      "hashes"), "sha256"));
	const char *why_url = NULL;
	char *path = NULL, *where;
	struct native_pkg *pkg;
	size_t len;
	int remote;

	if (!url || !name || !version)
		return error("pip's report has an install item (%zu) without a URL, name or version", i);
	remote = !strncmp(url, "http://", 7) || !strncmp(url, "https://", 8);
	if (remote && json_object_get(info, "archive_info"))
		path = remote_wheel_name(url);
	else if (json_object_get(info, "archive_info") && !strncmp(url, "file:", 5))
		path = pyurl_to_path(url, &why_url);
	if (!path || (len = strlen(path)) < 5 || strcmp(path + len - 4, ".whl")) {
		strbuf_addf(why, "pip chose %s %s from '%s', which is not a wheel", name, version, url);
		free(path);
		return 1;
	}
	where = xstrfmt("pip's choice of %s", name);
	pkg = native_plan_add(plan, name, version, where);
	free(where);
	if (!pkg) {
		free(path);
		return error("pip's report names %s twice", name);
	}
	if (remote) {
		pkg->url = xstrndup(url, strcspn(url, "#"));
		pkg->filename = path;
		pkg->url_sha256 = sha ? xstrdup(sha) : NULL;
	} else {
		pkg->wheel = path;
	}
	pkg->requested = json_is_true(json_object_get(item, "requested"));
	if (sha) {
		char *h = xstrfmt("sha256:%s", sha);

		pkg->hashes = xcalloc(1, sizeof(*pkg->hashes));
		pkg->hashes[pkg->nhashes++] = h;
	}
	/* pip 23.1 and later record what they report; older ones only the
	 * digest the URL gave, which is the one their report has "hashes" for
	 * (a digest of the file they computed comes as "hash" alone) */
	if (json_is_true(json_object_get(item, "is_direct")) && remote)
		pkg->direct_url = json_dumps(info, JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	else if (json_is_true(json_object_get(item, "is_direct")))
		pkg->direct_url = native_pip_hashes_files(py) ||
					  json_object_get(json_object_get(info, "archive_info"), "hashes")
				  ? json_dumps(info, JSON_SORT_KEYS | JSON_ENSURE_ASCII)
				  : native_direct_url(py, url, path, NULL);
	return 0;
}

/* The name pip gives a distribution it chose (its headers directory): the
 * requirements' spelling, else that of the first Requires-Dist in the
 * report that names it (pip takes the first requirement that led to it,
 * in its resolver's order, which the report's is close to), else the
 * metadata's. */
static void name_as_pip(const struct native_plan *plan, struct native_pkg *pkg, const json_t *install)
{
	const char *spelled = native_plan_spelling(plan, pkg->canonical);
	char *found = NULL;

	for (size_t i = 0; !spelled && !found && i < json_array_size(install); i++) {
		const json_t *reqs = json_object_get(json_object_get(json_array_get(install, i), "metadata"),
						     "requires_dist");

		for (size_t k = 0; !found && k < json_array_size(reqs); k++) {
			const char *text = json_string_value(json_array_get(reqs, k));
			struct pep508 req = PEP508_INIT;
			struct strbuf err = STRBUF_INIT;
			char *c;

			if (text && !pep508_parse(text, &req, &err)) {
				c = wheelname_canonical(req.name);
				if (!strcmp(c, pkg->canonical))
					found = xstrdup(req.name);
				free(c);
			}
			pep508_release(&req);
			strbuf_release(&err);
		}
	}
	if (spelled || found) {
		free(pkg->req_name);
		pkg->req_name = found ? found : xstrdup(spelled);
	}
}

int native_plan_report(const struct pyinfo *py, const char *text, struct native_plan *plan, const char *cache_dir,
		       struct strbuf *why)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	const json_t *install = json_object_get(root, "install");
	int ret = 0;

	if (!root || !json_is_array(install)) {
		json_decref(root);
		return error("cannot read pip's report: %s", root ? "it has no install list" : err.text);
	}
	for (size_t i = 0; i < json_array_size(install) && !ret; i++)
		ret = report_item(py, plan, json_array_get(install, i), i, why);
	for (size_t i = 0; i < plan->n && !ret; i++)
		name_as_pip(plan, &plan->v[i], install);
	json_decref(root);
	for (size_t i = 0; i < plan->n && !ret; i++)
		if (plan->v[i].wheel)
			ret = native_check_hash(&plan->v[i], plan->v[i].wheel);
	if (!ret)
		ret = native_fetch_checked(plan, cache_dir);
	if (ret)
		native_plan_release(plan);
	return ret < 0 ? -1 : ret ? NATIVE_NEEDS_PIP : NATIVE_PLANNED;
}

/* --- the whole job ------------------------------------------------------------ */

/* pip resolves (a dry run reporting what it would install); the plan is
 * what it chose. */
static int resolve_with_pip(const struct pyinfo *py, const struct venv_opts *o, const struct native_pip *pip,
			    struct native_plan *plan, struct strbuf *why)
{
	const size_t max = 8 + o->pip_args.n + 2 * o->requirements.n + o->packages.n;
	const char **args = xcalloc(max, sizeof(*args));
	struct strbuf report = STRBUF_INIT;
	size_t n = 0;
	int ret;

	args[n++] = "--dry-run";
	args[n++] = "--quiet";
	args[n++] = "--report";
	args[n++] = "-";
	for (size_t i = 0; i < o->pip_args.n; i++)
		args[n++] = o->pip_args.v[i];
	for (size_t i = 0; i < o->requirements.n; i++) {
		args[n++] = "-r";
		args[n++] = o->requirements.v[i];
	}
	for (size_t i = 0; i < o->packages.n; i++)
		args[n++] = o->packages.v[i];
	args[n] = NULL;
	verbose("resolving with pip (a dry run), to install what it chooses");
	ret = pip->run(pip->data, args, &report);
	if (!ret)
		ret = native_plan_report(py, report.buf, plan, o->cache_dir, why);
	strbuf_release(&report);
	free(args);
	return ret;
}

static char *getcwd_alloc(void)
{
	char *cwd = getcwd(NULL, 0);

	if (!cwd)
		error_errno("cannot determine the current directory");
	return cwd;
}

int native_requirements(const struct pyinfo *py, const struct venv_opts *o, const struct wheel_dest *dest,
			const struct native_pip *pip, struct strbuf *why)
{
	struct native_plan plan = NATIVE_PLAN_INIT;
	char *cwd;
	int v, ret;

	for (size_t i = 0; i < o->requirements.n; i++)
		if (o->installer == INSTALLER_PIP && pylock_is_lock_name(o->requirements.v[i]))
			return error("pip cannot install the lock file '%s': use --installer auto or native",
				     o->requirements.v[i]);
	if (o->installer == INSTALLER_PIP) {
		strbuf_addstr(why, "--installer pip");
		return 0;
	}
	cwd = getcwd_alloc();
	if (!cwd)
		return -1;
	v = native_plan_locked(py, o, cwd, &plan, why);
	free(cwd);
	if (v == NATIVE_UNLOCKED && pip->run) {
		verbose("not a locked set (%s)", why->buf);
		strbuf_reset(why);
		v = resolve_with_pip(py, o, pip, &plan, why);
	} else if (v == NATIVE_UNLOCKED) {
		strbuf_addstr(why, "; resolving it needs pip, and the environment has none");
		v = NATIVE_NEEDS_PIP;
	}
	if (v == NATIVE_PLANNED) {
		verbose("installing natively: %zu distribution%s", plan.n, plan.n == 1 ? "" : "s");
		ret = native_install(&plan, dest) ? -1 : 1;
	} else if (v > 0 && o->installer == INSTALLER_NATIVE) {
		error("cannot install the requirements natively: %s", why->buf);
		hint("use --installer auto to let pip install what pyvenv cannot");
		ret = -1;
	} else {
		ret = v < 0 ? -1 : 0;
	}
	native_plan_release(&plan);
	return ret;
}
