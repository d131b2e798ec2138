/*
 * reqref: what a requirement refers to, as pip 23.2's req/constructors.py
 * decides it (parse_req_from_line(), parse_editable()), and what the other
 * lines of a requirements file name (req_file.py's nested files, its
 * --find-links rule); declared in reqfile.h.
 *
 * pip works on text and its current directory; so does this, against the
 * directory the caller gives, stat()ing what pip stats (is it a directory,
 * a file, does it hold pyproject.toml or setup.py). Paths pip normalizes
 * (os.path.normpath(os.path.abspath())) are normalized the same way; a path
 * pip takes from a file: URL as it is is only made absolute.
 *
 * Deliberate differences: pip only warns when an archive name names no file
 * (it fails later); this says nothing and gives REQREF_LOCAL_FILE all the
 * same. Extras are lowercased in ASCII only.
 */
#include "reqfile.h"

#include "msg.h"
#include "pep508.h"
#include "pystr.h"
#include "pyurl.h"
#include "strbuf.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const archive_exts[] = {
	".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar",
	".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma",
};

/* What a requirement's text gave pip as its link (Link), if anything. */
struct link {
	char *url;     /* the link's URL as written, NULL for one made from a path */
	char *path;    /* a link made from a path: that path (normalized) */
	int dir;       /* ... and it is a directory */
	char *name;    /* the requirement pip makes of it: "name==version" of a
			* wheel, #egg=, or NULL */
};

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int path_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

static int is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static int looks_like_path(const char *name)
{
	return strchr(name, '/') || name[0] == '.';
}

static int is_archive_file(const char *path)
{
	const char *ext = path + pystr_splitext(path);

	for (size_t i = 0; i < sizeof(archive_exts) / sizeof(*archive_exts); i++)
		if (!strcasecmp(ext, archive_exts[i]))
			return 1;
	return 0;
}

static int installable_dir(const char *dir)
{
	char *pyproject = pystr_join(dir, "pyproject.toml"), *setup = pystr_join(dir, "setup.py");
	const int yes = is_file(pyproject) || is_file(setup);

	free(pyproject);
	free(setup);
	return yes;
}

/* _strip_extras(): where a trailing "[...]" (no ']' inside, not empty,
 * something before it) starts in s, or strlen(s). */
static size_t extras_start(const char *s)
{
	const size_t len = strlen(s);

	if (len < 4 || s[len - 1] != ']')
		return len;
	for (size_t k = len - 2; k >= 1 && s[k] != ']'; k--)
		if (s[k] == '[' && k + 2 < len)
			return k;
	return len;
}

/* convert_extras(): "placeholder" + extras.lower() must be a requirement. */
static int check_extras(const char *extras, const char *where)
{
	struct strbuf req = STRBUF_INIT, why = STRBUF_INIT;
	struct pep508 r;
	int ret = 0;

	strbuf_addstr(&req, "placeholder");
	for (const char *s = extras; *s; s++)
		strbuf_addch(&req, (char)tolower((unsigned char)*s));
	if (pep508_parse(req.buf, &r, &why))
		ret = error("%s: invalid extras '%s': %s", where, extras, why.buf);
	pep508_release(&r);
	strbuf_release(&req);
	strbuf_release(&why);
	return ret;
}

