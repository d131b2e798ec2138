/*
 * Unit tests for utf8.h: what Python's UTF-8 decoder takes, and how much a
 * "replace" error handler skips. Expectations from Python 3.11:
 * b"...".decode("utf-8") and .decode("utf-8", "replace").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "utf8.h"

#include <string.h>

static int valid(const char *s)
{
	return utf8_check(s, strlen(s), NULL) == 0;
}

static void accepts_well_formed(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ascii"));
	assert_true(valid("\xc3\xa9"));             /* U+00E9 */
	assert_true(valid("\xe2\x82\xac"));         /* U+20AC */
	assert_true(valid("\xed\x9f\xbf"));         /* U+D7FF, below the surrogates */
	assert_true(valid("\xee\x80\x80"));         /* U+E000, above them */
	assert_true(valid("\xf0\x9f\x90\x8d"));     /* U+1F40D */
	assert_true(valid("\xf4\x8f\xbf\xbf"));     /* U+10FFFF */
}

static void refuses_ill_formed(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_false(valid("\x80"));                /* a lone continuation */
	assert_false(valid("\xc0\xaf"));            /* overlong '/' */
	assert_false(valid("\xc1\xbf"));
	assert_false(valid("\xe0\x80\xaf"));        /* overlong, 3 bytes */
	assert_false(valid("\xf0\x80\x80\xaf"));    /* overlong, 4 bytes */
	assert_false(valid("\xed\xa0\x80"));        /* U+D800, a surrogate */
	assert_false(valid("\xed\xbf\xbf"));        /* U+DFFF */
	assert_false(valid("\xf4\x90\x80\x80"));    /* past U+10FFFF */
	assert_false(valid("\xf5\x80\x80\x80"));
	assert_false(valid("\xff"));
	assert_false(valid("\xe2\x82"));            /* truncated */
	assert_int_equal(utf8_check("ab\xc3\xa9z\xe2\x82", 7, &bad), -1);
	assert_int_equal(bad, 5);
}

static void steps_as_replace_counts(void **state)
{
	int ok;

	(void)state;
	/* b"\xe2\x82z".decode(errors="replace") == "\ufffdz": 2 bytes skipped. */
	assert_int_equal(utf8_step((const unsigned char *)"\xe2\x82z", 3, &ok), 2);
	assert_false(ok);
	/* b"\xed\xa0\x80" gives three U+FFFD: 1 byte at a time. */
	assert_int_equal(utf8_step((const unsigned char *)"\xed\xa0\x80", 3, &ok), 1);
	assert_false(ok);
	/* b"\xf0\x9f\x90" (truncated) is one U+FFFD. */
	assert_int_equal(utf8_step((const unsigned char *)"\xf0\x9f\x90", 3, &ok), 3);
	assert_false(ok);
	assert_int_equal(utf8_step((const unsigned char *)"\xf0\x9f\x90\x8d", 4, &ok), 4);
	assert_true(ok);
}

static void decodes_code_points(void **state)
{
	unsigned cp = 0;

	(void)state;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3", 1, &cp), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_well_formed),
		cmocka_unit_test(refuses_ill_formed),
		cmocka_unit_test(steps_as_replace_counts),
		cmocka_unit_test(decodes_code_points),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
