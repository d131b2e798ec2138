/*
 * Unit tests for toml.h: TOML 1.0 documents as jansson trees, the marked
 * ("typed") values, the table callback and the messages. The wider
 * comparison with Python's tomllib is tests/toml/diff_tomllib.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "strbuf.h"
#include "testutil.h"
#include "toml.h"

#include <math.h>

/* The tree of doc, asserting that it is accepted. */
static json_t *parse_ok(const char *doc)
{
	struct strbuf why = STRBUF_INIT;
	json_t *root = toml_parse(doc, strlen(doc), "t.toml", &why);

	if (!root)
		fail_msg("refused: %s\n%s", why.buf, doc);
	assert_true(json_is_object(root));
	strbuf_release(&why);
	return root;
}

static json_t *parse_typed(const char *doc)
{
	const struct toml_options opts = { .typed = 1 };
	struct strbuf why = STRBUF_INIT;
	json_t *root = toml_parse_opts(doc, strlen(doc), "t.toml", &opts, &why);

	if (!root)
		fail_msg("refused: %s\n%s", why.buf, doc);
	strbuf_release(&why);
	return root;
}

/* Asserts that doc is refused with a message that starts "t.toml:LINE: "
 * and holds what. */
static void refused(const char *doc, size_t line, const char *what)
{
	struct strbuf why = STRBUF_INIT, show = STRBUF_INIT;
	char prefix[64];
	json_t *root = toml_parse(doc, strlen(doc), "t.toml", &why);

	if (root)
		fail_msg("accepted: %s", tu_show(&show, doc));
	snprintf(prefix, sizeof(prefix), "t.toml:%zu: ", line);
	if (strncmp(why.buf, prefix, strlen(prefix)) || !strstr(why.buf, what))
		fail_msg("for %s: got '%s', want '%s...%s'", tu_show(&show, doc), why.buf, prefix, what);
	strbuf_release(&why);
	strbuf_release(&show);
}

static const json_t *at(const json_t *root, const char *path)
{
	const json_t *v = root;
	char *copy = xstrdup(path), *save = NULL;

	for (char *part = strtok_r(copy, ".", &save); part && v; part = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(part)) : json_object_get(v, part);
	free(copy);
	if (!v)
		fail_msg("no %s", path);
	return v;
}

static void assert_str(const json_t *root, const char *path, const char *want)
{
	const json_t *v = at(root, path);

	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), want);
}

static void assert_int(const json_t *root, const char *path, long long want)
{
	const json_t *v = at(root, path);

	assert_true(json_is_integer(v));
	assert_true(json_integer_value(v) == want);
}

static void empty_documents(void **state)
{
	struct strbuf why = STRBUF_INIT;
	json_t *root;

	(void)state;
	root = parse_ok("");
	assert_int_equal(json_object_size(root), 0);
	json_decref(root);
	root = parse_ok("# only a comment\n\n   \t\r\n");
	assert_int_equal(json_object_size(root), 0);
	json_decref(root);
	root = toml_parse(NULL, 0, "t.toml", &why);
	assert_non_null(root);
	json_decref(root);
	strbuf_release(&why);
}

static void scalars(void **state)
{
	json_t *root = parse_ok("s = 'x'\ni = -17\nf = 6.25e-1\nt = true\nff = false\n"
				"hex = 0xff\noct = 0o17\nbin = 0b101\nu = 1_000\n");

	(void)state;
	assert_str(root, "s", "x");
	assert_int(root, "i", -17);
	assert_true(json_is_real(at(root, "f")));
	assert_true(json_real_value(at(root, "f")) == 0.625);
	assert_true(json_is_true(at(root, "t")));
	assert_true(json_is_false(at(root, "ff")));
	assert_int(root, "hex", 255);
	assert_int(root, "oct", 15);
	assert_int(root, "bin", 5);
	assert_int(root, "u", 1000);
	json_decref(root);
}