/* The wheel file name's "name==version" (Wheel.wheel_file_re), or NULL. */
static char *wheel_requirement(const char *filename)
{
	const char *dash[6], *end = filename + strlen(filename) - 4;
	size_t n = 0;
	char *name, *ver, *req;

	for (const char *s = filename; s < end && n < 6; s++)
		if (*s == '-')
			dash[n++] = s;
	if (n < 4 || n > 5 || dash[0] == filename || end - dash[n - 1] < 2)
		return NULL;
	/* No whitespace but in a build tag, which starts with a digit. */
	for (size_t k = 0; k < n; k++) {
		const char *b = k ? dash[k - 1] + 1 : filename, *e = dash[k];

		if (k >= 2 && b == e)
			return NULL;
		if (n == 5 && k == 2) {
			if (!isdigit((unsigned char)*b))
				return NULL;
			continue;
		}
		for (const char *s = b; s < e; s += pystr_char_len(s, e))
			if (pystr_space_at(s, e))
				return NULL;
	}
	for (const char *s = dash[n - 1] + 1; s < end; s += pystr_char_len(s, end))
		if (pystr_space_at(s, end))
			return NULL;
	name = xstrndup(filename, (size_t)(dash[0] - filename));
	ver = xstrndup(dash[0] + 1, (size_t)(dash[1] - dash[0] - 1));
	for (char *s = name; *s; s++)
		*s = *s == '_' ? '-' : *s;
	for (char *s = ver; *s; s++)
		*s = *s == '_' ? '-' : *s;
	req = xstrfmt("%s==%s", name, ver);
	free(name);
	free(ver);
	return req;
}

/* Link.egg_fragment: [#&]egg=([^&]*) anywhere in the URL. */
static char *egg_fragment(const char *url)
{
	for (const char *s = url; (s = strstr(s, "egg=")); s++)
		if (s > url && (s[-1] == '#' || s[-1] == '&'))
			return xstrndup(s + 4, strcspn(s + 4, "&"));
	return NULL;
}

/* The requirement pip makes of a link whose path is path: a wheel's
 * "name==version" (an error if its name is not a wheel's), else #egg=. */
static int link_requirement(struct link *l, const char *path, const char *where)
{
	char *trimmed = xstrdup(path), *filename;
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(trimmed);
	const char *base;

	while (n && trimmed[n - 1] == '/')
		trimmed[--n] = '\0';
	base = trimmed + pystr_basename(trimmed);
	if (strcmp(base + pystr_splitext(base), ".whl")) {
		l->name = l->url ? egg_fragment(l->url) : NULL;
		free(trimmed);
		return 0;
	}
	pystr_unquote(&sb, base);
	filename = strbuf_detach(&sb);
	l->name = wheel_requirement(filename);
	if (!l->name)
		error("%s: '%s' is not a valid wheel file name", where, filename);
	free(filename);
	free(trimmed);
	return l->name ? 0 : -1;
}

/* path_to_url() of a path that starts with exactly "//" names a host. */
static int local_path(const char *path, const char *where)
{
	if (path[0] == '/' && path[1] == '/' && path[2] != '/')
		return error("%s: cannot use '%s': pip takes '//%.*s' for a host", where, path,
			     (int)strcspn(path + 2, "/"), path + 2);
	return 0;
}

/* _get_url_from_path(): 1 with l filled when p (name's normalized path,
 * extras taken off) is a local project or archive, 0 when not. */
static int url_from_path(struct link *l, const char *p, const char *name, const char *where)
{
	const char *at = strchr(name, '@');

	if (looks_like_path(name) && is_dir(p)) {
		if (!installable_dir(p))
			return error("%s: directory '%s' is not installable: neither 'setup.py' nor "
				     "'pyproject.toml' found", where, name);
	} else if (!is_archive_file(p)) {
		return 0;
	} else if (!is_file(p) && at) {
		/* "name @ url" whose URL ends like an archive */
		char *before = xstrndup(name, (size_t)(at - name));
		const int path_like = looks_like_path(before);

		free(before);
		if (!path_like)
			return 0;
	}
	/* path_to_url() normalizes it ("dir/[x]" leaves "dir/"); what is there
	 * decides how pip takes it later (an "archive" may be a directory). */
	l->path = pystr_normpath(p);
	l->dir = is_dir(l->path);
	return local_path(l->path, where) ? -1 : 1;
}

