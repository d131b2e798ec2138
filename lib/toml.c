/*
 * toml: TOML 1.0 documents as jansson trees (toml.h). This half reads the
 * document's lines, keys, [table] and [[array of tables]] headers with
 * TOML's rules for defining tables, arrays and inline tables; toml_value.c
 * reads the scalars.
 *
 * What may still change is kept beside the tree, by address (struct
 * toml_meta). An inline table is there as such: it is immutable, and so is
 * an array that is not there (an array value). Anything else not there is
 * a value (a scalar, or the object that marks a date-time for
 * opts->typed). Any other table there is implicit (made on
 * the way to a header's table: a header may define it once, dotted keys of
 * one section may take it over), defined (by a header, or an element of an
 * array of tables: never again), or made by dotted keys (which may add to
 * it in the section that made it only; a header may reach through it to
 * define tables below it, never define it). An array there is an array of
 * tables: [[header]] appends to it, other headers reach into its last
 * element. Keys inside an inline table make a section of their own, so
 * its dotted keys can extend only what they made.
 */
#include "toml_int.h"

#include "utf8.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum meta_kind { META_IMPLICIT, META_DEFINED, META_DOTTED, META_ARRAY, META_INLINE };

struct toml_meta {
	const json_t *node;  /* NULL: a free slot */
	enum meta_kind kind;
	size_t section;      /* of META_DOTTED: the section whose keys made it */
};

/* A key as written: its parts, unescaped. */
struct key {
	struct strbuf *parts;
	size_t n, alloc;
	const char *at;      /* where it starts */
};

#define KEY_INIT { NULL, 0, 0, NULL }

static json_t *value(struct toml_parser *tp, size_t depth);

size_t toml_line(struct toml_parser *tp, const char *at)
{
	const char *p = tp->start;
	size_t line = 1;

	if (tp->line_at && tp->line_at <= at) {
		p = tp->line_at;
		line = tp->line_no;
	}
	tp->line_at = at;
	for (; p < at && (p = memchr(p, '\n', (size_t)(at - p))); p++)
		line++;
	tp->line_no = line;
	return line;
}

int toml_fail(struct toml_parser *tp, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (tp->failed)
		return -1;
	tp->failed = 1;
	strbuf_addf(tp->why, "%s:%zu: ", tp->name, toml_line(tp, at));
	va_start(ap, fmt);
	strbuf_vaddf(tp->why, fmt, ap);
	va_end(ap);
	return -1;
}