static void string_escapes(void **state)
{
	json_t *root = parse_ok("a = \"\\b\\t\\n\\f\\r\\\"\\\\\"\n"
				"u = \"\\u00e9\\U0001F600\"\n"
				"nul = \"a\\u0000b\"\n"
				"lit = 'C:\\path\\u00e9'\n");
	const json_t *nul;

	(void)state;
	assert_str(root, "a", "\b\t\n\f\r\"\\");
	assert_str(root, "u", "\xc3\xa9\xf0\x9f\x98\x80");
	nul = at(root, "nul");
	assert_int_equal(json_string_length(nul), 3);
	assert_memory_equal(json_string_value(nul), "a\0b", 3);
	assert_str(root, "lit", "C:\\path\\u00e9");
	json_decref(root);
	refused("a = \"\\uD800\"\n", 1, "not a Unicode scalar value");
	refused("a = \"\\U00110000\"\n", 1, "not a Unicode scalar value");
	refused("a = \"\\x41\"\n", 1, "invalid escape '\\x'");
	refused("a = \"\\u12\"\n", 1, "needs 4 hexadecimal digits");
	refused("a = \"x\ny\"\n", 1, "unterminated string");
	refused("a = \"x\x01\"\n", 1, "control character U+0001");
	refused("a = 'x\x7f'\n", 1, "control character U+007F");
}

static void multi_line_strings(void **state)
{
	json_t *root = parse_ok("a = \"\"\"\none\r\ntwo\"\"\"\n"
				"b = \"\"\"x \\\n\n   y \\   \r\n  z\"\"\"\n"
				"c = '''\r\nraw \\n'''\n"
				"d = \"\"\"q\"\"\"\"\"\n"
				"e = ''''''\n");

	(void)state;
	assert_str(root, "a", "one\ntwo");
	assert_str(root, "b", "x y z");
	assert_str(root, "c", "raw \\n");
	assert_str(root, "d", "q\"\"");
	assert_str(root, "e", "");
	json_decref(root);
	refused("a = \"\"\"q\"\"\"\"\"\"\n", 1, "after the end of a multi-line string");
	refused("a = \"\"\"x \\ y\"\"\"\n", 1, "must be followed by a newline");
	refused("a = \"\"\"\n\nx\n", 1, "unterminated multi-line string");
	refused("a = '''x\ry'''\n", 1, "control character U+000D");
}

static void integers(void **state)
{
	json_t *root = parse_ok("max = 9223372036854775807\nmin = -9223372036854775808\n"
				"hmax = 0x7FFFFFFFFFFFFFFF\nz = -0\np = +42\n");

	(void)state;
	assert_int(root, "max", INT64_MAX);
	assert_int(root, "min", INT64_MIN);
	assert_int(root, "hmax", INT64_MAX);
	assert_int(root, "z", 0);
	assert_int(root, "p", 42);
	json_decref(root);
	refused("a = 9223372036854775808\n", 1, "out of range");
	refused("a = -9223372036854775809\n", 1, "out of range");
	refused("a = 0x8000000000000000\n", 1, "out of range");
	refused("a = 012\n", 1, "leading zero");
	refused("a = 1__2\n", 1, "'_' must stand between digits");
	refused("a = 1_\n", 1, "'_' must stand between digits");
	refused("a = 0x_1\n", 1, "a hexadecimal digit expected");
	refused("a = -0x1\n", 1, "expected a newline after a value");
	refused("a = 0o8\n", 1, "an octal digit expected");
}

static void floats(void **state)
{
	json_t *root = parse_ok("a = -0.0\nb = 1e400\nc = -inf\nd = +nan\ne = 5e+22\nf = 1_0.5_0\n");
	json_t *typed;
	const char *text;

	(void)state;
	assert_true(json_is_real(at(root, "a")));
	assert_true(signbit(json_real_value(at(root, "a"))));
	/* jansson's reals cannot be infinite or nan: strings stand for them. */
	assert_str(root, "b", "inf");
	assert_str(root, "c", "-inf");
	assert_str(root, "d", "nan");
	assert_true(json_real_value(at(root, "e")) == 5e22);
	assert_true(json_real_value(at(root, "f")) == 10.5);
	json_decref(root);
	typed = parse_typed("a = inf\nb = -nan\nc = 1.5\n");
	assert_string_equal(toml_typed(at(typed, "a"), &text), "float");
	assert_string_equal(text, "inf");
	assert_string_equal(toml_typed(at(typed, "b"), &text), "float");
	assert_string_equal(text, "nan");
	assert_null(toml_typed(at(typed, "c"), NULL));
	json_decref(typed);
	refused("a = 1.\n", 1, "a digit after '.' expected");
	refused("a = .5\n", 1, "expected a value");
	refused("a = 1e\n", 1, "a digit in the exponent expected");
	refused("a = 1._5\n", 1, "a digit after '.' expected");
	refused("a = 01.5\n", 1, "leading zero");
	refused("a = Inf\n", 1, "expected a value");
}

