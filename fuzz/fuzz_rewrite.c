/*
 * fuzz_rewrite: the prefix rewriter that moves an environment.
 *
 * Every input is used four ways:
 *  - as a script: script_parse_header() finds its interpreter, and
 *    script_relocate() moves it to other prefixes (a plain shebang, one
 *    that needs the /bin/sh trampoline, one with quotes and backslashes),
 *    also from a "#!" line that is the old prefix and a rest without
 *    blanks; the moved script must parse back to the moved path with the
 *    rest of the file unchanged;
 *  - as a path: the header script_header() writes for "/" + the input (up to
 *    a NUL) parses back to that path, followed by anything;
 *  - as a RECORD file: record_next() reads every row, and record_rewrite()
 *    updates every other row that names a file, the others kept as they were;
 *  - as any file: relocate_replace_prefix() replaces a prefix found in it.
 */
#include "fuzz.h"

#include "hash.h"
#include "record.h"
#include "script.h"
#include "relocate.h"
#include "venv.h"

#include <string.h>

#define MAX_ROWS 256

static const char *const new_prefixes[] = {
	"/new",
	"/a dir/with 'quotes', \"double\" \\ and $dollars`/env",
	"/a/long/prefix/0123456789012345678901234567890123456789/0123456789012345678901234567890123456789/env",
};

/* Parses data/len as a script; the checks every successful parse meets. */
static int parse(const char *data, size_t len, struct strbuf *python, size_t *header)
{
	int r;

	strbuf_reset(python);
	*header = (size_t)-1;
	r = script_parse_header(data, len, python, header);
	FUZZ_CHECK(r == 0 || r == -1);
	FUZZ_CHECK(r == 0 ? *header > 0 && *header <= len : python->len == 0);
	return r;
}

/* A first line "#!" old_prefix "/" rest, the rest without a blank or NUL:
 * script_relocate() reads it as one path even where the parser does not. */
static int prefixed_line(const char *data, size_t len, const char *old_prefix, struct strbuf *python,
			 size_t *header)
{
	const size_t olen = strlen(old_prefix);
	const char *nl = memchr(data, '\n', len);

	if (!nl || (size_t)(nl - data) < olen + 3 || memcmp(data, "#!", 2) || memcmp(data + 2, old_prefix, olen) ||
	    data[2 + olen] != '/')
		return 0;
	for (const char *p = data + 2 + olen; p < nl; p++)
		if (*p == ' ' || *p == '\t' || !*p)
			return 0;
	strbuf_reset(python);
	strbuf_add(python, data + 2, (size_t)(nl - data - 2));
	*header = (size_t)(nl - data) + 1;
	return 1;
}

static void check_relocate(const char *data, size_t len, const char *old_prefix)
{
	struct strbuf python = STRBUF_INIT, moved = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT;
	const size_t olen = strlen(old_prefix);
	size_t header, moved_header;
	const int parsed = !parse(data, len, &python, &header) || prefixed_line(data, len, old_prefix, &python, &header);
	const int under = parsed && python.len > olen && !memcmp(python.buf, old_prefix, olen) &&
			  python.buf[olen] == '/';

	for (size_t i = 0; i < sizeof(new_prefixes) / sizeof(*new_prefixes); i++) {
		const int r = script_relocate(&out, data, len, old_prefix, new_prefixes[i]);

		FUZZ_CHECK(r == under);
		if (!r) {
			FUZZ_CHECK(!out.len);
			continue;
		}
		strbuf_reset(&want);
		strbuf_addstr(&want, new_prefixes[i]);
		strbuf_add(&want, python.buf + olen, python.len - olen);
		FUZZ_CHECK(!parse(out.buf, out.len, &moved, &moved_header));
		FUZZ_CHECK(moved.len == want.len && !memcmp(moved.buf, want.buf, want.len));
		FUZZ_CHECK(out.len - moved_header == len - header);
		FUZZ_CHECK(!memcmp(out.buf + moved_header, data + header, len - header));
		strbuf_reset(&out);
	}
	strbuf_release(&python);
	strbuf_release(&moved);
	strbuf_release(&out);
	strbuf_release(&want);
}

