/*
 * wheel: native installation of a wheel.
 *
 * Two passes over the zip (libarchive, seekable: skipping is cheap): the
 * first validates every name and reads the .dist-info metadata (WHEEL,
 * RECORD, entry_points.txt); the second writes the files, hashing each as
 * it is written and checking it against the wheel's RECORD.
 */
#include "wheel.h"

#include "member.h"
#include "record.h"
#include "wheelname.h"

#include "fsutil.h"
#include "hash.h"
#include "interrupt.h"
#include "msg.h"
#include "script.h"
#include "strbuf.h"

#include "archive_lib.h"
#include "extract.h"
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A row of a RECORD, as owned strings. */
struct row {
	char *path;
	char *hash; /* "sha256=..." or "" */
	char *size; /* decimal or "" */
};

struct rows {
	struct row *v;
	size_t n, alloc;
};

struct wheel {
	const char *path;
	const struct wheel_opts *opts;
	struct wheelname file;  /* what its file name says */
	char *dist_info; /* "pip-23.2.1.dist-info" */
	char *data_dir;  /* "pip-23.2.1.data" */
	int root_is_purelib;
	struct strbuf wheel_meta, record, entry_points;
	struct rows expected; /* the wheel's RECORD, sorted by path */
	struct rows written;  /* our RECORD */
	struct extract_dir out; /* the environment (dest->data) */
};

static void rows_add(struct rows *rows, char *path, char *hash, char *size)
{
	if (rows->n == rows->alloc) {
		rows->alloc = rows->alloc ? 2 * rows->alloc : 64;
		rows->v = xrealloc(rows->v, rows->alloc * sizeof(*rows->v));
	}
	rows->v[rows->n].path = path;
	rows->v[rows->n].hash = hash;
	rows->v[rows->n].size = size;
	rows->n++;
}

static void rows_release(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->v[i].path);
		free(rows->v[i].hash);
		free(rows->v[i].size);
	}
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->path, ((const struct row *)b)->path);
}

/* The rows of a wheel's RECORD (record.c reads them), sorted by path; a
 * malformed row makes the RECORD unusable. */
static int parse_record(const struct wheel *w, const struct strbuf *text, struct rows *rows)
{
	struct record_row row = RECORD_ROW_INIT;
	const char *pos = text->buf, *end = text->buf + text->len;
	int r;

	while ((r = record_next(&pos, end, &row)) > 0)
		if (row.path.len)
			rows_add(rows, strbuf_detach(&row.path), strbuf_detach(&row.hash),
				 strbuf_detach(&row.size));
	record_row_release(&row);
	if (r < 0)
		return error("wheel '%s' has a malformed RECORD (a row that is not path,hash,size)", w->path);
	qsort(rows->v, rows->n, sizeof(*rows->v), row_cmp);
	return 0;
}

static struct archive *open_wheel(const char *path)
{
	struct archive *a;

	if (archive_lib_load())
		return NULL;
	a = archive_read_new();