static void dates_and_times(void **state)
{
	static const char doc[] = "odt = 1979-05-27T07:32:00-08:00\nz = 1979-05-27t07:32:00.5z\n"
				  "ldt = 1979-05-27 07:32:00\nld = 2000-02-29\nlt = 23:59:60.999\n";
	json_t *root = parse_ok(doc), *typed = parse_typed(doc);
	const char *text;

	(void)state;
	assert_str(root, "odt", "1979-05-27T07:32:00-08:00");
	assert_str(root, "z", "1979-05-27t07:32:00.5z");
	assert_str(root, "ldt", "1979-05-27 07:32:00");
	assert_str(root, "ld", "2000-02-29");
	assert_str(root, "lt", "23:59:60.999");
	assert_string_equal(toml_typed(at(typed, "odt"), &text), "datetime");
	assert_string_equal(text, "1979-05-27T07:32:00-08:00");
	assert_string_equal(toml_typed(at(typed, "z"), NULL), "datetime");
	assert_string_equal(toml_typed(at(typed, "ldt"), NULL), "datetime-local");
	assert_string_equal(toml_typed(at(typed, "ld"), NULL), "date-local");
	assert_string_equal(toml_typed(at(typed, "lt"), NULL), "time-local");
	json_decref(root);
	json_decref(typed);
	refused("a = 1900-02-29\n", 1, "invalid date '1900-02-29'");
	refused("a = 2023-04-31\n", 1, "invalid date");
	refused("a = 2023-13-01\n", 1, "invalid date");
	refused("a = 24:00:00\n", 1, "invalid time");
	refused("a = 00:60:00\n", 1, "invalid time");
	refused("a = 00:00:61\n", 1, "invalid time");
	refused("a = 1979-05-27T07:32Z\n", 1, "invalid time");
	refused("a = 1979-05-27T07:32:00+24:00\n", 1, "invalid offset");
	refused("a = 07:32:00Z\n", 1, "expected a newline after a value");
}

static void keys_in_document_order(void **state)
{
	json_t *root = parse_ok("z = 1\na = 2\n\"m m\" = 3\n[b]\ny = 1\nx = 2\n[c.d]\n[c]\ne = 1\n");
	static const char *const want[] = { "z", "a", "m m", "b", "c" };
	const char *key;
	json_t *v;
	size_t i = 0;

	(void)state;
	json_object_foreach(root, key, v)
		assert_string_equal(key, want[i++]);
	assert_int_equal(i, 5);
	i = 0;
	json_object_foreach(json_object_get(root, "c"), key, v)
		assert_string_equal(key, i++ ? "e" : "d");
	json_decref(root);
}

static void keys(void **state)
{
	json_t *root = parse_ok("a . b . 'c.d' = 1\n\"\" = 2\n1.2 = 3\n\"\\u0000k\" = 4\n");
	const json_t *nul;

	(void)state;
	assert_true(json_integer_value(json_object_get(at(root, "a.b"), "c.d")) == 1);
	assert_true(json_integer_value(json_object_get(root, "")) == 2);
	assert_int(json_object_get(root, "1"), "2", 3);
	nul = json_object_getn(root, "\0k", 2);
	assert_non_null(nul);
	assert_int_equal(json_integer_value(nul), 4);
	json_decref(root);
	refused("= 1\n", 1, "expected a key, not '='");
	refused("a.= 1\n", 1, "expected a key");
	refused("\xc3\xa9 = 1\n", 1, "expected a key, not '\xc3\xa9'");
	refused("a b = 1\n", 1, "expected '=' after the key 'a'");
	refused("a = 1\n\"a\" = 2\n", 2, "duplicate key 'a'");
	refused("x.\"a b\".c = 1\nx.\"a b\".c = 2\n", 2, "duplicate key 'x.\"a b\".c'");
}

static void tables_and_arrays_of_tables(void **state)
{
	json_t *root = parse_ok("[a.b]\nx = 1\n[a]\ny = 2\n[[p]]\nn = 1\n[p.q]\nm = 1\n[[p]]\nn = 2\n"
				"[[p.r]]\n[[p.r]]\nk = 3\n");

	(void)state;
	assert_int(root, "a.b.x", 1);
	assert_int(root, "a.y", 2);
	assert_int_equal(json_array_size(at(root, "p")), 2);
	assert_int(root, "p.0.n", 1);
	assert_int(root, "p.0.q.m", 1);
	assert_int(root, "p.1.n", 2);
	assert_int_equal(json_array_size(at(root, "p.1.r")), 2);
	assert_int(root, "p.1.r.1.k", 3);
	json_decref(root);
	root = parse_ok("[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true\n");
	assert_str(root, "fruit.apple.color", "red");
	assert_true(json_is_true(at(root, "fruit.apple.texture.smooth")));
	json_decref(root);
}