int toml_is_bare(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* --- what may change: an open-addressed set of tables and arrays -------- */

static size_t meta_slot(const struct toml_parser *tp, const json_t *node)
{
	const size_t mask = tp->meta_alloc - 1;
	size_t i = (size_t)(((uintptr_t)node >> 4) * 0x9e3779b97f4a7c15ull >> 20) & mask;

	while (tp->meta[i].node && tp->meta[i].node != node)
		i = (i + 1) & mask;
	return i;
}

static struct toml_meta *meta_get(const struct toml_parser *tp, const json_t *node)
{
	const size_t i = meta_slot(tp, node);

	return tp->meta[i].node ? &tp->meta[i] : NULL;
}

static void meta_add(struct toml_parser *tp, const json_t *node, enum meta_kind kind)
{
	size_t i;

	if (2 * (tp->nmeta + 1) > tp->meta_alloc) {
		struct toml_meta *const old = tp->meta;
		const size_t old_alloc = tp->meta_alloc;

		tp->meta_alloc = old_alloc ? 2 * old_alloc : 64;
		tp->meta = xcalloc(tp->meta_alloc, sizeof(*tp->meta));
		for (size_t j = 0; j < old_alloc; j++)
			if (old[j].node)
				tp->meta[meta_slot(tp, old[j].node)] = old[j];
		free(old);
	}
	i = meta_slot(tp, node);
	tp->meta[i].node = node;
	tp->meta[i].kind = kind;
	tp->meta[i].section = tp->section;
	tp->nmeta++;
}

/* --- whitespace, comments, line ends ------------------------------------ */

static void skip_ws(struct toml_parser *tp)
{
	while (tp->p < tp->end && (*tp->p == ' ' || *tp->p == '\t'))
		tp->p++;
}

static int eol_len(const struct toml_parser *tp)
{
	if (tp->p < tp->end && *tp->p == '\n')
		return 1;
	if (tp->end - tp->p >= 2 && tp->p[0] == '\r' && tp->p[1] == '\n')
		return 2;
	return 0;
}

/* The length of the character at tp->p (not at the end), for messages. */
static int char_len(const struct toml_parser *tp)
{
	int ok;

	return (int)utf8_step((const unsigned char *)tp->p, (size_t)(tp->end - tp->p), &ok);
}

/* A comment at tp->p, if there is one, up to its line's end. */
static int skip_comment(struct toml_parser *tp)
{
	if (tp->p >= tp->end || *tp->p != '#')
		return 0;
	for (tp->p++; tp->p < tp->end && *tp->p != '\n'; tp->p++) {
		const unsigned char c = (unsigned char)*tp->p;

		if ((c < 0x20 && c != '\t' && !eol_len(tp)) || c == 0x7f)
			return toml_fail(tp, tp->p, "control character U+%04X in a comment", c);
		if (eol_len(tp))
			break;
	}
	return 0;
}

/* Whitespace, comments and newlines, as arrays may hold them. */
static int skip_wcn(struct toml_parser *tp)
{
	for (;;) {
		int n;

		skip_ws(tp);
		if (skip_comment(tp))
			return -1;
		if (!(n = eol_len(tp)))
			return 0;
		tp->p += n;
	}
}

/* The end of a line that held what: whitespace, a comment, a newline (or
 * the end of the document). */
static int end_of_line(struct toml_parser *tp, const char *what)
{
	int n;

	skip_ws(tp);
	if (skip_comment(tp))
		return -1;
	if ((n = eol_len(tp)) || tp->p == tp->end) {
		tp->p += n;
		return 0;
	}
	if ((unsigned char)*tp->p < 0x20 || *tp->p == 0x7f)
		return toml_fail(tp, tp->p, "control character U+%04X after %s",
				 (unsigned char)*tp->p, what);
	return toml_fail(tp, tp->p, "expected a newline after %s, not '%.*s'", what,
			 char_len(tp), tp->p);
}

/* --- keys ----------------------------------------------------------------- */

static void key_release(struct key *k)
{
	for (size_t i = 0; i < k->n; i++)
		strbuf_release(&k->parts[i]);
	free(k->parts);
	k->parts = NULL;
	k->n = k->alloc = 0;
}

/* The first n parts of k as TOML writes them, for messages. */
static const char *key_show(struct strbuf *sb, const struct key *k, size_t n)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++) {
		const struct strbuf *part = &k->parts[i];
		size_t bare = part->len > 0;

		for (size_t j = 0; j < part->len && bare; j++)
			bare = toml_is_bare((unsigned char)part->buf[j]);
		if (i)
			strbuf_addch(sb, '.');
		if (bare) {
			strbuf_add(sb, part->buf, part->len);
			continue;
		}
		strbuf_addch(sb, '"');
		for (size_t j = 0; j < part->len; j++) {
			const unsigned char c = (unsigned char)part->buf[j];

			if (c == '"' || c == '\\')
				strbuf_addf(sb, "\\%c", c);
			else if (c < 0x20 || c == 0x7f)
				strbuf_addf(sb, "\\u%04X", c);
			else
				strbuf_addch(sb, c);
		}
		strbuf_addch(sb, '"');
	}
	return sb->buf;
}

/* Fails with "fmt" where its %s is the first n parts of k. */
static int key_fail(struct toml_parser *tp, const struct key *k, size_t n, const char *fmt)
{
	struct strbuf sb = STRBUF_INIT;

	toml_fail(tp, k->at, fmt, key_show(&sb, k, n));
	strbuf_release(&sb);
	return -1;
}

