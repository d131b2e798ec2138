/*
 * Unit tests for pep508.h: environment markers evaluated as packaging 24
 * evaluates them (versions through Specifier, strings otherwise, `extra`
 * normalised, and/or precedence, the errors packaging raises), and the
 * extras of a requirement. tests/pep440/diff_packaging.py holds marker
 * evaluation against packaging itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pep508.h"
#include "strbuf.h"
#include "testutil.h"

static const struct pep508_env linux_env = {
	.os_name = "posix",
	.sys_platform = "linux",
	.platform_machine = "x86_64",
	.platform_python_implementation = "CPython",
	.platform_release = "6.1.0-18-amd64",
	.platform_system = "Linux",
	.platform_version = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
	.python_version = "3.13",
	.python_full_version = "3.13.0",
	.implementation_name = "cpython",
	.implementation_version = "3.13.0",
};

/* pep508_marker_eval() on linux_env, with a message on failure. */
static void check(const char *marker, const char *extra, int want)
{
	struct strbuf why = STRBUF_INIT;
	const int got = pep508_marker_eval(marker, &linux_env, extra, &why);

	if (got != want)
		fail_msg("'%s' (extra %s): got %d (%s), want %d", marker, extra ? extra : "NULL", got,
			 why.buf, want);
	if ((got < 0) != (why.len > 0))
		fail_msg("'%s': got %d with why '%s'", marker, got, why.buf);
	strbuf_release(&why);
}

static void version_comparisons(void **state)
{
	(void)state;
	check("python_version >= '3.8'", NULL, 1);
	check("python_version < '3.8'", NULL, 0);
	check("python_version > '3.13'", NULL, 0);
	check("python_version == '3.*'", NULL, 1);
	check("python_version != '3.13.*'", NULL, 0);
	check("python_version == '3.13.0'", NULL, 1);
	check("python_full_version ~= '3.13.0'", NULL, 1);
	check("python_full_version > '3.13.0rc1'", NULL, 1);
	check("python_full_version < '3.13.0rc1'", NULL, 0);
	check("python_version >= ' 3.8 '", NULL, 1);
	check("python_version === '3.13'", NULL, 1);
	/* Specifier("=" + "=3.13") is "===3.13". */
	check("python_version == '=3.13'", NULL, 1);
	check("python_version < '=3.13'", NULL, 1);
}

static void prereleases_count(void **state)
{
	static const struct pep508_env rc = {
		.python_version = "3.13",
		.python_full_version = "3.13.0rc1",
		.implementation_version = "3.13.0rc1",
	};
	struct strbuf why = STRBUF_INIT;

	(void)state;
	assert_int_equal(pep508_marker_eval("python_full_version >= '3.12'", &rc, NULL, &why), 1);
	assert_int_equal(pep508_marker_eval("python_full_version < '3.13'", &rc, NULL, &why), 0);
	assert_int_equal(pep508_marker_eval("os_name == ''", &rc, NULL, &why), 1);
	assert_string_equal(why.buf, "");
	strbuf_release(&why);
}

static void string_comparisons(void **state)
{
	(void)state;
	check("os_name == 'posix'", NULL, 1);
	check("os_name != 'posix'", NULL, 0);
	check("sys_platform == 'Linux'", NULL, 0);
	check("platform_machine in 'x86_64 aarch64'", NULL, 1);
	check("platform_machine not in 'x86_64 aarch64'", NULL, 0);
	check("'SMP' in platform_version", NULL, 1);
	check("'' in os_name", NULL, 1);
	check("platform_system < 'linux'", NULL, 1);
	check("platform_system >= 'Linux'", NULL, 1);
	check("platform_release == '6.1.0-18-amd64'", NULL, 1);
	check("platform_release in '6.1.0-18-amd64'", NULL, 1);
}

static void either_side(void **state)
{
	(void)state;
	check("'posix' == os_name", NULL, 1);
	check("'3.8' <= python_version", NULL, 1);
	check("'3.14' <= python_version", NULL, 0);
	check("'x86' in platform_machine", NULL, 1);
	/* A string on the left names the variable on the right, even quoted. */
	check("'3.8' < 'python_version'", NULL, 1);
	/* A variable on the right of a variable is its name. */
	check("os_name == sys_platform", NULL, 0);
	check("python_version < python_full_version", NULL, 1);
}

static void dotted_aliases(void **state)
{
	(void)state;
	check("os.name == 'posix'", NULL, 1);
	check("sys.platform == 'linux'", NULL, 1);
	check("platform.machine == 'x86_64'", NULL, 1);
	check("platform.version in 'x'", NULL, 0);
	check("platform.python_implementation == 'CPython'", NULL, 1);
	check("python_implementation == 'CPython'", NULL, 1);
}

static void and_or_parentheses(void **state)
{
	(void)state;
	check("os_name == 'posix' and python_version >= '3.8' or sys_platform == 'win32'", NULL, 1);
	check("os_name == 'nt' or python_version >= '3.8' and sys_platform == 'win32'", NULL, 0);
	check("os_name == 'posix' or os_name == 'nt' and sys_platform == 'win32'", NULL, 1);
	check("(os_name == 'posix' or os_name == 'nt') and sys_platform == 'win32'", NULL, 0);
	check("((os_name == 'posix'))", NULL, 1);
	check("os_name == 'nt' and (python_version < '3' or extra == 'test')", "test", 0);
	check("os_name == 'posix' and (python_version < '3' or extra == 'test')", "test", 1);
	check("os_name=='posix'and(sys_platform=='linux')", NULL, 1);
}

