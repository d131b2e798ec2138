/*
 * pylock: PEP 751 lock files, read with toml_parse_opts() (typed, so that
 * a date-time is never taken for a string nor a string for a date-time)
 * and checked key by key against the specification's table of types and
 * requirements (pylock.h lists what is refused).
 *
 * Each check names where it is: "name: " then the path of the table at
 * hand (struct where: "packages[3] (foo): wheels[1]: "), then what is
 * wrong. The output is filled as the checks go; on any error it is
 * released whole, so a caller never sees a half-read lock file.
 */
#include "pylock.h"

#include "toml.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where a check is, for its messages. */
struct where {
	const char *name;
	struct strbuf *why;
	struct strbuf path;
};

/* The line of each table the TOML reader made, by address. */
struct table_line {
	const json_t *table;
	size_t line;
};

struct lines {
	struct table_line *v;
	size_t n, alloc;
};

static int bad(struct where *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct where *w, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(w->why, "%s: %s", w->name, w->path.buf);
	va_start(ap, fmt);
	strbuf_vaddf(w->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* --- typed getters: 0 (also when absent and not required) or -1 --------- */

/* A table of the document (not one of the objects that mark date-times). */
static int is_table(const json_t *v)
{
	return json_is_object(v) && !toml_typed(v, NULL);
}

static int get_string(struct where *w, const json_t *t, const char *key, int required, char **out)
{
	const json_t *const v = json_object_get(t, key);

	if (!v)
		return required ? bad(w, "'%s' is missing", key) : 0;
	if (!json_is_string(v))
		return bad(w, "'%s' must be a string", key);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return bad(w, "'%s' holds a NUL character", key);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int get_strings(struct where *w, const json_t *t, const char *key, char ***out, size_t *n)
{
	const json_t *const v = json_object_get(t, key);

	if (!v)
		return 0;
	if (!json_is_array(v))
		return bad(w, "'%s' must be an array of strings", key);
	*out = xcalloc(json_array_size(v) + 1, sizeof(**out));
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *const s = json_array_get(v, i);

		if (!json_is_string(s))
			return bad(w, "'%s' must be an array of strings", key);
		if (strlen(json_string_value(s)) != json_string_length(s))
			return bad(w, "'%s' holds a NUL character", key);
		(*out)[(*n)++] = xstrdup(json_string_value(s));
	}
	return 0;
}

static int get_table(struct where *w, const json_t *t, const char *key, const json_t **out)
{
	const json_t *const v = json_object_get(t, key);

	*out = NULL;
	if (v && !is_table(v))
		return bad(w, "'%s' must be a table", key);
	*out = v;
	return 0;
}

/* An array of tables (checked), or NULL when absent. */
static int get_tables(struct where *w, const json_t *t, const char *key, const json_t **out)
{
	const json_t *const v = json_object_get(t, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return bad(w, "'%s' must be an array of tables", key);
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!is_table(json_array_get(v, i)))
			return bad(w, "'%s' must be an array of tables", key);
	*out = v;
	return 0;
}

static int get_size(struct where *w, const json_t *t, const char *key, long long *out)
{
	const json_t *const v = json_object_get(t, key);

	*out = -1;
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return bad(w, "'%s' must be an integer of 0 or more", key);
	*out = json_integer_value(v);
	return 0;
}

static int get_bool(struct where *w, const json_t *t, const char *key, int *out)
{
	const json_t *const v = json_object_get(t, key);

	*out = 0;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return bad(w, "'%s' must be a boolean", key);
	*out = json_is_true(v);
	return 0;
}

/* An offset date-time in UTC (Z, or an offset of zero). */
static int get_upload_time(struct where *w, const json_t *t, char **out)
{
	const json_t *const v = json_object_get(t, "upload-time");
	const char *type, *text;
	size_t len;

	if (!v)
		return 0;
	type = toml_typed(v, &text);
	if (!type || strcmp(type, "datetime"))
		return bad(w, "'upload-time' must be a date-time with an offset");
	len = strlen(text);
	/* A table that only looks like a date-time may hold anything. */
	if (len < 20)
		return bad(w, "'upload-time' must be a date-time with an offset");
	if (!(text[len - 1] == 'Z' || text[len - 1] == 'z' || !strcmp(text + len - 6, "+00:00") ||
	      !strcmp(text + len - 6, "-00:00")))
		return bad(w, "'upload-time' must be in UTC, not '%s'", text);
	*out = xstrdup(text);
	return 0;
}

/* --- files: wheels, sdists, archives ------------------------------------- */

static int hash_length(const char *algorithm)
{
	static const struct {
		const char *name;
		int hex;
	} known[] = {
		{ "md5", 32 }, { "sha1", 40 }, { "sha224", 56 },
		{ "sha256", 64 }, { "sha384", 96 }, { "sha512", 128 },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (!strcmp(algorithm, known[i].name))
			return known[i].hex;
	return 0;
}

static char *lowercase(const char *s)
{
	char *const out = xstrdup(s);

	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

static int one_hash(struct where *w, const char *key, size_t key_len, const json_t *v,
		    struct pylock_hash *h)
{
	const char *hex = json_is_string(v) ? json_string_value(v) : NULL;
	size_t len = hex ? strlen(hex) : 0;

	if (!key_len || strlen(key) != key_len)
		return bad(w, "'hashes' holds an empty or invalid algorithm name");
	if (!hex)
		return bad(w, "'hashes.%s' must be a string", key);
	if (!len || len != json_string_length(v) || strspn(hex, "0123456789abcdefABCDEF") != len)
		return bad(w, "'hashes.%s' must be hexadecimal", key);
	h->algorithm = lowercase(key);
	h->hex = lowercase(hex);
	if (hash_length(h->algorithm) && (size_t)hash_length(h->algorithm) != len)
		return bad(w, "'hashes.%s' must have %d hexadecimal digits, not %zu", key,
			   hash_length(h->algorithm), len);
	return 0;
}

static int get_hashes(struct where *w, const json_t *t, struct pylock_wheel *f)
{
	const json_t *hashes, *v;
	const char *key;
	size_t key_len;

	if (get_table(w, t, "hashes", &hashes))
		return -1;
	if (!hashes)
		return bad(w, "'hashes' is missing");
	if (!json_object_size(hashes))
		return bad(w, "'hashes' is empty");
	f->hashes = xcalloc(json_object_size(hashes), sizeof(*f->hashes));
	json_object_keylen_foreach((json_t *)hashes, key, key_len, v)
		if (one_hash(w, key, key_len, v, &f->hashes[f->nhashes++]))
			return -1;
	return 0;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* The last part of a URL's path (no query, no fragment), percent-decoded;
 * NULL if that makes a NUL. */
static char *url_file_name(const char *url)
{
	const size_t end = strcspn(url, "?#");
	size_t start = end;
	struct strbuf sb = STRBUF_INIT;

	while (start > 0 && url[start - 1] != '/')
		start--;
	for (size_t i = start; i < end; i++) {
		if (url[i] == '%' && i + 2 < end && hex_digit(url[i + 1]) >= 0 &&
		    hex_digit(url[i + 2]) >= 0) {
			const int c = hex_digit(url[i + 1]) * 16 + hex_digit(url[i + 2]);

			if (!c) {
				strbuf_release(&sb);
				return NULL;
			}
			strbuf_addch(&sb, c);
			i += 2;
		} else {
			strbuf_addch(&sb, url[i]);
		}
	}
	return strbuf_detach(&sb);
}

static char *path_file_name(const char *path)
{
	const char *base = path + strlen(path);

	while (base > path && base[-1] != '/' && base[-1] != '\\')
		base--;
	return xstrdup(base);
}

/* A file's name: `name`, else from path or url; one safe to make a file
 * of (no separators, not . or ..), with suffix if not NULL. */
static int file_name(struct where *w, const json_t *t, struct pylock_wheel *f, const char *suffix)
{
	size_t len;

	if (get_string(w, t, "name", 0, &f->name))
		return -1;
	if (!f->name)
		f->name = f->path ? path_file_name(f->path) : url_file_name(f->url);
	if (!f->name)
		return bad(w, "'%s' names no file: give 'name'", f->url);
	len = strlen(f->name);
	if (!len || !strcmp(f->name, ".") || !strcmp(f->name, "..") || strpbrk(f->name, "/\\"))
		return bad(w, "'%s' is not a file name: give 'name'", f->name);
	if (suffix && (len <= strlen(suffix) || strcmp(f->name + len - strlen(suffix), suffix)))
		return bad(w, "'%s' is not a wheel's file name", f->name);
	return 0;
}

/* A wheel, an sdist or (named NULL) an archive. */
static int get_file(struct where *w, const json_t *t, struct pylock_wheel *f, const char *suffix,
		    int named)
{
	if (get_string(w, t, "path", 0, &f->path) || get_string(w, t, "url", 0, &f->url) ||
	    get_upload_time(w, t, &f->upload_time) || get_size(w, t, "size", &f->size))
		return -1;
	if (!f->path && !f->url)
		return bad(w, "neither 'path' nor 'url' is given");
	if (named && file_name(w, t, f, suffix))
		return -1;
	return get_hashes(w, t, f);
}

static void file_release(struct pylock_wheel *f)
{
	for (size_t i = 0; i < f->nhashes; i++) {
		free(f->hashes[i].algorithm);
		free(f->hashes[i].hex);
	}
	free(f->hashes);
	free(f->name);
	free(f->path);
	free(f->url);
	free(f->upload_time);
	memset(f, 0, sizeof(*f));
	f->size = -1;
}

/* --- packages -------------------------------------------------------------- */

/* Runs check on the table key of t (if there is one) with where's path
 * extended by "key: ". */
static int in_table(struct where *w, const json_t *t, const char *key,
		    int (*check)(struct where *, const json_t *, struct pylock_package *),
		    struct pylock_package *pkg, int *present)
{
	const json_t *sub;
	const size_t len = w->path.len;
	int rc;

	*present = 0;
	if (get_table(w, t, key, &sub))
		return -1;
	if (!sub)
		return 0;
	*present = 1;
	strbuf_addf(&w->path, "%s: ", key);
	rc = check(w, sub, pkg);
	strbuf_setlen(&w->path, len);
	return rc;
}

static int check_vcs(struct where *w, const json_t *t, struct pylock_package *p)
{
	if (get_string(w, t, "type", 1, &p->vcs.type) || get_string(w, t, "url", 0, &p->vcs.url) ||
	    get_string(w, t, "path", 0, &p->vcs.path) ||
	    get_string(w, t, "requested-revision", 0, &p->vcs.requested_revision) ||
	    get_string(w, t, "commit-id", 1, &p->vcs.commit_id) ||
	    get_string(w, t, "subdirectory", 0, &p->subdirectory))
		return -1;
	if (!p->vcs.url && !p->vcs.path)
		return bad(w, "neither 'path' nor 'url' is given");
	return 0;
}

static int check_directory(struct where *w, const json_t *t, struct pylock_package *p)
{
	return get_string(w, t, "path", 1, &p->directory) || get_bool(w, t, "editable", &p->editable) ||
	       get_string(w, t, "subdirectory", 0, &p->subdirectory) ? -1 : 0;
}

static int check_archive(struct where *w, const json_t *t, struct pylock_package *p)
{
	return get_file(w, t, &p->archive, NULL, 0) ||
	       get_string(w, t, "subdirectory", 0, &p->subdirectory) ? -1 : 0;
}

static int check_sdist(struct where *w, const json_t *t, struct pylock_package *p)
{
	return get_file(w, t, &p->sdist, NULL, 1);
}

static int check_wheels(struct where *w, const json_t *t, struct pylock_package *p)
{
	const json_t *wheels;
	const size_t len = w->path.len;

	if (get_tables(w, t, "wheels", &wheels))
		return -1;
	if (!wheels)
		return 0;
	p->wheels = xcalloc(json_array_size(wheels), sizeof(*p->wheels));
	for (size_t i = 0; i < json_array_size(wheels); i++) {
		p->wheels[p->nwheels++].size = -1;
		strbuf_addf(&w->path, "wheels[%zu]: ", i);
		if (get_file(w, json_array_get(wheels, i), &p->wheels[i], ".whl", 1))
			return -1;
		strbuf_setlen(&w->path, len);
	}
	return 0;
}

static int check_attestations(struct where *w, const json_t *t)
{
	const json_t *ids;

	if (get_tables(w, t, "attestation-identities", &ids))
		return -1;
	for (size_t i = 0; ids && i < json_array_size(ids); i++) {
		const json_t *const kind = json_object_get(json_array_get(ids, i), "kind");

		if (!json_is_string(kind))
			return bad(w, "attestation-identities[%zu]: 'kind' %s", i,
				   kind ? "must be a string" : "is missing");
	}
	return 0;
}

/* Where the package comes from: at most one of its sources (present or
 * not, before any is read); 0 with *which set (-1 for none), or -1. */
static int which_source(struct where *w, const json_t *t, int *which)
{
	static const char *const names[] = { "vcs", "directory", "archive", "sdist/wheels" };
	const int has[4] = {
		!!json_object_get(t, "vcs"), !!json_object_get(t, "directory"),
		!!json_object_get(t, "archive"),
		json_object_get(t, "sdist") || json_object_get(t, "wheels"),
	};

	*which = -1;
	for (int i = 0; i < 4; i++) {
		if (has[i] && *which >= 0)
			return bad(w, "'%s' and '%s' exclude each other", names[*which], names[i]);
		if (has[i])
			*which = i;
	}
	return 0;
}

static int check_source(struct where *w, const json_t *t, struct pylock_package *p, int which)
{
	int present;

	switch (which) {
	case 0:
		p->source = PYLOCK_VCS;
		return in_table(w, t, "vcs", check_vcs, p, &present);
	case 1:
		p->source = PYLOCK_DIRECTORY;
		return in_table(w, t, "directory", check_directory, p, &present);
	case 2:
		p->source = PYLOCK_ARCHIVE;
		return in_table(w, t, "archive", check_archive, p, &present);
	case 3:
		if (in_table(w, t, "sdist", check_sdist, p, &p->has_sdist) || check_wheels(w, t, p))
			return -1;
		if (p->has_sdist || p->nwheels) {
			p->source = p->nwheels ? PYLOCK_WHEELS : PYLOCK_SDIST;
			return 0;
		}
	}
	return bad(w, "no source: one of 'vcs', 'directory', 'archive', 'sdist' or 'wheels' is needed");
}

static int check_package(struct where *w, const json_t *t, struct pylock_package *p)
{
	const json_t *sub;
	int which;

	p->sdist.size = p->archive.size = -1;
	if (get_string(w, t, "version", 0, &p->version) || get_string(w, t, "marker", 0, &p->marker) ||
	    get_string(w, t, "requires-python", 0, &p->requires_python) ||
	    get_string(w, t, "index", 0, &p->index) || get_tables(w, t, "dependencies", &sub) ||
	    get_table(w, t, "tool", &sub) || check_attestations(w, t) || which_source(w, t, &which))
		return -1;
	return check_source(w, t, p, which);
}

static int line_cmp(const void *a, const void *b)
{
	const uintptr_t x = (uintptr_t)((const struct table_line *)a)->table;
	const uintptr_t y = (uintptr_t)((const struct table_line *)b)->table;

	return x < y ? -1 : x > y;
}

static size_t line_of(const struct lines *lines, const json_t *table)
{
	const struct table_line key = { table, 0 };
	const struct table_line *const hit =
		lines->n ? bsearch(&key, lines->v, lines->n, sizeof(key), line_cmp) : NULL;

	return hit ? hit->line : 0;
}

static int check_packages(struct where *w, const json_t *root, struct pylock *out,
			  const struct lines *lines)
{
	const json_t *packages;

	if (get_tables(w, root, "packages", &packages))
		return -1;
	if (!packages)
		return bad(w, "'packages' is missing");
	out->packages = xcalloc(json_array_size(packages), sizeof(*out->packages));
	for (size_t i = 0; i < json_array_size(packages); i++) {
		const json_t *const t = json_array_get(packages, i);
		struct pylock_package *const p = &out->packages[out->npackages++];
		const json_t *const name = json_object_get(t, "name");

		p->line = line_of(lines, t);
		strbuf_reset(&w->path);
		strbuf_addf(&w->path, "packages[%zu]", i);
		if (json_is_string(name) && strlen(json_string_value(name)) == json_string_length(name))
			strbuf_addf(&w->path, " (%s)", json_string_value(name));
		strbuf_addstr(&w->path, ": ");
		if (get_string(w, t, "name", 1, &p->name) || check_package(w, t, p))
			return -1;
	}
	strbuf_reset(&w->path);
	return 0;
}

/* --- the file --------------------------------------------------------------- */

static int check_version(struct where *w, const char *version)
{
	const size_t major = strspn(version, "0123456789");
	const char *p = version + major;

	while (*p == '.' && p[1] >= '0' && p[1] <= '9')
		p += 1 + strspn(p + 1, "0123456789");
	if (!major || *p)
		return bad(w, "'lock-version' must be a version like \"1.0\", not '%s'", version);
	if (major != 1 || *version != '1')
		return bad(w, "unsupported lock-version '%s' (this reads 1.x)", version);
	return 0;
}

static int check_lock(struct where *w, const json_t *root, struct pylock *out, const struct lines *lines)
{
	const json_t *tool;

	if (get_string(w, root, "lock-version", 1, &out->lock_version) ||
	    check_version(w, out->lock_version) ||
	    get_strings(w, root, "environments", &out->environments, &out->nenvironments) ||
	    get_string(w, root, "requires-python", 0, &out->requires_python) ||
	    get_strings(w, root, "extras", &out->extras, &out->nextras) ||
	    get_strings(w, root, "dependency-groups", &out->dependency_groups, &out->ndependency_groups) ||
	    get_strings(w, root, "default-groups", &out->default_groups, &out->ndefault_groups) ||
	    get_string(w, root, "created-by", 1, &out->created_by) || get_table(w, root, "tool", &tool))
		return -1;
	return check_packages(w, root, out, lines);
}

static void note_line(const json_t *table, size_t line, void *data)
{
	struct lines *const lines = data;

	ALLOC_GROW(lines->v, lines->n + 1, lines->alloc);
	lines->v[lines->n].table = table;
	lines->v[lines->n++].line = line;
}

int pylock_parse(const char *text, size_t len, const char *name, struct pylock *out, struct strbuf *why)
{
	struct lines lines = { NULL, 0, 0 };
	const struct toml_options opts = { .typed = 1, .table = note_line, .data = &lines };
	struct where w = { name, why, STRBUF_INIT };
	const struct pylock empty = PYLOCK_INIT;
	json_t *root;
	int rc = -1;

	assert(name && out && why);
	*out = empty;
	root = toml_parse_opts(text, len, name, &opts, why);
	if (root) {
		if (lines.n)
			qsort(lines.v, lines.n, sizeof(*lines.v), line_cmp);
		rc = check_lock(&w, root, out, &lines);
		json_decref(root);
	}
	if (rc)
		pylock_release(out);
	free(lines.v);
	strbuf_release(&w.path);
	return rc;
}

int pylock_is_lock_name(const char *path)
{
	const char *const slash = strrchr(path, '/');
	const char *const base = slash ? slash + 1 : path;
	const size_t len = strlen(base);

	if (!strcmp(base, "pylock.toml"))
		return 1;
	/* pylock.<name>.toml: a name of one character or more, no dot. */
	return len > strlen("pylock..toml") && !strncmp(base, "pylock.", 7) &&
	       !strcmp(base + len - 5, ".toml") && !memchr(base + 7, '.', len - 12);
}

static void strings_release(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void package_release(struct pylock_package *p)
{
	free(p->name);
	free(p->version);
	free(p->marker);
	free(p->requires_python);
	for (size_t i = 0; i < p->nwheels; i++)
		file_release(&p->wheels[i]);
	free(p->wheels);
	free(p->index);
	file_release(&p->sdist);
	file_release(&p->archive);
	free(p->vcs.type);
	free(p->vcs.url);
	free(p->vcs.path);
	free(p->vcs.requested_revision);
	free(p->vcs.commit_id);
	free(p->directory);
	free(p->subdirectory);
}

void pylock_release(struct pylock *lock)
{
	const struct pylock empty = PYLOCK_INIT;

	free(lock->lock_version);
	free(lock->created_by);
	free(lock->requires_python);
	strings_release(lock->environments, lock->nenvironments);
	strings_release(lock->extras, lock->nextras);
	strings_release(lock->dependency_groups, lock->ndependency_groups);
	strings_release(lock->default_groups, lock->ndefault_groups);
	for (size_t i = 0; i < lock->npackages; i++)
		package_release(&lock->packages[i]);
	free(lock->packages);
	*lock = empty;
}
