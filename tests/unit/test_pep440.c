/*
 * Unit tests for pep440.h: versions parsed, normalised and ordered as
 * packaging 24 does, and SpecifierSet.contains() with its operators, its
 * quirks and its pre-release rule. tests/pep440/diff_packaging.py holds the
 * same against packaging itself, case by case; these pin the behaviours
 * one at a time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pep440.h"
#include "strbuf.h"
#include "testutil.h"

/* str(Version(text)), or "INVALID". */
static void check_format(const char *text, const char *want)
{
	struct pep440_version v;
	struct strbuf sb = STRBUF_INIT;

	if (pep440_parse(text, &v))
		strbuf_addstr(&sb, "INVALID");
	else
		pep440_format(&sb, &v);
	if (strcmp(sb.buf, want))
		fail_msg("'%s': got '%s', want '%s'", text, sb.buf, want);
	strbuf_release(&sb);
}

static int cmp(const char *a, const char *b)
{
	struct pep440_version va, vb;

	assert_int_equal(pep440_parse(a, &va), 0);
	assert_int_equal(pep440_parse(b, &vb), 0);
	return pep440_cmp(&va, &vb);
}

/* pep440_contains() for prereleases None, with a message on failure. */
static void check_contains(const char *spec, const char *version, int pre, int want)
{
	struct strbuf why = STRBUF_INIT;
	const int got = pep440_contains(spec, version, pre, &why);

	if (got != want)
		fail_msg("'%s' contains '%s' (pre %d): got %d (%s), want %d", spec, version, pre, got,
			 why.buf, want);
	strbuf_release(&why);
}

static void normal_forms(void **state)
{
	(void)state;
	check_format("1.0", "1.0");
	check_format("v1.0", "1.0");
	check_format("V1.0", "1.0");
	check_format("  1.0\t\n", "1.0");
	check_format("\xe2\x80\x83" "1.0", "1.0"); /* U+2003 EM SPACE */
	check_format("01!01.002.0", "1!1.2.0");
	check_format("0!1.0", "1.0");
	check_format("1.0-alpha1", "1.0a1");
	check_format("1.0.ALPHA.1", "1.0a1");
	check_format("1.0a", "1.0a0");
	check_format("1.0a-", "1.0a0");
	check_format("1.0_beta_2", "1.0b2");
	check_format("1.0c1", "1.0rc1");
	check_format("1.0pre1", "1.0rc1");
	check_format("1.0preview1", "1.0rc1");
	check_format("1.0RC", "1.0rc0");
	check_format("1.0-1", "1.0.post1");
	check_format("1.0-0", "1.0.post0");
	check_format("1.0r", "1.0.post0");
	check_format("1.0rev3", "1.0.post3");
	check_format("1.0-r-4", "1.0.post4");
	check_format("1.0.post.dev", "1.0.post0.dev0");
	check_format("1.0dev1", "1.0.dev1");
	check_format("1.0-dev-1", "1.0.dev1");
	check_format("1.0a1.post2.dev3+local.7", "1.0a1.post2.dev3+local.7");
	check_format("1.0a-1", "1.0a1");
	check_format("1.0a1-1", "1.0a1.post1");
}

static void local_labels_normalised(void **state)
{
	(void)state;
	check_format("1.0+Ubuntu-1", "1.0+ubuntu.1");
	check_format("1.0+Ubuntu_01.002", "1.0+ubuntu.1.2");
	check_format("1.0+00", "1.0+0");
	check_format("1.0+a1_B2", "1.0+a1.b2");
	check_format("1.0+abc.", "INVALID");
	check_format("1.0+", "INVALID");
	check_format("1.0+.abc", "INVALID");
	check_format("1.0+a..b", "INVALID");
}

static void invalid_versions(void **state)
{
	static const char *const bad[] = {
		"", " ", "a", "1.", ".1", "1..0", "1!", "!1.0", "1.0.*", "1.0 1", "1.0a1b1",
		"1.0.post1.post2", "1.0-", "1.0_", "1.0 +local", "1.0prev1", "1,0", "1.0-1-1",
		"1.0\xc5\xbf", /* U+017F: ASCII-only here */
	};

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++)
		check_format(bad[k], "INVALID");
}

static void limits_refused(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	check_format("9223372036854775807", "9223372036854775807");
	check_format("9223372036854775808", "INVALID");
	check_format("1.0.dev99999999999999999999", "INVALID");
	check_format("1.0+99999999999999999999999", "1.0+99999999999999999999999");
	for (int k = 0; k < PEP440_MAX_RELEASE; k++)
		strbuf_addstr(&sb, k ? ".1" : "1");
	check_format(sb.buf, sb.buf);
	strbuf_addstr(&sb, ".1");
	check_format(sb.buf, "INVALID");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "1.0+");
	for (int k = 0; k < 127; k++)
		strbuf_addch(&sb, 'a');
	check_format(sb.buf, sb.buf);
	strbuf_addch(&sb, 'a');
	check_format(sb.buf, "INVALID");
	strbuf_release(&sb);
}