static int bad_key_char(struct toml_parser *tp)
{
	if (tp->p >= tp->end || eol_len(tp) || *tp->p == '#')
		return toml_fail(tp, tp->p, "expected a key");
	if ((unsigned char)*tp->p < 0x20 || *tp->p == 0x7f)
		return toml_fail(tp, tp->p, "control character U+%04X where a key was expected",
				 (unsigned char)*tp->p);
	return toml_fail(tp, tp->p, "expected a key, not '%.*s'", char_len(tp), tp->p);
}

static int key_part(struct toml_parser *tp, struct strbuf *out)
{
	const char *const s = tp->p;

	if (tp->p < tp->end && (*tp->p == '"' || *tp->p == '\''))
		return toml_string(tp, 0, out);
	while (tp->p < tp->end && toml_is_bare((unsigned char)*tp->p))
		tp->p++;
	if (tp->p == s)
		return bad_key_char(tp);
	strbuf_add(out, s, (size_t)(tp->p - s));
	return 0;
}

/* A key (simple or dotted) at tp->p, and the whitespace after it. */
static int parse_key(struct toml_parser *tp, struct key *k)
{
	k->at = tp->p;
	for (;;) {
		if (k->n == TOML_MAX_DEPTH)
			return toml_fail(tp, k->at, "key of more than %d parts", TOML_MAX_DEPTH);
		ALLOC_GROW(k->parts, k->n + 1, k->alloc);
		strbuf_init(&k->parts[k->n]);
		if (key_part(tp, &k->parts[k->n++]))
			return -1;
		skip_ws(tp);
		if (tp->p >= tp->end || *tp->p != '.')
			return 0;
		tp->p++;
		skip_ws(tp);
	}
}

static json_t *key_get(json_t *table, const struct key *k, size_t i)
{
	return json_object_getn(table, k->parts[i].buf, k->parts[i].len);
}

/* --- tables --------------------------------------------------------------- */

static void table_made(struct toml_parser *tp, const json_t *table, const char *at)
{
	if (tp->opts && tp->opts->table)
		tp->opts->table(table, toml_line(tp, at), tp->opts->data);
}

static int too_deep(struct toml_parser *tp, const char *at, size_t depth)
{
	if (depth <= TOML_MAX_DEPTH)
		return 0;
	return toml_fail(tp, at, "tables and arrays nested more than %d deep", TOML_MAX_DEPTH);
}

/* Sets part i of k in parent to v (a new reference, taken). */
static int key_set(struct toml_parser *tp, json_t *parent, const struct key *k, size_t i, json_t *v)
{
	if (json_object_setn_new(parent, k->parts[i].buf, k->parts[i].len, v))
		return toml_fail(tp, k->at, "out of memory");
	return 0;
}

/* A new table at part i of k in parent, depth levels down, of kind. */
static json_t *table_new(struct toml_parser *tp, json_t *parent, const struct key *k, size_t i,
			 size_t depth, enum meta_kind kind)
{
	json_t *t;

	if (too_deep(tp, k->at, depth))
		return NULL;
	t = json_object();
	if (!t || key_set(tp, parent, k, i, t))
		return NULL;
	meta_add(tp, t, kind);
	table_made(tp, t, k->at);
	return t;
}

/* Part i of a header's key, but the last: the table it names, made
 * implicit if it is not there. */
static json_t *header_reach(struct toml_parser *tp, json_t *t, const struct key *k, size_t i,
			    size_t *depth)
{
	json_t *const v = key_get(t, k, i);
	const struct toml_meta *const m = v ? meta_get(tp, v) : NULL;

	if (!v) {
		*depth += 1;
		return table_new(tp, t, k, i, *depth, META_IMPLICIT);
	}
	if (m && m->kind == META_ARRAY) {
		*depth += 2;
		return json_array_get(v, json_array_size(v) - 1);
	}
	if (m && m->kind != META_INLINE) {
		*depth += 1;
		return v;
	}
	if (m)
		key_fail(tp, k, i + 1, "cannot add to '%s': it is an inline table");
	else if (json_is_array(v))
		key_fail(tp, k, i + 1, "cannot add to '%s': it is an array, not an array of tables");
	else
		key_fail(tp, k, i + 1, "cannot make '%s' a table: the key has a value");
	return NULL;
}

