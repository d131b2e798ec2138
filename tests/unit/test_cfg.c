/*
 * Unit tests for cfg.h (pyvenv.cfg as Python reads it) and record.h (RECORD
 * rows as Python's csv module writes them).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfg.h"
#include "record.h"
#include "strbuf.h"
#include "testutil.h"

/* The value of key in text, or NULL; static buffer. */
static const char *get(const char *text, size_t len, const char *key)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	return cfg_get(text, len, key, &sb) ? sb.buf : NULL;
}

#define GET(text, key) get((text), sizeof(text) - 1, (key))

static void cfg_as_venv_writes_it(void **state)
{
	static const char text[] = "home = /usr/bin\n"
				   "include-system-site-packages = false\n"
				   "version = 3.12.1\n"
				   "executable = /usr/bin/python3.12\n"
				   "command = /usr/bin/python3 -m venv /tmp/e\n";

	(void)state;
	assert_string_equal(GET(text, "home"), "/usr/bin");
	assert_string_equal(GET(text, "include-system-site-packages"), "false");
	assert_string_equal(GET(text, "version"), "3.12.1");
	assert_string_equal(GET(text, "executable"), "/usr/bin/python3.12");
	assert_string_equal(GET(text, "command"), "/usr/bin/python3 -m venv /tmp/e");
	assert_null(GET(text, "prompt"));
}

static void cfg_keys_and_values_as_site_reads_them(void **state)
{
	(void)state;
	/* Keys without case, both sides stripped, no blanks needed. */
	assert_string_equal(GET("  HOME\t=  /x y  \r\n", "home"), "/x y");
	assert_string_equal(GET("home=/a", "home"), "/a");
	/* The first '=' splits; the value keeps the rest. */
	assert_string_equal(GET("prompt = a = b\n", "prompt"), "a = b");
	assert_string_equal(GET("home =\n", "home"), "");
	/* Not a prefix match, and lines without '=' are not key lines. */
	assert_null(GET("homey = /h\nhome /h\n", "home"));
	/* The last line wins, as in site.py. */
	assert_string_equal(GET("home = /1\nhome = /2\n", "home"), "/2");
	/* "\r" and "\r\n" end lines too. */
	assert_string_equal(GET("version = 1\rhome = /h", "home"), "/h");
	assert_string_equal(GET("version = 1\rhome = /h", "version"), "1");
	assert_string_equal(GET("a = 1\r\n\r\nhome = /h\r\n", "home"), "/h");
}

static void cfg_bounds_and_nul(void **state)
{
	(void)state;
	/* Only len bytes are read. */
	assert_string_equal(get("home = /abc", 9, "home"), "/a");
	assert_null(get("home = /abc", 4, "home"));
	assert_null(get("", 0, "home"));
	/* A line with a NUL byte is no key line. */
	assert_null(get("home = /a\0b\n", 12, "home"));
	assert_string_equal(get("home = /a\0b\nhome = /c\n", 22, "home"), "/c");
}

static void cfg_read_file(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = tu_path(dir, "pyvenv.cfg");
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(cfg_read(path, "home", &sb), -1);
	tu_write_str(path, "home = /h\n", 0644);
	assert_int_equal(cfg_read(path, "home", &sb), 1);
	assert_string_equal(sb.buf, "/h");
	strbuf_release(&sb);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

/* Reads every row of text; returns the rows as "path|hash|size" lines, a
 * malformed one as "!". */
static char *rows(const char *text, size_t len)
{
	struct strbuf out = STRBUF_INIT;
	struct record_row row = RECORD_ROW_INIT;
	const char *pos = text;
	int r;

	while ((r = record_next(&pos, text + len, &row))) {
		assert_true(pos > text && pos <= text + len);
		if (r < 0)
			strbuf_addstr(&out, "!\n");
		else
			strbuf_addf(&out, "%s|%s|%s\n", row.path.buf, row.hash.buf, row.size.buf);
	}
	assert_ptr_equal(pos, text + len);
	record_row_release(&row);
	return strbuf_detach(&out);
}

#define ROWS(text, want)                               \
	do {                                           \
		char *got_ = rows(text, sizeof(text) - 1); \
		assert_string_equal(got_, want);           \
		free(got_);                            \
	} while (0)

static void record_rows(void **state)
{
	(void)state;
	ROWS("a/b.py,sha256=xx,12\nc.dist-info/RECORD,,\n", "a/b.py|sha256=xx|12\nc.dist-info/RECORD||\n");
	/* csv quoting: commas, doubled quotes, "\r\n", newlines inside quotes */
	ROWS("\"a,b.py\",sha256=x,1\r\n", "a,b.py|sha256=x|1\n");
	ROWS("\"a\"\"b\",,\n", "a\"b||\n");
	ROWS("\"a\nb\",h,2\n", "a\nb|h|2\n");
	/* blank lines are not rows; the last row needs no newline */
	ROWS("\n\r\na,h,1\n\nb,h,2", "a|h|1\nb|h|2\n");
	ROWS("", "");
}

static void record_malformed_rows(void **state)
{
	(void)state;
	/* too few or too many fields; reading goes on after them */
	ROWS("a,h\nb,h,1\n", "!\nb|h|1\n");
	ROWS("a,h,1,x\nb,h,1\n", "!\nb|h|1\n");
	/* an unterminated quote runs to the end */
	ROWS("\"a,h,1\nb,h,1\n", "!\n");
	/* a NUL byte */
	ROWS("a\0b,h,1\nc,h,1\n", "!\nc|h|1\n");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cfg_as_venv_writes_it),
		cmocka_unit_test(cfg_keys_and_values_as_site_reads_them),
		cmocka_unit_test(cfg_bounds_and_nul),
		cmocka_unit_test(cfg_read_file),
		cmocka_unit_test(record_rows),
		cmocka_unit_test(record_malformed_rows),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
