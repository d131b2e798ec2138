/*
 * bytecode: RECORD rows for compiled files.
 */
#include "bytecode.h"

#include "fsutil.h"
#include "msg.h"
#include "record.h"
#include "strbuf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct rows {
	struct record_row *v;
	size_t n, alloc;
};

static void rows_push(struct rows *r, struct record_row *row)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 64;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	r->v[r->n++] = *row;
	*row = (struct record_row)RECORD_ROW_INIT;
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct record_row *)a)->path.buf, ((const struct record_row *)b)->path.buf);
}

static int listed(const struct rows *r, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].path.buf, path))
			return 1;
	return 0;
}

/* The compiled file of the .py at rel (relative to site), if it exists. */
static void add_compiled(struct rows *r, size_t i, const char *site, const char *tag)
{
	const char *rel = r->v[i].path.buf, *slash = strrchr(rel, '/');
	const size_t len = strlen(rel);
	char *pyc;
	char *abs;
	struct stat st;

	if (len < 4 || strcmp(rel + len - 3, ".py") || !strncmp(rel, "../", 3))
		return;
	pyc = xstrfmt("%.*s__pycache__/%.*s.%s.pyc", slash ? (int)(slash - rel + 1) : 0, rel,
		      (int)(len - 3 - (slash ? (size_t)(slash - rel + 1) : 0)), slash ? slash + 1 : rel, tag);
	abs = fs_join(site, pyc);
	/* without hash or size, as pip records them: Python rewrites them */
	if (!listed(r, pyc) && !stat(abs, &st) && S_ISREG(st.st_mode)) {
		struct record_row row = RECORD_ROW_INIT;

		strbuf_addstr(&row.path, pyc);
		rows_push(r, &row);
	}
	free(abs);
	free(pyc);
}

static int record_one(const char *site, const char *info, const char *tag)
{
	char *record = fs_join(info, "RECORD");
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct record_row row = RECORD_ROW_INIT;
	struct rows rows = { 0 };
	const char *pos, *end;
	int r, ret = 0;

	if (strbuf_read_file(&text, record) < 0) {
		ret = error_errno("cannot read '%s'", record);
		goto out;
	}
	pos = text.buf;
	end = text.buf + text.len;
	while ((r = record_next(&pos, end, &row)) > 0)
		rows_push(&rows, &row);
	if (r < 0) {
		ret = error("'%s' has a malformed row", record);
		goto out;
	}
	for (size_t i = 0, n = rows.n; i < n; i++)
		add_compiled(&rows, i, site, tag);
	if (rows.n)
		qsort(rows.v, rows.n, sizeof(*rows.v), row_cmp);
	for (size_t i = 0; i < rows.n; i++)
		record_add_row(&out, rows.v[i].path.buf, rows.v[i].hash.buf, rows.v[i].size.buf);
	ret = fs_replace_file(record, out.buf, out.len, 0644);
out:
	for (size_t i = 0; i < rows.n; i++)
		record_row_release(&rows.v[i]);
	free(rows.v);
	record_row_release(&row);
	strbuf_release(&text);
	strbuf_release(&out);
	free(record);
	return ret;
}

/* Whether the .dist-info at info was installed by pyvenv. */
static int ours(const char *info)
{
	char *path = fs_join(info, "INSTALLER");
	struct strbuf sb = STRBUF_INIT;
	const int yes = strbuf_read_file(&sb, path) >= 0 && !strcmp(sb.buf, "pyvenv\n");

	strbuf_release(&sb);
	free(path);
	return yes;
}

int bytecode_record(const char *site, const char *cache_tag)
{
	DIR *d = opendir(site);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error_errno("cannot read '%s'", site);
	while (!ret && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);
		char *info;

		if (len <= 10 || strcmp(e->d_name + len - 10, ".dist-info"))
			continue;
		info = fs_join(site, e->d_name);
		if (ours(info))
			ret = record_one(site, info, cache_tag);
		free(info);
	}
	closedir(d);
	return ret;
}