static void order_of_versions(void **state)
{
	/* Ascending, as packaging sorts them. */
	static const char *const sorted[] = {
		"1.0.dev0", "1.0.dev1", "1.0a0.dev0", "1.0a0", "1.0a0.post0.dev0", "1.0a0.post0",
		"1.0a1", "1.0b0", "1.0rc0", "1.0rc1", "1.0", "1.0+abc", "1.0+abd", "1.0+abd.1",
		"1.0+0", "1.0+9", "1.0+10", "1.0.post0.dev0", "1.0.post0", "1.0.post1", "1.0.0.1",
		"1.1.dev0", "1.1", "2", "1!0.1",
	};
	const size_t n = sizeof(sorted) / sizeof(*sorted);

	(void)state;
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++)
			if (cmp(sorted[a], sorted[b]) != (a > b) - (a < b))
				fail_msg("'%s' vs '%s': got %d", sorted[a], sorted[b],
					 cmp(sorted[a], sorted[b]));
}

static void equal_versions(void **state)
{
	(void)state;
	assert_int_equal(cmp("1.0", "1.0.0.0"), 0);
	assert_int_equal(cmp("0", "0.0"), 0);
	assert_int_equal(cmp("1.0c1", "1.0rc1"), 0);
	assert_int_equal(cmp("1.0-1", "1.0.post1"), 0);
	assert_int_equal(cmp("1.0+Ab-1", "1.0+ab.01"), 0);
	assert_true(cmp("1.0+a.b", "1.0+ab") < 0);
	assert_true(cmp("1.0+1.a", "1.0+1.0") < 0);
}

static void prerelease_flag(void **state)
{
	static const struct {
		const char *v;
		int pre;
	} cases[] = {
		{ "1.0", 0 }, { "1.0a1", 1 }, { "1.0rc1", 1 }, { "1.0.dev0", 1 },
		{ "1.0.post1", 0 }, { "1.0.post1.dev0", 1 }, { "1.0+a1", 0 },
	};
	struct pep440_version v;

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		assert_int_equal(pep440_parse(cases[k].v, &v), 0);
		assert_int_equal(pep440_is_prerelease(&v), cases[k].pre);
	}
}

static void equality_operators(void **state)
{
	(void)state;
	check_contains("==1.0", "1.0.0", -1, 1);
	check_contains("==1.0", "1.0+local", -1, 1);
	check_contains("==1.0+local", "1.0", -1, 0);
	check_contains("==1.0+LOCAL", "1.0.0+local", -1, 1);
	check_contains("==1.0+local", "1.0+local.0", -1, 0);
	check_contains("!=1.0", "1.0+local", -1, 0);
	check_contains("!=1.0+abc", "1.0", -1, 1);
	check_contains("!=1.0", "1.0.post1", -1, 1);
	check_contains("== 1.0", "1.0", -1, 1);
	check_contains("==v1.0", "1.0", -1, 1);
}

static void wildcards(void **state)
{
	(void)state;
	check_contains("==1.*", "1.9", -1, 1);
	check_contains("==1.*", "2.0", -1, 0);
	check_contains("==1.0.*", "1", -1, 1);
	check_contains("==1.0.*", "1.0.5+local", -1, 1);
	check_contains("==1.0.*", "1.0rc1", 1, 1);
	check_contains("==1.0.*", "1.0.post1", -1, 1);
	check_contains("==1.0.*", "1.1", -1, 0);
	check_contains("==1!1.*", "1.0", -1, 0);
	check_contains("==1!1.*", "1!1.0", -1, 1);
	check_contains("==v1.0.*", "1.0.1", -1, 1);
	check_contains("!=1.0.*", "1.0.1", -1, 0);
	check_contains("!=1.0.*", "1.1", -1, 1);
	check_contains("==1.0a1.*", "1.0a1", -1, -1);
	check_contains("==1.0+local.*", "1.0", -1, -1);
	check_contains(">=1.0.*", "1.0", -1, -1);
}