static void redefinitions_refused(void **state)
{
	(void)state;
	refused("[a]\n[a]\n", 2, "table 'a' defined twice");
	refused("[a.b]\n[a]\n[a]\n", 3, "table 'a' defined twice");
	refused("[a]\nb = 1\n[a.b]\n", 3, "cannot define table 'a.b': the key has a value");
	refused("a.b = 1\n[a]\n", 2, "cannot define table 'a': dotted keys made it");
	refused("[f]\napple.color = 1\n[f.apple]\n", 3, "dotted keys made it");
	refused("[a.b.c]\n[a]\nb.c.t = 1\n", 3, "cannot add to table 'b.c' with dotted keys");
	refused("a = {b = 1}\na.c = 2\n", 2, "cannot add to 'a': it is an inline table");
	refused("a = {b = 1}\n[a]\n", 2, "cannot define table 'a': it is an inline table");
	refused("a = {b = 1}\n[a.c]\n", 2, "cannot add to 'a': it is an inline table");
	refused("a = []\n[[a]]\n", 2, "cannot append to 'a': it is a static array");
	refused("a = [{}]\n[a.b]\n", 2, "it is an array, not an array of tables");
	refused("[[a]]\n[a]\n", 2, "cannot define table 'a': it is an array");
	refused("[a]\n[[a]]\n", 2, "cannot make table 'a' an array of tables");
	refused("[[a.b]]\n[a]\nb.y = 2\n", 3, "cannot add to array of tables 'b' with dotted keys");
	refused("a = 1\na.b = 2\n", 2, "cannot make 'a' a table: the key has a value");
	refused("a = {b = {c = 1}, b.d = 2}\n", 1, "cannot add to 'b': it is an inline table");
	refused("a = {b = 1, b = 2}\n", 1, "duplicate key 'b'");
}

static void arrays_and_inline_tables(void **state)
{
	json_t *root = parse_ok("a = [ # c\n  1, 'two', [3.0],\n  {x = 1}, # c\n]\n"
				"b = {c.d = 1, c.e = [\n1\n], f = {}}\n");

	(void)state;
	assert_int_equal(json_array_size(at(root, "a")), 4);
	assert_int(root, "a.0", 1);
	assert_str(root, "a.1", "two");
	assert_int(root, "a.3.x", 1);
	assert_int(root, "b.c.d", 1);
	assert_int(root, "b.c.e.0", 1);
	assert_int_equal(json_object_size(at(root, "b.f")), 0);
	json_decref(root);
	refused("a = [1,,2]\n", 1, "expected a value, not ','");
	refused("a = [1 2]\n", 1, "expected ',' or ']' in an array");
	refused("a = [1,\n2\n", 1, "unterminated array");
	refused("a = {b = 1,}\n", 1, "trailing comma in an inline table");
	refused("a = {b = 1,\nc = 2}\n", 1, "newline in an inline table");
	refused("a = {b = 1\n}\n", 1, "newline in an inline table");
	refused("a = {b = 1", 1, "unterminated inline table");
}

static void depth_limit(void **state)
{
	struct strbuf doc = STRBUF_INIT;
	json_t *root;

	(void)state;
	strbuf_addstr(&doc, "a = ");
	for (int i = 0; i < TOML_MAX_DEPTH; i++)
		strbuf_addch(&doc, '[');
	for (int i = 0; i < TOML_MAX_DEPTH; i++)
		strbuf_addch(&doc, ']');
	root = parse_ok(doc.buf);
	json_decref(root);
	strbuf_reset(&doc);
	strbuf_addstr(&doc, "\n\na = ");
	for (int i = 0; i <= TOML_MAX_DEPTH; i++)
		strbuf_addstr(&doc, "{b = ");
	refused(doc.buf, 3, "nested more than 64 deep");
	strbuf_reset(&doc);
	strbuf_addch(&doc, 'x');
	for (int i = 0; i < TOML_MAX_DEPTH; i++)
		strbuf_addstr(&doc, ".x");
	strbuf_addstr(&doc, " = 1\n");
	refused(doc.buf, 1, "key of more than 64 parts");
	strbuf_release(&doc);
}