/* A link from URL text: a file: URL with "../" is made a path first. */
static int url_link(struct link *l, const char *url, const char *cwd, const char *where)
{
	struct pyurl u = PYURL_INIT;
	const char *why = NULL;
	int ret = -1;

	if (pyurl_split(url, &u, &why)) {
		error("%s: cannot use '%s': %s", where, url, why);
		goto done;
	}
	if (!strcmp(u.scheme, "file") && strstr(url, "../")) {
		struct strbuf sb = STRBUF_INIT;

		pystr_unquote(&sb, u.path);
		l->path = pystr_abspath(sb.buf, cwd);
		strbuf_release(&sb);
		l->dir = is_dir(l->path);
		ret = local_path(l->path, where) ? -1 : link_requirement(l, l->path, where);
		goto done;
	}
	l->url = xstrdup(url);
	{
		struct strbuf sb = STRBUF_INIT;

		pystr_unquote(&sb, u.path);
		ret = link_requirement(l, sb.buf, where);
		strbuf_release(&sb);
	}
done:
	pyurl_release(&u);
	return ret;
}

static void link_release(struct link *l)
{
	free(l->url);
	free(l->path);
	free(l->name);
}

/* Where a link or a requirement's URL leads: file: URLs to their path. */
static int url_ref(struct reqref *out, const char *url, const char *cwd, const char *where)
{
	char *scheme = pyurl_scheme(url);
	const int file = scheme && !strcmp(scheme, "file");

	free(scheme);
	out->url = xstrdup(url);
	if (file) {
		const char *why = NULL;
		char *path = pyurl_to_path(url, &why);

		if (!path)
			return error("%s: cannot use '%s': %s", where, url, why);
		if (!path[0]) {
			free(path);
			return error("%s: cannot use '%s': it names no file", where, url);
		}
		out->path = pystr_join(cwd, path);
		free(path);
		out->kind = is_dir(out->path) ? REQREF_LOCAL_DIR : REQREF_LOCAL_FILE;
		return 0;
	}
	out->kind = REQREF_URL;
	return 0;
}

static void invalid_hint(const char *req, const char *cwd)
{
	static const char *const ops[] = { "~=", "==", "!=", "<=", ">=", "<", ">", "===" };
	int has_op = 0;

	for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++)
		has_op |= !!strstr(req, ops[i]);
	if (strchr(req, '/')) {
		char *path = pystr_join(cwd, req);
		struct stat st;

		if (stat(path, &st))
			hint("it looks like a path, but '%s' does not exist", req);
		else
			hint("it looks like a path; if '%s' is a requirements file, use -r", req);
		free(path);
	} else if (strchr(req, '=') && !has_op) {
		hint("= is not a valid operator; did you mean ==?");
	}
}

/* _parse_req_string(): req as a PEP 508 requirement, into out. */
static int parse_req_string(struct reqref *out, const char *req, const char *cwd,
			    const char *where)
{
	struct strbuf why = STRBUF_INIT;
	struct pep508 r;

	if (pep508_parse(req, &r, &why)) {
		error("%s: invalid requirement '%s': %s", where, req, why.buf);
		invalid_hint(req, cwd);
		strbuf_release(&why);
		return -1;
	}
	strbuf_release(&why);
	/* pip refuses "name>=1.0[extras]". */
	for (const char *s = r.specifier; s && *s;) {
		const char *b = s, *e = s + strcspn(s, ",");

		pystr_strip(&b, &e);
		s = *e ? e + 1 : e;
		if (e > b && e[-1] == ']') {
			error("%s: extras after version '%.*s'", where, (int)(e - b), b);
			pep508_release(&r);
			return -1;
		}
	}
	out->name = r.name;
	out->specifier = r.specifier;
	if (!out->markers)
		out->markers = r.marker;
	else
		free(r.marker);
	r.name = r.specifier = r.marker = NULL;
	if (r.url && !out->path && !out->url && url_ref(out, r.url, cwd, where)) {
		pep508_release(&r);
		return -1;
	}
	pep508_release(&r);
	return 0;
}

/* Splits off the markers as parse_req_from_line() does; *name gets the rest,
 * stripped. */