	archive_read_support_format_zip_seekable(a);
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		error("cannot open wheel '%s': %s", path, archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Pass 1: names and metadata. */
static int scan_wheel(struct wheel *w)
{
	struct archive *a = open_wheel(w->path);
	struct archive_entry *entry;
	int r, ret = -1;

	if (!a)
		return -1;
	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(entry);
		const char *slash = name ? strchr(name, '/') : NULL;
		struct strbuf *into = NULL;

		if (!name || !member_name_safe(name, MEMBER_NO_BACKSLASH)) {
			error("wheel '%s' has an unsafe member name '%s'", w->path, name ? name : "");
			goto out;
		}
		if (archive_entry_filetype(entry) != AE_IFREG && archive_entry_filetype(entry) != AE_IFDIR) {
			error("wheel '%s' has a member '%s' that is not a regular file", w->path, name);
			goto out;
		}
		if (slash && slash - name > 10 && !strncmp(slash - 10, ".dist-info", 10)) {
			if (!w->dist_info)
				w->dist_info = xstrndup(name, (size_t)(slash - name));
			else if (strncmp(name, w->dist_info, strlen(w->dist_info)) ||
				 name + strlen(w->dist_info) != slash) {
				error("wheel '%s' has more than one .dist-info directory", w->path);
				goto out;
			}
			if (!strcmp(slash, "/WHEEL"))
				into = &w->wheel_meta;
			else if (!strcmp(slash, "/RECORD"))
				into = &w->record;
			else if (!strcmp(slash, "/entry_points.txt"))
				into = &w->entry_points;
		}
		if (into && extract_read_member(a, into, SIZE_MAX)) {
			error("cannot read '%s' from wheel '%s': %s", name, w->path, archive_error_string(a));
			goto out;
		}
	}
	if (r != ARCHIVE_EOF) {
		error("cannot read wheel '%s': %s", w->path, archive_error_string(a));
		goto out;
	}
	if (!w->dist_info || !w->wheel_meta.len || !w->record.len) {
		error("'%s' is not a wheel: it has no .dist-info with WHEEL and RECORD", w->path);
		goto out;
	}
	ret = 0;
out:
	archive_read_free(a);
	return ret;
}

/* The .dist-info is "<name>-<version>.dist-info" of the project and
 * version the file name gives (pip refuses another project's; a version
 * that differs is metadata pip would not trust either). */
static int check_dist_info(const struct wheel *w)
{
	char *stem = xstrndup(w->dist_info, strlen(w->dist_info) - 10); /* less ".dist-info" */
	char *dash = strrchr(stem, '-');
	const char *version = dash ? dash + 1 : NULL;
	int ok = dash && (*dash = '\0', wheelname_same_project(stem, w->file.name));

	if (ok) {
		for (char *p = dash + 1; *p; p++)
			if (*p == '_')
				*p = '-';
		ok = !strcasecmp(version, w->file.version);
	}
	free(stem);
	if (!ok)
		return error("wheel '%s' has the metadata directory '%s', not that of %s %s", w->path,
			     w->dist_info, w->file.name, w->file.version);
	return 0;
}

static int check_wheel_meta(struct wheel *w)
{
	const char *v = strstr(w->wheel_meta.buf, "Wheel-Version:");
	const char *root = strstr(w->wheel_meta.buf, "Root-Is-Purelib:");

	if (!v)
		return error("wheel '%s' has no Wheel-Version", w->path);
	for (v += 14; *v == ' '; v++)
		;
	if (strncmp(v, "1.", 2))
		return error("wheel '%s' has Wheel-Version %.*s; pyvenv supports 1.x", w->path,
			     (int)strcspn(v, "\r\n"), v);
	if (root) {
		for (root += 16; *root == ' '; root++)
			;
		w->root_is_purelib = !strncasecmp(root, "true", 4);
	}
	w->data_dir = xstrfmt("%.*s.data", (int)(strlen(w->dist_info) - 10), w->dist_info);
	return check_dist_info(w) || parse_record(w, &w->record, &w->expected);
}

/* Where a member goes: a directory of dest plus the rest of the name. */
static const char *member_target(const struct wheel *w, const struct wheel_dest *d,
				 const char *name, const char **rest, int *is_script)
{
	const size_t dlen = strlen(w->data_dir);
	static const char *const keys[] = { "purelib", "platlib", "scripts", "headers", "data" };

	*is_script = 0;
	if (strncmp(name, w->data_dir, dlen) || name[dlen] != '/') {
		*rest = name;
		return w->root_is_purelib ? d->purelib : d->platlib;
	}
	name += dlen + 1;
	for (size_t i = 0; i < 5; i++) {
		const size_t klen = strlen(keys[i]);

		if (!strncmp(name, keys[i], klen) && name[klen] == '/' && name[klen + 1]) {
			const char *const dirs[] = { d->purelib, d->platlib, d->scripts, d->headers, d->data };

			*rest = name + klen + 1;
			*is_script = i == 2;
			return dirs[i];
		}
	}
	return NULL;
}

static void add_written(struct wheel *w, const char *root, const char *path,
			const unsigned char digest[HASH_LEN], size_t size)
{
	struct strbuf hash = STRBUF_INIT;

	hash_record_digest(&hash, digest);
	rows_add(&w->written, fs_relpath(path, root), strbuf_detach(&hash), xstrfmt("%zu", size));
}

/* path (absolute, below the environment) relative to the environment. */
static char *out_name(const struct wheel *w, const char *path)
{
	const size_t n = strlen(w->out.path);

	if (!strncmp(path, w->out.path, n) && path[n] == '/')
		return xstrdup(path + n + 1);
	return xstrdup(path); /* refused by extract's rule: not relative */
}

/* Writes data to path (absolute, below the environment). */
static int write_out(struct wheel *w, const char *path, const char *data, size_t len, mode_t mode)
{
	char *name = out_name(w, path);
	const int rc = extract_data(&w->out, name, data, len, mode);

	free(name);
	return rc;
}

/* Writes data to path (0644, or 0755 when exec), and records it. */
static int write_recorded(struct wheel *w, const char *root, const char *path, const char *data,
			  size_t len, int exec)
{
	unsigned char digest[HASH_LEN];

	if (write_out(w, path, data, len, exec ? 0755 : 0644))
		return -1;
	hash_buffer(data, len, digest);
	add_written(w, root, path, digest, len);
	return 0;
}

static int check_expected(const struct wheel *w, const char *name, const unsigned char digest[HASH_LEN],
			  size_t size)
{
	struct row key = { (char *)name, NULL, NULL };
	const struct row *row = bsearch(&key, w->expected.v, w->expected.n, sizeof(key), row_cmp);
	struct strbuf hash = STRBUF_INIT;
	int ok;

	if (!row)
		return error("wheel '%s' is corrupt: '%s' is not in its RECORD", w->path, name);
	if (!*row->hash)
		return 0;
	hash_record_digest(&hash, digest);
	ok = !strcmp(hash.buf, row->hash) && (!*row->size || strtoull(row->size, NULL, 10) == size);
	strbuf_release(&hash);
	return ok ? 0 : error("wheel '%s' is corrupt: '%s' does not match its RECORD", w->path, name);
}

/* A script from .data/scripts: "#!python" becomes our header. */
static int install_data_script(struct wheel *w, const struct wheel_dest *d, struct archive *a,
			       const char *name, const char *path)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	int ret;