static void encoding(void **state)
{
	static const char not_terminated[] = "a = 1b";
	struct strbuf why = STRBUF_INIT;
	json_t *root;

	(void)state;
	root = parse_ok("a = 1\r\n[t]\r\nb = 'x'\r\n");
	assert_str(root, "t.b", "x");
	json_decref(root);
	root = parse_ok("\xef\xbb\xbf" "a = 1\n");
	assert_int(root, "a", 1);
	json_decref(root);
	refused("a = 1\n\xef\xbb\xbf", 2, "expected a key");
	refused("a = 1\nb = '\xff'\n", 2, "invalid UTF-8");
	refused("a = 1\n\nb = '\xed\xa0\x80'\n", 3, "invalid UTF-8");
	refused("a = 1\rb = 2\n", 1, "control character U+000D after a value");
	refused("# \x01\n", 1, "control character U+0001 in a comment");
	/* A NUL byte is a control character wherever it is. */
	root = toml_parse("a = 1\n\0", 7, "t.toml", &why);
	assert_null(root);
	assert_string_equal(why.buf, "t.toml:2: control character U+0000 where a key was expected");
	/* The text is read up to len only. */
	strbuf_reset(&why);
	root = toml_parse(not_terminated, 5, "t.toml", &why);
	assert_non_null(root);
	assert_int(root, "a", 1);
	json_decref(root);
	strbuf_release(&why);
}

static void size_limit(void **state)
{
	char *big = calloc(TOML_MAX_SIZE + 1, 1);
	struct strbuf why = STRBUF_INIT;

	(void)state;
	assert_non_null(big);
	assert_null(toml_parse(big, TOML_MAX_SIZE + 1, "big.toml", &why));
	assert_string_equal(why.buf, "big.toml:1: document larger than 67108864 bytes");
	free(big);
	strbuf_release(&why);
}

static void first_error_reported_with_its_line(void **state)
{
	struct strbuf why = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&why, "before: ");
	assert_null(toml_parse("a = 1\n\n[t]\nb = 2\nb = 3\nc = ]\n", 28, "dir/x.toml", &why));
	assert_string_equal(why.buf, "before: dir/x.toml:5: duplicate key 'b'");
	strbuf_release(&why);
	refused("a = \"\"\"\nx\ny", 1, "unterminated multi-line string");
	refused("a = [\n1,\n2", 1, "unterminated array");
	refused("[t]\n\n\n[u] x\n", 4, "expected a newline after a table header, not 'x'");
}

struct seen {
	const json_t *table[16];
	size_t line[16];
	size_t n;
};

static void note(const json_t *table, size_t line, void *data)
{
	struct seen *seen = data;

	assert_true(seen->n < 16);
	seen->table[seen->n] = table;
	seen->line[seen->n++] = line;
}

static void table_callback(void **state)
{
	static const char doc[] = "a.b = 1\n[x.y]\n[[p]]\n\n[[p]]\nq = {r = 1}\n";
	struct seen seen = { { NULL }, { 0 }, 0 };
	const struct toml_options opts = { .table = note, .data = &seen };
	struct strbuf why = STRBUF_INIT;
	json_t *root = toml_parse_opts(doc, strlen(doc), "t.toml", &opts, &why);
	static const size_t want[] = { 1, 2, 2, 3, 5, 6 };

	(void)state;
	assert_non_null(root);
	assert_int_equal(seen.n, 6);
	for (size_t i = 0; i < seen.n; i++)
		assert_int_equal(seen.line[i], want[i]);
	assert_ptr_equal(seen.table[0], at(root, "a"));
	assert_ptr_equal(seen.table[1], at(root, "x"));
	assert_ptr_equal(seen.table[2], at(root, "x.y"));
	assert_ptr_equal(seen.table[3], at(root, "p.0"));
	assert_ptr_equal(seen.table[4], at(root, "p.1"));
	assert_ptr_equal(seen.table[5], at(root, "p.1.q"));
	json_decref(root);
	strbuf_release(&why);
}

struct many {
	size_t n, bad;
};

/* [[p]] number i is on line 3 * i + 1. */
static void note_many(const json_t *table, size_t line, void *data)
{
	struct many *many = data;

	(void)table;
	many->bad += line != 3 * many->n + 1;
	many->n++;
}