static void compatible_release(void **state)
{
	(void)state;
	check_contains("~=1.4", "1.4", -1, 1);
	check_contains("~=1.4", "1.9", -1, 1);
	check_contains("~=1.4", "2.0", -1, 0);
	check_contains("~=1.4.5", "1.4.9", -1, 1);
	check_contains("~=1.4.5", "1.5", -1, 0);
	check_contains("~=1.4.5", "1.4.4", -1, 0);
	check_contains("~=1.4.5a1", "1.4.5a2", -1, 1);
	check_contains("~=1.4.5a1", "1.4.7", -1, 1);
	check_contains("~=1.4.5.post1", "1.4.6", -1, 1);
	check_contains("~=1!1.4", "1!1.5", -1, 1);
	check_contains("~=1", "1.0", -1, -1);
	check_contains("~=1.4.*", "1.4", -1, -1);
	check_contains("~=1.4+local", "1.4", -1, -1);
	/* packaging's string prefix: "c1" is not a suffix there, "v1" no number. */
	check_contains("~=1.4.5.c1", "1.4.6", -1, 0);
	check_contains("~=1.4.5c1", "1.4.6", -1, 0);
	check_contains("~=1.4.5rc1", "1.4.6", -1, 1);
	check_contains("~=1.4.5.pre1.rev2", "1.4.5rc1.post3", -1, 1);
	check_contains("~=1.4.5.pre1.rev2", "1.4.6", -1, 0);
	check_contains("~=v1.4", "1.4", -1, 0);
	check_contains("~=v1!1.4", "1!1.5", -1, 1);
}

static void ordered_operators(void **state)
{
	(void)state;
	check_contains("<=1.0", "1.0+local", -1, 1);
	check_contains(">=1.0", "1.0", -1, 1);
	check_contains(">=1.0", "0.9.post1", -1, 0);
	check_contains("<1.0", "0.9", -1, 1);
	check_contains("<1.0", "1.0", -1, 0);
	check_contains("<1.0", "1.0a1", 1, 0);
	check_contains("<1.0", "0.9a1", 1, 1);
	check_contains("<1.0rc1", "1.0a1", -1, 0);
	check_contains("<1.0rc1", "1.0a1", 1, 1);
	check_contains("<1.0", "0.9+local", -1, 1);
	check_contains(">1.0", "1.0.post1", -1, 0);
	check_contains(">1.0", "1.0.1", -1, 1);
	check_contains(">1.0", "1.0+local", -1, 0);
	check_contains(">1.0", "1.1+local", -1, 1);
	check_contains(">1.0.post1", "1.0.post2", -1, 1);
	check_contains(">1.0.post1", "1.0.post2+local", -1, 0);
	check_contains(">1.0a1", "1.0+local", -1, 0);
	check_contains("<1.0+local", "0.9", -1, -1);
	check_contains(">= 1.0, < 2.0", "1.5", -1, 1);
	check_contains(">=1.0,<2.0,!=1.5.*", "1.5.1", -1, 0);
}

static void arbitrary_equality(void **state)
{
	(void)state;
	check_contains("===1.0", "1.0", -1, 1);
	check_contains("===1.0", "1.0.0", -1, 0);
	check_contains("===1.0.0", "1.00.0", -1, 1);
	check_contains("===1.0+LOCAL", "1.0+local", -1, 1);
	check_contains("===v1.0", "1.0", -1, 0);
	check_contains("===", "1.0", -1, 0);
	check_contains("=== 1.0", "1.0", -1, 1);
	check_contains("===1.0 1", "1.0", -1, -1);
	check_contains("===1.0;", "1.0", -1, -1);
	check_contains("===1.0)", "1.0", -1, -1);
	/* Not PEP 440: only "===" of the same text, any case. */
	check_contains("===foo", "FOO", -1, 1);
	check_contains("===foo", " foo ", -1, 1);
	check_contains("===foo,===FOO", "foo", -1, 1);
	check_contains("===foo,>=1", "foo", -1, 0);
	check_contains("", "foo", -1, 0);
	check_contains("===foo", "1.0", -1, 0);
}

static void prerelease_rule(void **state)
{
	(void)state;
	check_contains("", "1.0a1", -1, 0);
	check_contains("", "1.0a1", 1, 1);
	check_contains(">=1.0", "2.0a1", -1, 0);
	check_contains(">=1.0", "2.0a1", 1, 1);
	check_contains(">=1.0a1", "2.0a1", -1, 1);
	check_contains(">=1.0a1", "2.0a1", 0, 0);
	check_contains(">=1.0,<=3.0.dev0", "2.0a1", -1, 1);
	check_contains("==1.0a1.*", "1.0a1", 1, -1);
	check_contains("~=1.0rc1", "1.0rc2", -1, 1);
	check_contains("===1.0a1", "1.0a1", -1, 1);
	/* Exclusive and != operators do not name a pre-release. */
	check_contains("<1.0a2", "1.0a1", -1, 0);
	check_contains(">1.0a1", "1.0a2", -1, 0);
	check_contains("!=1.0a1", "1.0a2", -1, 0);
	check_contains("!=1.0a1", "1.0a2", 1, 1);
	/* Not PEP 440 "===" text names none (packaging raises). */
	check_contains("===foo,>=0", "1.0a1", -1, 0);
	check_contains("", "1.0.dev0", -1, 0);
	check_contains("", "1.0.post1", -1, 1);
}