	if (extract_read_member(a, &in, SIZE_MAX)) {
		strbuf_release(&in);
		return error("cannot read '%s' from wheel '%s'", name, w->path);
	}
	hash_buffer(in.buf, in.len, digest);
	if (check_expected(w, name, digest, in.len)) {
		strbuf_release(&in);
		return -1;
	}
	if (!strncmp(in.buf, "#!python", 8)) {
		const char *nl = strchr(in.buf, '\n');

		script_header(&out, d->python);
		if (nl)
			strbuf_addstr(&out, nl + 1);
	} else {
		strbuf_add(&out, in.buf, in.len);
	}
	ret = write_recorded(w, w->root_is_purelib ? d->purelib : d->platlib, path, out.buf, out.len, 1);
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}

/* Pass 2: every file to its place. */
static int extract_wheel(struct wheel *w, const struct wheel_dest *d)
{
	const char *root = w->root_is_purelib ? d->purelib : d->platlib;
	struct archive *a = open_wheel(w->path);
	struct archive_entry *entry;
	int r, ret = -1;

	if (!a)
		return -1;
	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(entry);
		const char *rest, *base;
		unsigned char digest[HASH_LEN];
		char *path;
		int is_script, rc = 0;
		uint64_t size;

		if (interrupt_pending())
			goto out;
		if (archive_entry_filetype(entry) != AE_IFREG)
			continue;
		if (!strncmp(name, w->dist_info, strlen(w->dist_info)) &&
		    (!strcmp(name + strlen(w->dist_info), "/RECORD") ||
		     !strcmp(name + strlen(w->dist_info), "/INSTALLER") ||
		     !strcmp(name + strlen(w->dist_info), "/REQUESTED") ||
		     (w->opts && w->opts->direct_url && !strcmp(name + strlen(w->dist_info), "/direct_url.json"))))
			continue;
		base = member_target(w, d, name, &rest, &is_script);
		if (!base) {
			error("wheel '%s' has '%s' in an unknown .data directory", w->path, name);
			goto out;
		}
		path = fs_join(base, rest);
		if (is_script) {
			rc = install_data_script(w, d, a, name, path);
		} else {
			const mode_t mode = archive_entry_perm(entry) & 0111 ? 0755 : 0644;
			char *out = out_name(w, path);

			rc = extract_file(&w->out, out, a, w->path, mode, NULL, digest, &size);
			free(out);
			if (!rc)
				rc = check_expected(w, name, digest, (size_t)size);
			if (!rc)
				add_written(w, root, path, digest, (size_t)size);
		}
		free(path);
		if (rc)
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		error("cannot read wheel '%s': %s", w->path, archive_error_string(a));
		goto out;
	}
	ret = 0;
out:
	archive_read_free(a);
	return ret;
}