static void extra_normalised(void **state)
{
	(void)state;
	check("extra == 'test'", NULL, 0);
	check("extra == 'test'", "", 0);
	check("extra == 'test'", "test", 1);
	check("extra == 'TE_st'", "te.st", 1);
	check("extra == 'Te_St'", "te-st", 1);
	check("extra == 'te..st'", "TE__st", 1);
	check("'test' == extra", "Test", 1);
	check("extra != 'test'", "doc", 1);
	check("extra in 'test'", "t", 1);
	check("extra == extra", "x", 0);
	/* The first comparison, a variable against extra: the variable's name. */
	check("os_name == extra", "os.name", 1);
	check("python_version > '3' and os_name == extra", "os.name", 0);
	check("(os_name == extra)", "posix", 0);
}

static void evaluation_errors(void **state)
{
	struct strbuf why = STRBUF_INIT;

	(void)state;
	check("platform_release >= '5'", NULL, -1);
	check("os_name ~= 'posix'", NULL, -1);
	check("os_name === 'posix'", NULL, -1);
	check("'posix' == 'posix'", NULL, -1);
	check("extra == '1.0'", NULL, -1);
	check("extra == '1.0'", "1.0", 1);
	/* Every comparison is evaluated, as packaging does. */
	check("os_name == 'nt' and platform_release >= '5'", NULL, -1);
	check("os_name == 'posix' or platform_release >= '5'", NULL, -1);
	assert_int_equal(pep508_marker_eval("platform_release >= '5'", &linux_env, NULL, &why), -1);
	assert_string_equal(why.buf, "invalid version '6.1.0-18-amd64' in 'platform_release >= '5''");
	strbuf_reset(&why);
	assert_int_equal(pep508_marker_eval("os_name ~= 'x' or 'a' < 'b'", &linux_env, NULL, &why), -1);
	assert_string_equal(why.buf, "undefined comparison '~=' on 'posix' and 'x' in 'os_name ~= 'x''");
	strbuf_release(&why);
}

static void invalid_markers(void **state)
{
	struct strbuf why = STRBUF_INIT;

	(void)state;
	check("", NULL, -1);
	check("os_name", NULL, -1);
	check("os_name = 'posix'", NULL, -1);
	check("os_name == 'posix' and", NULL, -1);
	check("(os_name == 'posix'", NULL, -1);
	check("foo == 'bar'", NULL, -1);
	assert_int_equal(pep508_marker_eval("os_name == 'posix' xor", &linux_env, NULL, &why), -1);
	assert_string_equal(why.buf, "parse error at 'xor'");
	strbuf_release(&why);
}

static void missing_values_are_empty(void **state)
{
	static const struct pep508_env empty = { NULL };
	struct strbuf why = STRBUF_INIT;

	(void)state;
	assert_int_equal(pep508_marker_eval("os_name == ''", &empty, NULL, &why), 1);
	assert_int_equal(pep508_marker_eval("sys_platform != 'linux'", &empty, NULL, &why), 1);
	assert_int_equal(pep508_marker_eval("python_version >= '3'", &empty, NULL, &why), -1);
	strbuf_release(&why);
}

/* The extras of Requirement(text), joined with "|", or "ERROR". */
static void check_extras(const char *text, const char *want)
{
	struct pep508 r = PEP508_INIT;
	struct strbuf why = STRBUF_INIT, got = STRBUF_INIT;

	if (pep508_parse(text, &r, &why)) {
		strbuf_addstr(&got, "ERROR");
		assert_null(r.extras);
		assert_int_equal(r.nextras, 0);
	}
	for (size_t k = 0; k < r.nextras; k++)
		strbuf_addf(&got, "%s%s", k ? "|" : "", r.extras[k]);
	if (strcmp(got.buf, want))
		fail_msg("'%s': got '%s', want '%s'", text, got.buf, want);
	pep508_release(&r);
	assert_null(r.extras);
	assert_int_equal(r.nextras, 0);
	strbuf_release(&why);
	strbuf_release(&got);
}

static void requirement_extras(void **state)
{
	(void)state;
	check_extras("name", "");
	check_extras("name[]", "");
	check_extras("name[a]", "a");
	check_extras("name [ a , B_c ] >= 1.0", "a|B_c");
	check_extras("name[a-b.c,a]", "a-b.c|a");
	check_extras("name[a] @ https://example.com/x.whl", "a");
	check_extras("name[a];python_version>'3'", "a");
	check_extras("name[a,b", "ERROR");
	check_extras("name[a,b] @", "ERROR");
	check_extras("name[a] @ https://", "ERROR");
}

static void requirement_fields(void **state)
{
	struct pep508 r = PEP508_INIT;
	struct strbuf why = STRBUF_INIT;

	(void)state;
	assert_int_equal(pep508_parse("Name[x,y] (>=1.0, <2) ; os_name == 'posix'", &r, &why), 0);
	assert_string_equal(r.name, "Name");
	assert_null(r.url);
	assert_string_equal(r.specifier, ">=1.0,<2");
	assert_string_equal(r.marker, "os_name == 'posix'");
	assert_int_equal(r.nextras, 2);
	assert_string_equal(r.extras[0], "x");
	assert_string_equal(r.extras[1], "y");
	assert_int_equal(pep508_marker_eval(r.marker, &linux_env, r.extras[0], &why), 1);
	pep508_release(&r);
	strbuf_release(&why);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_comparisons),
		cmocka_unit_test(prereleases_count),
		cmocka_unit_test(string_comparisons),
		cmocka_unit_test(either_side),
		cmocka_unit_test(dotted_aliases),
		cmocka_unit_test(and_or_parentheses),
		cmocka_unit_test(extra_normalised),
		cmocka_unit_test(evaluation_errors),
		cmocka_unit_test(invalid_markers),
		cmocka_unit_test(missing_values_are_empty),
		cmocka_unit_test(requirement_extras),
		cmocka_unit_test(requirement_fields),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