/* The header for "/" + data (up to a NUL) parses back to that path. */
static void check_header_round_trip(const char *data, size_t len)
{
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT, back = STRBUF_INIT;
	size_t header;

	strbuf_addch(&path, '/');
	strbuf_add(&path, data, strnlen(data, len));
	script_header(&out, path.buf);
	if (memcmp(out.buf, "#!/bin/sh\n'''exec' ", 19))
		FUZZ_CHECK(out.len <= SCRIPT_MAX_SHEBANG && out.buf[out.len - 1] == '\n');
	else
		FUZZ_CHECK(memmem(out.buf, out.len, "\n' '''\n", 7) == out.buf + out.len - 7);
	header = out.len;
	strbuf_add(&out, data, len);
	FUZZ_CHECK(!parse(out.buf, out.len, &back, &header));
	FUZZ_CHECK(header == out.len - len);
	FUZZ_CHECK(back.len == path.len && !memcmp(back.buf, path.buf, path.len));
	strbuf_release(&path);
	strbuf_release(&out);
	strbuf_release(&back);
}

struct rows {
	int r[MAX_ROWS];
	struct record_row row[MAX_ROWS];
	size_t n;
};

/* Reads up to MAX_ROWS rows of data/len into rows; 1 if that was all. */
static int read_rows(const char *data, size_t len, struct rows *rows)
{
	const char *pos = data, *const end = data + len;
	struct record_row row = RECORD_ROW_INIT;
	int r;

	rows->n = 0;
	while ((r = record_next(&pos, end, &row))) {
		const struct record_row fresh = RECORD_ROW_INIT;

		FUZZ_CHECK(r == 1 || r == -1);
		FUZZ_CHECK(pos > data && pos <= end);
		if (r == 1) {
			FUZZ_CHECK(strlen(row.path.buf) == row.path.len);
			FUZZ_CHECK(strlen(row.hash.buf) == row.hash.len);
			FUZZ_CHECK(strlen(row.size.buf) == row.size.len);
		}
		if (rows->n == MAX_ROWS) {
			record_row_release(&row);
			return 0;
		}
		rows->r[rows->n] = r;
		rows->row[rows->n++] = row;
		row = fresh;
	}
	FUZZ_CHECK(pos == end);
	record_row_release(&row);
	return 1;
}

static void rows_release(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		record_row_release(&rows->row[i]);
	rows->n = 0;
}

static int same_row(const struct record_row *a, const struct record_row *b)
{
	return a->path.len == b->path.len && !memcmp(a->path.buf, b->path.buf, a->path.len) &&
	       a->hash.len == b->hash.len && !memcmp(a->hash.buf, b->hash.buf, a->hash.len) &&
	       a->size.len == b->size.len && !memcmp(a->size.buf, b->size.buf, a->size.len);
}

/* The update naming row's path, or NULL. */
static const struct record_update *update_for(const struct record_update *u, size_t n,
					      const struct record_row *row)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(u[i].path, row->path.buf))
			return &u[i];
	return NULL;
}

static void check_record(const char *data, size_t len)
{
	static struct rows in, out;
	static char no_such_file[] = "no/such/file.py";
	struct record_update u[MAX_ROWS / 2 + 1];
	struct strbuf text = STRBUF_INIT, want = STRBUF_INIT;
	size_t n = 0, replaced = 0;

	if (!read_rows(data, len, &in)) {
		rows_release(&in);
		return;
	}
	/* Every other row, and a file no row names. */
	for (size_t i = 0; i < in.n; i += 2) {
		if (in.r[i] != 1)
			continue;
		u[n].path = in.row[i].path.buf;
		hash_buffer(u[n].path, strlen(u[n].path), u[n].digest);
		u[n++].size = i;
	}
	u[n].path = no_such_file;
	hash_buffer("", 0, u[n].digest);
	u[n++].size = 0;
	for (size_t i = 0; i < in.n; i++)
		replaced += in.r[i] == 1 && update_for(u, n, &in.row[i]);

	FUZZ_CHECK(record_rewrite(&text, data, len, u, n) == replaced);
	FUZZ_CHECK(read_rows(text.buf, text.len, &out));
	FUZZ_CHECK(out.n == in.n);
	for (size_t i = 0; i < in.n; i++) {
		const struct record_update *up = in.r[i] == 1 ? update_for(u, n, &in.row[i]) : NULL;

		FUZZ_CHECK(out.r[i] == in.r[i]);
		if (!up) {
			FUZZ_CHECK(same_row(&out.row[i], &in.row[i]));
			continue;
		}
		strbuf_reset(&want);
		hash_record_digest(&want, up->digest);
		FUZZ_CHECK(!strcmp(out.row[i].path.buf, up->path));
		FUZZ_CHECK(!strcmp(out.row[i].hash.buf, want.buf));
		strbuf_reset(&want);
		strbuf_addf(&want, "%zu", up->size);
		FUZZ_CHECK(!strcmp(out.row[i].size.buf, want.buf));
	}
	rows_release(&in);
	rows_release(&out);
	strbuf_release(&text);
	strbuf_release(&want);
}