/* The last part of a [header]'s key. */
static json_t *header_table(struct toml_parser *tp, json_t *t, const struct key *k, size_t depth)
{
	const size_t i = k->n - 1;
	json_t *const v = key_get(t, k, i);
	struct toml_meta *const m = v ? meta_get(tp, v) : NULL;

	if (!v)
		return table_new(tp, t, k, i, depth + 1, META_DEFINED);
	if (m && m->kind == META_IMPLICIT) {
		m->kind = META_DEFINED;
		return v;
	}
	if ((m && m->kind == META_ARRAY) || (!m && json_is_array(v)))
		key_fail(tp, k, k->n, "cannot define table '%s': it is an array");
	else if (!m)
		key_fail(tp, k, k->n, "cannot define table '%s': the key has a value");
	else if (m->kind == META_INLINE)
		key_fail(tp, k, k->n, "cannot define table '%s': it is an inline table");
	else if (m->kind == META_DOTTED)
		key_fail(tp, k, k->n, "cannot define table '%s': dotted keys made it");
	else
		key_fail(tp, k, k->n, "table '%s' defined twice");
	return NULL;
}

/* The last part of a [[header]]'s key: a new element of its array. */
static json_t *header_array(struct toml_parser *tp, json_t *t, const struct key *k, size_t depth)
{
	const size_t i = k->n - 1;
	json_t *a = key_get(t, k, i), *elem;
	const struct toml_meta *const m = a ? meta_get(tp, a) : NULL;

	if (!a) {
		if (too_deep(tp, k->at, depth + 1) || !(a = json_array()) || key_set(tp, t, k, i, a))
			return NULL;
		meta_add(tp, a, META_ARRAY);
	} else if (!m || m->kind != META_ARRAY) {
		if (!m && json_is_array(a))
			key_fail(tp, k, k->n, "cannot append to '%s': it is a static array");
		else if (m)
			key_fail(tp, k, k->n, "cannot make table '%s' an array of tables");
		else
			key_fail(tp, k, k->n, "cannot make '%s' an array of tables: the key has a value");
		return NULL;
	}
	if (too_deep(tp, k->at, depth + 2))
		return NULL;
	elem = json_object();
	if (!elem || json_array_append_new(a, elem)) {
		toml_fail(tp, k->at, "out of memory");
		return NULL;
	}
	meta_add(tp, elem, META_DEFINED);
	table_made(tp, elem, k->at);
	return elem;
}

/* A [header] or [[header]] at tp->p: *table becomes its table. */
static int header(struct toml_parser *tp, json_t *root, json_t **table, size_t *depth)
{
	const int aot = tp->end - tp->p >= 2 && tp->p[1] == '[';
	struct key k = KEY_INIT;
	json_t *t = root;
	size_t d = 0;
	int rc = -1;

	tp->p += aot ? 2 : 1;
	skip_ws(tp);
	if (parse_key(tp, &k))
		goto done;
	if (tp->end - tp->p < 1 + aot || tp->p[0] != ']' || (aot && tp->p[1] != ']')) {
		toml_fail(tp, tp->p, aot ? "expected ']]' after a table's key" : "expected ']' after a table's key");
		goto done;
	}
	tp->p += 1 + aot;
	tp->section = ++tp->nsections;
	for (size_t i = 0; t && i + 1 < k.n; i++)
		t = header_reach(tp, t, &k, i, &d);
	if (t)
		t = aot ? header_array(tp, t, &k, d) : header_table(tp, t, &k, d);
	if (t) {
		*table = t;
		*depth = d + 1 + aot;
		rc = 0;
	}
done:
	key_release(&k);
	return rc;
}

/* Part i of a dotted key, but the last: the table it names in this
 * section, made if it is not there. */