static void invalid_specifiers(void **state)
{
	static const char *const bad[] = {
		"=1.0", "1.0", "==", "<>1.0", "=<1.0", "== 1.0 .*", ">=1.0;", "==1.0 ; x",
		"<=1.0+local", "==1.0, foo", "~=1", ">=9223372036854775808",
	};
	struct strbuf why = STRBUF_INIT;

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++)
		check_contains(bad[k], "1.0", -1, -1);
	assert_int_equal(pep440_contains(">=1.0, =2", "1.0", -1, &why), -1);
	assert_string_equal(why.buf, "invalid specifier '=2'");
	strbuf_release(&why);
}

static void set_items_and_whitespace(void **state)
{
	(void)state;
	check_contains("", "1.0", -1, 1);
	check_contains(",", "1.0", -1, 1);
	check_contains(" , ", "1.0", -1, 1);
	check_contains(",==1.0,", "1.0", -1, 1);
	check_contains(" ==1.0 , >=0.9 ", "1.0", -1, 1);
	check_contains("\xe2\x80\x83>=1.0\xe2\x80\x83", "1.0", -1, 1);
	check_contains(">=1.0", " 1.0\n", -1, 1);
}

static void equal_items_merge(void **state)
{
	(void)state;
	/* A frozenset keeps the first of equal specifiers. */
	check_contains("===1.0,===1.0.0", "1.0", -1, 1);
	check_contains("===1.0.0,===1.0", "1.0", -1, 0);
	check_contains("~=1.4,~=v1.4", "1.4", -1, 1);
	check_contains("~=v1.4,~=1.4", "1.4", -1, 0);
	check_contains("~=1.4.5rc1,~=1.4.5.c1", "1.4.6", -1, 1);
	check_contains("~=1.4.5.c1,~=1.4.5rc1", "1.4.6", -1, 0);
}

static void one_specifier(void **state)
{
	static const char text[] = "  ==  1.0.* ";
	struct pep440_specifier spec;
	struct pep440_version v;
	struct strbuf why = STRBUF_INIT;

	(void)state;
	assert_int_equal(pep440_specifier_parse(text, strlen(text), &spec, NULL), 0);
	assert_int_equal(spec.op, PEP440_OP_EQUAL);
	assert_int_equal(spec.wildcard, 1);
	assert_int_equal(spec.has_version, 1);
	assert_int_equal(spec.len, 5);
	assert_memory_equal(spec.text, "1.0.*", 5);
	assert_int_equal(pep440_parse("1.0.3", &v), 0);
	assert_int_equal(pep440_specifier_contains(&spec, &v, -1), 1);

	assert_int_equal(pep440_specifier_parse("===foo", 6, &spec, NULL), 0);
	assert_int_equal(spec.op, PEP440_OP_ARBITRARY);
	assert_int_equal(spec.has_version, 0);
	assert_int_equal(pep440_specifier_prereleases(&spec), 0);

	assert_int_equal(pep440_specifier_parse("<=1.0rc1", 8, &spec, NULL), 0);
	assert_int_equal(pep440_specifier_prereleases(&spec), 1);
	assert_int_equal(pep440_specifier_parse("<1.0rc1", 7, &spec, NULL), 0);
	assert_int_equal(pep440_specifier_prereleases(&spec), 0);
	assert_int_equal(pep440_parse("0.9rc1", &v), 0);
	assert_int_equal(pep440_specifier_contains(&spec, &v, -1), 0);
	assert_int_equal(pep440_specifier_contains(&spec, &v, 1), 1);

	/* Only the len bytes count. */
	assert_int_equal(pep440_specifier_parse(">=1.0junk", 5, &spec, &why), 0);
	assert_int_equal(pep440_specifier_parse(">=1.0junk", 9, &spec, &why), -1);
	assert_string_equal(why.buf, "invalid specifier '>=1.0junk'");
	strbuf_release(&why);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normal_forms),
		cmocka_unit_test(local_labels_normalised),
		cmocka_unit_test(invalid_versions),
		cmocka_unit_test(limits_refused),
		cmocka_unit_test(order_of_versions),
		cmocka_unit_test(equal_versions),
		cmocka_unit_test(prerelease_flag),
		cmocka_unit_test(equality_operators),
		cmocka_unit_test(wildcards),
		cmocka_unit_test(compatible_release),
		cmocka_unit_test(ordered_operators),
		cmocka_unit_test(arbitrary_equality),
		cmocka_unit_test(prerelease_rule),
		cmocka_unit_test(invalid_specifiers),
		cmocka_unit_test(set_items_and_whitespace),
		cmocka_unit_test(equal_items_merge),
		cmocka_unit_test(one_specifier),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