/* Non-overlapping occurrences of s, left to right. */
static size_t count(const char *data, size_t len, const char *s)
{
	const size_t slen = strlen(s);
	size_t n = 0;

	for (const char *p = data, *hit; (hit = memmem(p, len - (size_t)(p - data), s, slen)); p = hit + slen)
		n++;
	return n;
}

static void check_replace(const char *data, size_t len, const char *old_prefix)
{
	static const char marker[] = "\x01\x02";
	struct strbuf out = STRBUF_INIT, back = STRBUF_INIT;
	const size_t olen = strlen(old_prefix), want = count(data, len, old_prefix);

	FUZZ_CHECK(relocate_replace_prefix(&out, data, len, old_prefix, new_prefixes[1]) == want);
	FUZZ_CHECK(out.len == len - want * olen + want * strlen(new_prefixes[1]));
	FUZZ_CHECK(want || (out.len == len && !memcmp(out.buf, data, len)));
	/* Through a marker the input does not hold, and back. */
	if (!memmem(data, len, marker, 2) && !strstr(old_prefix, "\x01") && !strstr(old_prefix, "\x02")) {
		strbuf_reset(&out);
		relocate_replace_prefix(&out, data, len, old_prefix, marker);
		FUZZ_CHECK(relocate_replace_prefix(&back, out.buf, out.len, marker, old_prefix) == want);
		FUZZ_CHECK(back.len == len && !memcmp(back.buf, data, len));
	}
	strbuf_release(&out);
	strbuf_release(&back);
}

/* Prefixes to move from: the interpreter's directory and the one above, the
 * first absolute path in the input, and the first line's directory above its
 * last two slashes when it starts "#!/" (blanks and all). */
static size_t old_prefixes(const char *data, size_t len, char *out[4])
{
	struct strbuf python = STRBUF_INIT;
	const char *slash = memchr(data, '/', len);
	size_t header, n = 0;

	/* Up to a NUL in the path, if it has one. */
	if (!parse(data, len, &python, &header) && python.buf[0] == '/') {
		for (int up = 0; up < 2; up++) {
			char *cut = strrchr(python.buf, '/');

			if (!cut || cut == python.buf)
				break;
			*cut = '\0';
			out[n++] = xstrdup(python.buf);
		}
	}
	if (slash) {
		size_t plen = 1;

		while (slash + plen < data + len && !strchr(" \t\r\n\"',:;=", slash[plen]) && slash[plen])
			plen++;
		out[n++] = xstrndup(slash, plen);
	}
	if (len > 3 && !memcmp(data, "#!/", 3) && memchr(data, '\n', len)) {
		char *line = xstrndup(data + 2, (size_t)((const char *)memchr(data, '\n', len) - data - 2));
		char *cut = strrchr(line, '/');

		if (cut && cut != line)
			*cut = '\0';
		cut = strrchr(line, '/');
		if (cut && cut != line) {
			*cut = '\0';
			out[n++] = line;
		} else {
			free(line);
		}
	}
	strbuf_release(&python);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
	const char *data = (const char *)bytes;
	char *olds[4];
	const size_t n = old_prefixes(data, size, olds);

	fuzz_quiet();
	check_header_round_trip(data, size);
	for (size_t i = 0; i < n; i++) {
		check_relocate(data, size, olds[i]);
		check_replace(data, size, olds[i]);
		free(olds[i]);
	}
	check_record(data, size);
	return 0;
}
