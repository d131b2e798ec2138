/*
 * record: RECORD rows.
 */
#include "record.h"

#include <assert.h>
#include <string.h>

void record_row_release(struct record_row *row)
{
	strbuf_release(&row->path);
	strbuf_release(&row->hash);
	strbuf_release(&row->size);
}

/* Past the blank lines at p, which are not rows (csv.reader skips them). */
static const char *skip_blank_lines(const char *p, const char *end)
{
	while (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')))
		p += *p == '\r' ? 2 : 1;
	return p;
}

int record_next(const char **pos, const char *end, struct record_row *row)
{
	struct strbuf *fields[3] = { &row->path, &row->hash, &row->size };
	const char *p = *pos;
	size_t nfield = 0;
	int bad = 0;

	strbuf_reset(&row->path);
	strbuf_reset(&row->hash);
	strbuf_reset(&row->size);
	p = skip_blank_lines(p, end);
	if (p >= end) {
		*pos = end;
		return 0;
	}
	for (;;) {
		struct strbuf *f = nfield < 3 ? fields[nfield] : NULL;

		nfield++;
		if (p < end && *p == '"') {
			/* A quoted field: up to the lone closing quote. */
			for (p++;; p++) {
				if (p >= end) {
					*pos = end;
					return -1;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						p++;
					} else {
						p++;
						break;
					}
				}
				if (!*p)
					bad = 1;
				if (f)
					strbuf_addch(f, *p);
			}
		}
		/* The unquoted field, or what follows a closing quote. */
		while (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
			if (!*p)
				bad = 1;
			if (f)
				strbuf_addch(f, *p);
			p++;
		}
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		break;
	}
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	*pos = p;
	return bad || nfield != 3 ? -1 : 1;
}

/* Appends a field as Python's csv module writes it: quoted when it holds a
 * comma, a quote or a line end, a quote inside doubled. */
static void add_field(struct strbuf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_addstr(out, s);
		return;
	}
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

void record_add_row(struct strbuf *out, const char *path, const char *hash, const char *size)
{
	add_field(out, path);
	strbuf_addch(out, ',');
	add_field(out, hash);
	strbuf_addch(out, ',');
	add_field(out, size);
	strbuf_addch(out, '\n');
}

static const struct record_update *find_update(const struct record_update *u, size_t n,
					       const struct strbuf *path)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(u[i].path, path->buf))
			return &u[i];
	return NULL;
}

size_t record_rewrite(struct strbuf *out, const char *in, size_t len, const struct record_update *u,
		      size_t n)
{
	struct record_row row = RECORD_ROW_INIT;
	const char *pos = in, *const end = in + len;
	size_t changed = 0;

	assert(in);
	while (pos < end) {
		const char *start = skip_blank_lines(pos, end), *stop;
		const struct record_update *up;

		strbuf_add(out, pos, (size_t)(start - pos));
		up = record_next(&pos, end, &row) > 0 ? find_update(u, n, &row.path) : NULL;
		if (!up) {
			/* Other rows, malformed ones included, as they were. */
			strbuf_add(out, start, (size_t)(pos - start));
			continue;
		}
		/* The row without its line end, which stays as it was. */
		stop = pos;
		if (stop > start && stop[-1] == '\n')
			stop -= stop - 1 > start && stop[-2] == '\r' ? 2 : 1;
		add_field(out, up->path);
		strbuf_addch(out, ',');
		hash_record_digest(out, up->digest);
		strbuf_addf(out, ",%zu", up->size);
		strbuf_add(out, stop, (size_t)(pos - stop));
		changed++;
	}
	record_row_release(&row);
	return changed;
}