static int split_markers(struct reqref *out, const char *requirement, char **name,
			 const char *where)
{
	const char *sep = pyurl_is_url(requirement) ? "; " : ";";
	const char *hit = strstr(requirement, sep), *b = requirement, *e;

	e = hit ? hit : requirement + strlen(requirement);
	pystr_strip(&b, &e);
	*name = xstrndup(b, (size_t)(e - b));
	if (hit) {
		struct strbuf why = STRBUF_INIT;

		b = hit + strlen(sep);
		e = b + strlen(b);
		pystr_strip(&b, &e);
		if (b < e)
			out->markers = xstrndup(b, (size_t)(e - b));
		if (out->markers && pep508_check_marker(out->markers, &why)) {
			error("%s: invalid marker '%s': %s", where, out->markers, why.buf);
			strbuf_release(&why);
			return -1;
		}
		strbuf_release(&why);
	}
	return 0;
}

/* The link's part of out: kind, path or URL. */
static int link_ref(struct reqref *out, const struct link *l, const char *cwd, const char *where)
{
	if (l->path) {
		out->kind = l->dir ? REQREF_LOCAL_DIR : REQREF_LOCAL_FILE;
		out->path = xstrdup(l->path);
		out->url = l->url ? xstrdup(l->url) : NULL;
		return 0;
	}
	return url_ref(out, l->url, cwd, where);
}

static int classify(const char *requirement, const char *cwd, const char *where,
		    struct reqref *out)
{
	struct link l = { NULL, NULL, 0, NULL };
	char *name = NULL, *path = NULL, *extras = NULL;
	int ret = -1, linked = 0;

	if (split_markers(out, requirement, &name, where))
		goto done;
	path = pystr_abspath(name, cwd);
	if (pyurl_is_url(name)) {
		if (url_link(&l, name, cwd, where))
			goto done;
		linked = 1;
	} else {
		const size_t x = extras_start(path);

		if (path[x])
			extras = xstrdup(path + x);
		path[x] = '\0';
		linked = url_from_path(&l, path, name, where);
		if (linked < 0 || (linked && link_requirement(&l, l.path, where)))
			goto done;
	}
	if (linked && link_ref(out, &l, cwd, where))
		goto done;
	if (linked && !out->url && pyurl_is_url(name))
		out->url = xstrdup(name); /* a file: URL pip made a path of */
	if (extras && check_extras(extras, where))
		goto done;
	if (linked ? (l.name && parse_req_string(out, l.name, cwd, where))
		   : parse_req_string(out, name, cwd, where))
		goto done;
	ret = 0;
done:
	link_release(&l);
	free(extras);
	free(path);
	free(name);
	return ret;
}

int reqref_classify(const char *requirement, const char *cwd, const char *where,
		    struct reqref *out)
{
	assert(requirement && cwd && cwd[0] == '/' && where && out);
	*out = (struct reqref)REQREF_INIT;
	if (classify(requirement, cwd, where, out)) {
		reqref_release(out);
		return -1;
	}
	return 0;
}

/* The name #egg= gives an editable, which must be a requirement. */
static int editable_name(struct reqref *out, const char *url, const char *cwd,
			 const char *where)
{
	char *egg = egg_fragment(url);
	int ret = egg ? parse_req_string(out, egg, cwd, where) : 0;

	free(egg);
	return ret;
}

/* A VCS editable: the URL, with "git:" made "git+git:" and so on. */
static int editable_vcs(struct reqref *out, const char *value, const char *cwd,
			const char *where)
{
	static const char *const prefixes[] = { "bzr", "git", "hg", "svn" };
	char *url = NULL, *egg;
	struct pyurl u = PYURL_INIT;
	const char *why = NULL;
	int ret = -1;

	for (size_t i = 0; i < 4 && !url; i++)
		if (!strncasecmp(value, prefixes[i], strlen(prefixes[i])) &&
		    value[strlen(prefixes[i])] == ':')
			url = xstrfmt("%s+%s", prefixes[i], value);
	if (!url)
		url = xstrdup(value);
	if (pyurl_split(url, &u, &why)) {
		error("%s: cannot use '%s': %s", where, url, why);
		goto done;
	}
	if (!pyurl_is_vcs_scheme(u.scheme)) {
		error("%s: '%s' is not a valid editable requirement: it should be a path to a local "
		      "project or a VCS URL (git+https://..., hg+..., svn+..., bzr+...)", where, value);
		goto done;
	}
	egg = egg_fragment(url);
	if (!egg || !egg[0]) {
		free(egg);
		error("%s: cannot tell the project name of '%s'", where, value);
		hint("name it with #egg=NAME at the end of the URL");
		goto done;
	}
	free(egg);
	out->kind = REQREF_URL;
	out->url = xstrdup(url);
	ret = editable_name(out, url, cwd, where);
done:
	pyurl_release(&u);
	free(url);
	return ret;
}