int wheel_script_names(const char *name, int major, int minor, char *names[3])
{
	static const char *const special[] = { "pip", "easy_install" };

	for (size_t i = 0; i < 2; i++) {
		const size_t len = strlen(special[i]);
		const char *tail = name + len;

		if (strncmp(name, special[i], len))
			continue;
		if (!*tail) {
			names[0] = xstrdup(name);
			if (i == 0) {
				names[1] = xstrfmt("pip%d", major);
				names[2] = xstrfmt("pip%d.%d", major, minor);
				return 3;
			}
			names[1] = xstrfmt("easy_install-%d.%d", major, minor);
			return 2;
		}
		/* Versioned names in the wheel are those of the machine that
		 * built it: dropped, as pip does. */
		if (i == 0 ? (isdigit((unsigned char)*tail) && strspn(tail, "0123456789.") == strlen(tail))
			   : (*tail == '-' && strspn(tail + 1, "0123456789.") == strlen(tail + 1)))
			return 0;
	}
	names[0] = xstrdup(name);
	return 1;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* A script's name is one plain file name: no '/', not "." or "..", no
 * control character. */
static int script_name_ok(const char *name)
{
	if (!*name || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
		return 0;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int write_console_scripts(struct wheel *w, const struct wheel_dest *d)
{
	const char *root = w->root_is_purelib ? d->purelib : d->platlib;
	char *text = xstrdup(w->entry_points.buf);
	char *line, *save = NULL;
	int in_scripts = 0, ret = 0;
	struct strbuf script = STRBUF_INIT;

	for (line = strtok_r(text, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
		char *l = trim(line), *eq, *names[3];
		int n;

		if (*l == '[') {
			in_scripts = !strcmp(l, "[console_scripts]") || !strcmp(l, "[gui_scripts]");
			continue;
		}
		eq = strchr(l, '=');
		if (!in_scripts || !eq || *l == '#' || *l == ';')
			continue;
		*eq = '\0';
		n = wheel_script_names(trim(l), d->py_major, d->py_minor, names);
		for (int i = 0; i < n; i++) {
			char *path = fs_join(d->scripts, names[i]);

			strbuf_reset(&script);
			if (!ret && !script_name_ok(names[i]))
				ret = error("wheel '%s' has an entry point '%s' in '%s/entry_points.txt' that is not a "
					    "plain file name", w->path, names[i], w->dist_info);
			if (!ret)
				ret = script_console(&script, d->python, trim(eq + 1));
			if (!ret)
				ret = write_recorded(w, root, path, script.buf, script.len, 1);
			free(path);
			free(names[i]);
		}
	}
	strbuf_release(&script);
	free(text);
	return ret;
}

static int write_metadata(struct wheel *w, const struct wheel_dest *d)
{
	const char *root = w->root_is_purelib ? d->purelib : d->platlib;
	char *dir = fs_join(root, w->dist_info);
	char *installer = fs_join(dir, "INSTALLER");
	char *requested = fs_join(dir, "REQUESTED");
	char *direct_url = fs_join(dir, "direct_url.json");
	char *record = fs_join(dir, "RECORD");
	const struct wheel_opts *o = w->opts;
	char *by = xstrfmt("%s\n", o && o->installer ? o->installer : "pyvenv");
	struct strbuf text = STRBUF_INIT;
	int ret = -1;

	if (write_recorded(w, root, installer, by, strlen(by), 0) ||
	    (!(o && o->not_requested) && write_recorded(w, root, requested, "", 0, 0)) ||
	    (o && o->direct_url && write_recorded(w, root, direct_url, o->direct_url, strlen(o->direct_url), 0)))
		goto out;
	rows_add(&w->written, fs_relpath(record, root), xstrdup(""), xstrdup(""));
	qsort(w->written.v, w->written.n, sizeof(*w->written.v), row_cmp);
	for (size_t i = 0; i < w->written.n; i++)
		record_add_row(&text, w->written.v[i].path, w->written.v[i].hash, w->written.v[i].size);
	ret = write_out(w, record, text.buf, text.len, 0644);
out:
	strbuf_release(&text);
	free(by);
	free(record);
	free(direct_url);
	free(requested);
	free(installer);
	free(dir);
	return ret;
}

int wheel_install(const char *path, const struct wheel_dest *dest, const struct wheel_opts *opts)
{
	struct wheel w = { .path = path, .opts = opts, .root_is_purelib = 1 };
	int ret = -1;

	assert(path && dest && dest->python);
	if (wheelname_parse(path, &w.file))
		return error("'%s' is not a wheel's file name (name-version-python-abi-platform.whl)", path);
	strbuf_init(&w.wheel_meta);
	strbuf_init(&w.record);
	strbuf_init(&w.entry_points);
	if (extract_open(&w.out, dest->data, EXTRACT_REPLACE)) {
		extract_close(&w.out, 0);
		return -1;
	}
	if (scan_wheel(&w) || check_wheel_meta(&w) || extract_wheel(&w, dest) ||
	    write_console_scripts(&w, dest) || write_metadata(&w, dest))
		goto out;
	ret = 0;
out:
	wheelname_release(&w.file);
	free(w.dist_info);
	free(w.data_dir);
	strbuf_release(&w.wheel_meta);
	strbuf_release(&w.record);
	strbuf_release(&w.entry_points);
	rows_release(&w.expected);
	rows_release(&w.written);
	extract_close(&w.out, 0);
	return ret;
}