static json_t *dotted_reach(struct toml_parser *tp, json_t *t, const struct key *k, size_t i,
			    size_t depth)
{
	json_t *const v = key_get(t, k, i);
	struct toml_meta *const m = v ? meta_get(tp, v) : NULL;

	if (!v)
		return table_new(tp, t, k, i, depth, META_DOTTED);
	if (m && m->kind == META_IMPLICIT) {
		m->kind = META_DOTTED;
		m->section = tp->section;
	}
	if (m && m->kind == META_DOTTED && m->section == tp->section)
		return v;
	if (!m && !json_is_array(v))
		key_fail(tp, k, i + 1, "cannot make '%s' a table: the key has a value");
	else if (!m)
		key_fail(tp, k, i + 1, "cannot add to '%s': it is an array");
	else if (m->kind == META_INLINE)
		key_fail(tp, k, i + 1, "cannot add to '%s': it is an inline table");
	else if (m->kind == META_ARRAY)
		key_fail(tp, k, i + 1, "cannot add to array of tables '%s' with dotted keys");
	else if (m->kind == META_DEFINED)
		key_fail(tp, k, i + 1, "cannot add to table '%s' with dotted keys: a header defined it");
	else
		key_fail(tp, k, i + 1, "cannot add to table '%s' here: dotted keys of another table made it");
	return NULL;
}

/* key = value at tp->p, into table (depth levels down). */
static int keyval(struct toml_parser *tp, json_t *table, size_t depth)
{
	struct key k = KEY_INIT;
	json_t *t = table, *v;
	int rc = -1;

	if (parse_key(tp, &k))
		goto done;
	if (tp->p >= tp->end || *tp->p != '=') {
		key_fail(tp, &k, k.n, "expected '=' after the key '%s'");
		goto done;
	}
	tp->p++;
	skip_ws(tp);
	for (size_t i = 0; t && i + 1 < k.n; i++)
		t = dotted_reach(tp, t, &k, i, ++depth);
	if (!t)
		goto done;
	if (key_get(t, &k, k.n - 1)) {
		key_fail(tp, &k, k.n, "duplicate key '%s'");
		goto done;
	}
	if ((v = value(tp, depth + 1)))
		rc = key_set(tp, t, &k, k.n - 1, v);
done:
	key_release(&k);
	return rc;
}

/* --- arrays and inline tables --------------------------------------------- */

static json_t *array(struct toml_parser *tp, size_t depth)
{
	const char *const open = tp->p++;
	json_t *const a = too_deep(tp, open, depth) ? NULL : json_array();
	json_t *v;

	if (!a)
		return NULL;
	for (;;) {
		if (skip_wcn(tp))
			break;
		if (tp->p < tp->end && *tp->p == ']') {
			tp->p++;
			return a;
		}
		if (tp->p >= tp->end) {
			toml_fail(tp, open, "unterminated array");
			break;
		}
		if (!(v = value(tp, depth + 1)))
			break;
		if (json_array_append_new(a, v)) {
			toml_fail(tp, tp->p, "out of memory");
			break;
		}
		if (skip_wcn(tp))
			break;
		if (tp->p < tp->end && *tp->p == ',') {
			tp->p++;
		} else if (tp->p >= tp->end || *tp->p != ']') {
			toml_fail(tp, tp->p >= tp->end ? open : tp->p,
				  tp->p >= tp->end ? "unterminated array" : "expected ',' or ']' in an array");
			break;
		}
	}
	json_decref(a);
	return NULL;
}

/* After a key/value pair of an inline table: 1 at its end, 0 before
 * another pair, -1. */
static int inline_next(struct toml_parser *tp, const char *open)
{
	skip_ws(tp);
	if (tp->p < tp->end && *tp->p == '}') {
		tp->p++;
		return 1;
	}
	if (tp->p < tp->end && *tp->p == ',') {
		tp->p++;
		skip_ws(tp);
		if (tp->p < tp->end && *tp->p == '}')
			return toml_fail(tp, tp->p, "trailing comma in an inline table");
		if (tp->p < tp->end && (eol_len(tp) || *tp->p == '#'))
			return toml_fail(tp, tp->p, "newline in an inline table (it must be on one line)");
		return 0;
	}
	if (tp->p >= tp->end)
		return toml_fail(tp, open, "unterminated inline table");
	if (eol_len(tp) || *tp->p == '#' || *tp->p == '\r')
		return toml_fail(tp, tp->p, "newline in an inline table (it must be on one line)");
	return toml_fail(tp, tp->p, "expected ',' or '}' in an inline table");
}

