/*
 * Unit tests for pyrepr.h: repr() of a Python str.
 *
 * Every expectation below was produced by CPython 3.11 itself:
 *   s = raw_bytes.decode("utf-8", "surrogateescape")   # as sys.argv holds it
 *   repr(s).encode("utf-8")
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pyrepr.h"
#include "strbuf.h"

#include <string.h>

struct repr_case {
	const char *in;
	const char *want;
};

static void check_cases(const struct repr_case *cases, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		pyrepr_str(&sb, cases[i].in);
		if (strcmp(sb.buf, cases[i].want))
			print_message("case %zu\n", i);
		assert_string_equal(sb.buf, cases[i].want);
		assert_int_equal(sb.len, strlen(cases[i].want));
	}
	strbuf_release(&sb);
}

#define CHECK(cases) check_cases(cases, sizeof(cases) / sizeof(cases[0]))

static void plain_ascii(void **state)
{
	static const struct repr_case cases[] = {
		{ "abc", "'abc'" },
		{ "", "''" },
		{ "with space ~!@#$%^&*()_+-={}[]|:;<>,.?/`", "'with space ~!@#$%^&*()_+-={}[]|:;<>,.?/`'" },
		{ "my-env", "'my-env'" },
	};

	(void)state;
	CHECK(cases);
}

static void quote_choice(void **state)
{
	static const struct repr_case cases[] = {
		{ "it's", "\"it's\"" },
		{ "say \"hi\"", "'say \"hi\"'" },
		{ "both ' and \"", "'both \\' and \"'" },
		{ "'", "\"'\"" },
		{ "\"", "'\"'" },
		{ "''", "\"''\"" },
		{ "'\"'", "'\\'\"\\''" },
	};

	(void)state;
	CHECK(cases);
}

static void backslash_and_control_escapes(void **state)
{
	static const struct repr_case cases[] = {
		{ "back\\slash", "'back\\\\slash'" },
		{ "\\", "'\\\\'" },
		{ "tab\there\nnl\rcr", "'tab\\there\\nnl\\rcr'" },
		{ "\x01", "'\\x01'" },
		{ "\x1b[0m", "'\\x1b[0m'" },
		{ "\x1f", "'\\x1f'" },
		{ "\x7f", "'\\x7f'" },
		{ "\v\f", "'\\x0b\\x0c'" },
		{ "it's\\\t", "\"it's\\\\\\t\"" },
	};

	(void)state;
	CHECK(cases);
}

/* A Python str can hold U+0000; a C string cannot, so only its repr form is
 * checked through a string that starts with it: nothing after NUL is seen. */
static void nul_is_end_of_string(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	pyrepr_str(&sb, "\0ignored");
	assert_string_equal(sb.buf, "''");
	strbuf_release(&sb);
}

static void non_printable_unicode_escaped(void **state)
{
	static const struct repr_case cases[] = {
		/* no-break space U+00A0 */
		{ "nb\xc2\xa0sp", "'nb\\xa0sp'" },
		/* line separator U+2028, paragraph separator U+2029 */
		{ "\xe2\x80\xa8", "'\\u2028'" },
		{ "a\xe2\x80\xa9z", "'a\\u2029z'" },
		/* C1 control U+0085, U+0080, U+009F; soft hyphen U+00AD */
		{ "\xc2\x85\xc2\x80\xc2\x9f\xc2\xad", "'\\x85\\x80\\x9f\\xad'" },
		/* zero-width space U+200B, narrow no-break space U+202F, RLO U+202E */
		{ "\xe2\x80\x8b\xe2\x80\xaf\xe2\x80\xae", "'\\u200b\\u202f\\u202e'" },
		/* ideographic space, BOM, private use, ogham space, math space, U+FFF9 */
		{ "\xe3\x80\x80\xef\xbb\xbf\xee\x80\x80\xe1\x9a\x80\xe2\x81\x9f\xef\xbf\xb9",
		  "'\\u3000\\ufeff\\ue000\\u1680\\u205f\\ufff9'" },
		/* en quad U+2000 and word joiner U+2060 */
		{ "\xe2\x80\x80\xe2\x81\xa0", "'\\u2000\\u2060'" },
	};

	(void)state;
	CHECK(cases);
}

static void printable_unicode_kept(void **state)
{
	static const struct repr_case cases[] = {
		{ "\xc3\xbcn\xc3\xaf", "'\xc3\xbcn\xc3\xaf'" },                   /* ünï */
		{ "\xe6\x97\xa5\xe6\x9c\xac", "'\xe6\x97\xa5\xe6\x9c\xac'" },     /* 日本 */
		{ "\xf0\x9f\x98\x80\xc3\xa9", "'\xf0\x9f\x98\x80\xc3\xa9'" },     /* 😀é */
		{ "\xc3\xa9\xcc\x81", "'\xc3\xa9\xcc\x81'" },                     /* é + combining acute */
		{ "\xc2\xa1\xc2\xae", "'\xc2\xa1\xc2\xae'" },                     /* ¡® (just past U+00A0) */
		{ "caf\xc3\xa9 it's", "\"caf\xc3\xa9 it's\"" },
	};

	(void)state;
	CHECK(cases);
}

/* Bytes that are not UTF-8 reach Python as lone surrogates (sys.argv is
 * decoded with surrogateescape), whose repr is '\udcNN'. */
static void invalid_utf8_bytes(void **state)
{
	static const struct repr_case cases[] = {
		{ "bad\xff" "byte", "'bad\\udcffbyte'" },
		{ "\x80", "'\\udc80'" },
		/* an encoded surrogate U+D800 is invalid: three bytes */
		{ "\xed\xa0\x80", "'\\udced\\udca0\\udc80'" },
		/* a truncated sequence */
		{ "\xe6\x97" "a", "'\\udce6\\udc97a'" },
		/* an overlong '/' */
		{ "\xc0\xaf", "'\\udcc0\\udcaf'" },
		/* truncated at the end of the string */
		{ "x\xf0\x9f\x98", "'x\\udcf0\\udc9f\\udc98'" },
		/* beyond U+10FFFF */
		{ "\xf4\x90\x80\x80", "'\\udcf4\\udc90\\udc80\\udc80'" },
	};

	(void)state;
	CHECK(cases);
}

static void appends_to_buffer(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "prompt = ");
	pyrepr_str(&sb, "it's");
	strbuf_addch(&sb, '\n');
	pyrepr_str(&sb, "x");
	assert_string_equal(sb.buf, "prompt = \"it's\"\n'x'");
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_ascii),
		cmocka_unit_test(quote_choice),
		cmocka_unit_test(backslash_and_control_escapes),
		cmocka_unit_test(nul_is_end_of_string),
		cmocka_unit_test(non_printable_unicode_escaped),
		cmocka_unit_test(printable_unicode_kept),
		cmocka_unit_test(invalid_utf8_bytes),
		cmocka_unit_test(appends_to_buffer),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