static void table_lines_in_a_long_document(void **state)
{
	struct strbuf doc = STRBUF_INIT, why = STRBUF_INIT;
	struct many many = { 0, 0 };
	const struct toml_options opts = { .table = note_many, .data = &many };
	json_t *root;

	(void)state;
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&doc, "[[p]]\nx = \"\"\"\n%d\"\"\"\n", i);
	root = toml_parse_opts(doc.buf, doc.len, "t.toml", &opts, &why);
	assert_non_null(root);
	assert_int_equal(many.n, 20000);
	assert_int_equal(many.bad, 0);
	json_decref(root);
	/* An error after many tables is still on its own line. */
	strbuf_addstr(&doc, "[[p]]\ny = 1\ny = 2\n");
	assert_null(toml_parse_opts(doc.buf, doc.len, "t.toml", &opts, &why));
	assert_string_equal(why.buf, "t.toml:60003: duplicate key 'y'");
	strbuf_release(&doc);
	strbuf_release(&why);
}

static void typed_lookalikes(void **state)
{
	json_t *root = parse_typed("a = {\"$toml\" = \"datetime\", value = \"x\"}\n"
				   "b = {\"$toml\" = \"other\", value = \"x\"}\n"
				   "c = {\"$toml\" = \"float\", value = 1}\n"
				   "d = 'datetime'\n");

	(void)state;
	/* A table of the document with the same shape cannot be told apart. */
	assert_string_equal(toml_typed(at(root, "a"), NULL), "datetime");
	assert_null(toml_typed(at(root, "b"), NULL));
	assert_null(toml_typed(at(root, "c"), NULL));
	assert_null(toml_typed(at(root, "d"), NULL));
	assert_null(toml_typed(root, NULL));
	json_decref(root);
}

/* A date-time or nan marked for opts->typed is a value, not a table, for
 * the rules on defining tables: the messages are those of toml_parse(). */
static void typed_values_are_values(void **state)
{
	static const char *const docs[] = {
		"a = 1979-05-27\na.b = 1\n", "a = nan\n[a.b]\n", "a = 07:00:00\n[a]\n",
		"a = -inf\n[[a]]\n", "a = {b = 1}\na.c = 1\n", "a = [1]\na.c = 1\n",
	};
	const struct toml_options opts = { .typed = 1 };

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(*docs); i++) {
		struct strbuf plain = STRBUF_INIT, typed = STRBUF_INIT;

		assert_null(toml_parse(docs[i], strlen(docs[i]), "t.toml", &plain));
		assert_null(toml_parse_opts(docs[i], strlen(docs[i]), "t.toml", &opts, &typed));
		assert_string_equal(plain.buf, typed.buf);
		strbuf_release(&plain);
		strbuf_release(&typed);
	}
	refused("a = 1979-05-27\na.b = 1\n", 2, "cannot make 'a' a table: the key has a value");
	refused("a = [1]\na.c = 1\n", 2, "cannot add to 'a': it is an array");
}

static void trees_serialise(void **state)
{
	json_t *root = parse_ok("a = [1, 2.5, 'x', true, 1979-05-27, nan, {b = -inf}]\n");
	char *json = json_dumps(root, JSON_COMPACT);

	(void)state;
	assert_non_null(json);
	assert_string_equal(json, "{\"a\":[1,2.5,\"x\",true,\"1979-05-27\",\"nan\",{\"b\":\"-inf\"}]}");
	free(json);
	json_decref(root);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_documents),
		cmocka_unit_test(scalars),
		cmocka_unit_test(string_escapes),
		cmocka_unit_test(multi_line_strings),
		cmocka_unit_test(integers),
		cmocka_unit_test(floats),
		cmocka_unit_test(dates_and_times),
		cmocka_unit_test(keys_in_document_order),
		cmocka_unit_test(keys),
		cmocka_unit_test(tables_and_arrays_of_tables),
		cmocka_unit_test(redefinitions_refused),
		cmocka_unit_test(arrays_and_inline_tables),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(encoding),
		cmocka_unit_test(size_limit),
		cmocka_unit_test(first_error_reported_with_its_line),
		cmocka_unit_test(table_callback),
		cmocka_unit_test(table_lines_in_a_long_document),
		cmocka_unit_test(typed_lookalikes),
		cmocka_unit_test(typed_values_are_values),
		cmocka_unit_test(trees_serialise),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