static json_t *inline_table(struct toml_parser *tp, size_t depth)
{
	const char *const open = tp->p++;
	const size_t saved = tp->section;
	json_t *const t = too_deep(tp, open, depth) ? NULL : json_object();
	int rc = 0;

	if (!t)
		return NULL;
	meta_add(tp, t, META_INLINE);
	table_made(tp, t, open);
	tp->section = ++tp->nsections;
	skip_ws(tp);
	if (tp->p < tp->end && *tp->p == '}') {
		tp->p++;
		rc = 1;
	} else if (tp->p < tp->end && (eol_len(tp) || *tp->p == '#')) {
		rc = toml_fail(tp, tp->p, "newline in an inline table (it must be on one line)");
	}
	while (!rc)
		rc = keyval(tp, t, depth) ? -1 : inline_next(tp, open);
	tp->section = saved;
	if (rc > 0)
		return t;
	json_decref(t);
	return NULL;
}

static json_t *value(struct toml_parser *tp, size_t depth)
{
	if (tp->p < tp->end && *tp->p == '[')
		return array(tp, depth);
	if (tp->p < tp->end && *tp->p == '{')
		return inline_table(tp, depth);
	return toml_scalar(tp);
}

/* --- documents ------------------------------------------------------------ */

static int parse_lines(struct toml_parser *tp, json_t *root)
{
	json_t *table = root;
	size_t depth = 0;

	while (tp->p < tp->end) {
		skip_ws(tp);
		if (tp->p < tp->end && *tp->p == '[') {
			if (header(tp, root, &table, &depth) || end_of_line(tp, "a table header"))
				return -1;
		} else if (tp->p < tp->end && *tp->p != '#' && !eol_len(tp)) {
			if (keyval(tp, table, depth) || end_of_line(tp, "a value"))
				return -1;
		} else if (end_of_line(tp, "whitespace")) {
			return -1;
		}
	}
	return 0;
}

json_t *toml_parse_opts(const char *text, size_t len, const char *name,
			const struct toml_options *opts, struct strbuf *why)
{
	struct toml_parser tp = { 0 };
	json_t *root = NULL;
	size_t bad;

	assert(name && why && (text || !len));
	tp.start = tp.p = text ? text : "";
	tp.end = tp.start + len;
	tp.name = name;
	tp.why = why;
	tp.opts = opts;
	if (len > TOML_MAX_SIZE)
		toml_fail(&tp, tp.start, "document larger than %u bytes", TOML_MAX_SIZE);
	else if (utf8_check(tp.start, len, &bad))
		toml_fail(&tp, tp.start + bad, "invalid UTF-8");
	else if (!(root = json_object()))
		toml_fail(&tp, tp.start, "out of memory");
	if (root) {
		/* One byte order mark may open the document (as toml-test has it). */
		if (len >= 3 && !memcmp(tp.p, "\xef\xbb\xbf", 3))
			tp.p += 3;
		meta_add(&tp, root, META_DEFINED);
		if (parse_lines(&tp, root)) {
			json_decref(root);
			root = NULL;
		}
	}
	free(tp.meta);
	if (tp.c_locale)
		freelocale(tp.c_locale);
	return root;
}

json_t *toml_parse(const char *text, size_t len, const char *name, struct strbuf *why)
{
	return toml_parse_opts(text, len, name, NULL, why);
}

const char *toml_typed(const json_t *value, const char **text)
{
	static const char *const types[] = {
		"datetime", "datetime-local", "date-local", "time-local", "float",
	};
	const json_t *type, *val;

	if (!json_is_object(value) || json_object_size(value) != 2)
		return NULL;
	type = json_object_get(value, "$toml");
	val = json_object_get(value, "value");
	if (!json_is_string(type) || !json_is_string(val))
		return NULL;
	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++) {
		if (!strcmp(json_string_value(type), types[i])) {
			if (text)
				*text = json_string_value(val);
			return types[i];
		}
	}
	return NULL;
}