/* A file: URL editable: InstallRequirement's source_dir, normalized. */
static int editable_file_url(struct reqref *out, const char *url, const char *cwd,
			     const char *where)
{
	struct pyurl u = PYURL_INIT;
	const char *why = NULL;
	char *path;

	if (pyurl_split(url, &u, &why)) {
		pyurl_release(&u);
		return error("%s: cannot use '%s': %s", where, url, why);
	}
	pyurl_release(&u);
	if (editable_name(out, url, cwd, where))
		return -1;
	path = pyurl_to_path(url, &why);
	if (!path)
		return error("%s: cannot use '%s': %s", where, url, why);
	out->path = pystr_abspath(path, cwd);
	free(path);
	out->url = xstrdup(url);
	out->kind = is_dir(out->path) ? REQREF_LOCAL_DIR : REQREF_LOCAL_FILE;
	return 0;
}

static int classify_editable(const char *value, const char *cwd, const char *where,
			     struct reqref *out)
{
	const size_t x = extras_start(value);
	char *bare = xstrndup(value, x), *abs = pystr_join(cwd, bare);
	int ret;

	if (bare[0] && is_dir(abs)) {
		out->kind = REQREF_LOCAL_DIR;
		out->path = pystr_abspath(bare, cwd);
		ret = local_path(out->path, where) || (value[x] && check_extras(value + x, where)) ? -1 : 0;
	} else if (!strncasecmp(bare, "file:", 5)) {
		ret = editable_file_url(out, bare, cwd, where) ||
				      (value[x] && check_extras(value + x, where)) ? -1 : 0;
	} else {
		ret = editable_vcs(out, value, cwd, where);
	}
	free(abs);
	free(bare);
	return ret;
}

int reqref_classify_editable(const char *value, const char *cwd, const char *where,
			     struct reqref *out)
{
	assert(value && cwd && cwd[0] == '/' && where && out);
	*out = (struct reqref)REQREF_INIT;
	if (classify_editable(value, cwd, where, out)) {
		reqref_release(out);
		return -1;
	}
	return 0;
}

void reqref_release(struct reqref *r)
{
	free(r->path);
	free(r->url);
	free(r->name);
	free(r->specifier);
	free(r->markers);
	*r = (struct reqref)REQREF_INIT;
}

/* --- what the lines of a file name: reqfile_resolve() --------------------- */

/* req_file.py's SCHEME_RE, ^(http|https|file): ignoring case. */
static int scheme_re(const char *s)
{
	return !strncasecmp(s, "http:", 5) || !strncasecmp(s, "https:", 6) ||
	       !strncasecmp(s, "file:", 5);
}

/* A local path out of a file: URL, absolute against cwd. */
static int file_url_ref(const char *url, const char *cwd, const char *where, struct reqref *out)
{
	const char *why = NULL;
	char *path = pyurl_to_path(url, &why);

	if (!path)
		return error("%s: cannot use '%s': %s", where, url, why);
	out->path = pystr_join(cwd, path);
	free(path);
	out->url = xstrdup(url);
	out->kind = is_dir(out->path) ? REQREF_LOCAL_DIR : REQREF_LOCAL_FILE;
	return 0;
}

/* get_file_content() of target: a URL pip fetches, or a path. */
static int nested_target(const char *target, const char *cwd, const char *where, struct reqref *out)
{
	char *scheme = pyurl_scheme(target);
	int ret = 0;

	if (scheme && !strcmp(scheme, "file")) {
		/* requests has an adapter for "file://" only. */
		if (strncasecmp(target, "file://", 7))
			ret = error("%s: cannot read '%s': pip reads only file:// URLs", where, target);
		else if (!file_url_ref(target, cwd, where, out))
			out->kind = REQREF_LOCAL_FILE;
		else
			ret = -1;
	} else if (scheme && (!strcmp(scheme, "http") || !strcmp(scheme, "https"))) {
		if (strncasecmp(target, "http://", 7) && strncasecmp(target, "https://", 8))
			ret = error("%s: cannot read '%s': no '//' after the scheme", where, target);
		out->kind = REQREF_URL;
		out->url = ret ? NULL : xstrdup(target);
	} else {
		out->kind = REQREF_LOCAL_FILE;
		out->path = pystr_join(cwd, target);
	}
	free(scheme);
	return ret;
}

/* _parse_and_recurse(): a nested -r/-c file, relative to its includer. */
static int resolve_nested(const char *value, const char *file, const char *cwd, const char *where,
			  struct reqref *out)
{
	char *target;
	int ret;

	if (scheme_re(file)) {
		const char *why = NULL;

		if (pyurl_join(file, value, &target, &why))
			return error("%s: cannot join '%s' to '%s': %s", where, value, file, why);
	} else if (!scheme_re(value)) {
		char *dir = pystr_dirname(file);

		target = pystr_join(dir, value);
		free(dir);
	} else {
		target = xstrdup(value);
	}
	ret = nested_target(target, cwd, where, out);
	free(target);
	return ret;
}

/* handle_option_line()'s -f rule, then what build_source() makes of it. */
static int resolve_find_links(const char *value, const char *file, const char *cwd,
			      const char *where, struct reqref *out)
{
	char *abs = pystr_abspath(file, cwd), *dir = pystr_dirname(abs);
	char *beside = pystr_join(dir, value), *location;
	int ret = 0;

	location = pystr_join(cwd, path_exists(beside) ? beside : value);
	if (path_exists(location)) {
		/* pip lists a directory by its path, reads a file through a
		 * (normalized) file: URL. */
		out->kind = is_dir(location) ? REQREF_LOCAL_DIR : REQREF_LOCAL_FILE;
		out->path = out->kind == REQREF_LOCAL_DIR ? xstrdup(location) : pystr_normpath(location);
	} else if (!strncmp(value, "file:", 5)) {
		ret = file_url_ref(value, cwd, where, out);
	} else if (pyurl_is_url(value)) {
		out->kind = REQREF_URL;
		out->url = xstrdup(value);
	} else {
		/* pip skips it; it counts if it appears. */
		out->kind = REQREF_LOCAL_DIR;
		out->path = beside;
		beside = NULL;
	}
	free(location);
	free(beside);
	free(dir);
	free(abs);
	return ret;
}

int reqfile_resolve(const struct reqfile_line *line, const char *file, const char *cwd,
		    struct reqref *out)
{
	char *where;
	int ret;

	assert(line && file && cwd && cwd[0] == '/' && out);
	*out = (struct reqref)REQREF_INIT;
	if (line->kind == REQFILE_INDEX || line->kind == REQFILE_OPTION)
		return 1;
	where = xstrfmt("%s:%zu", file, line->lineno);
	if (line->kind == REQFILE_REQUIREMENT)
		ret = reqref_classify(line->value, cwd, where, out);
	else if (line->kind == REQFILE_EDITABLE)
		ret = reqref_classify_editable(line->value, cwd, where, out);
	else if (line->kind == REQFILE_FIND_LINKS)
		ret = resolve_find_links(line->value, file, cwd, where, out);
	else
		ret = resolve_nested(line->value, file, cwd, where, out);
	if (ret)
		reqref_release(out);
	free(where);
	return ret;
}
