/*
 * Unit tests for member.h: the one rule for names of extracted members.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "member.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void accepts_names_inside(void **state)
{
	(void)state;
	assert_true(member_name_safe("a", 0));
	assert_true(member_name_safe("bin/python", 0));
	assert_true(member_name_safe("lib/", 0));
	assert_true(member_name_safe("..a/b..", 0));
	assert_true(member_name_safe(".hidden/.x", 0));
	assert_true(member_name_safe("a\\b", 0)); /* a file name on POSIX */
}

static void refuses_names_outside(void **state)
{
	char *longest = malloc(PATH_MAX + 1);

	(void)state;
	assert_false(member_name_safe("", 0));
	assert_false(member_name_safe("/etc/passwd", 0));
	assert_false(member_name_safe("..", 0));
	assert_false(member_name_safe("../x", 0));
	assert_false(member_name_safe("a/../../x", 0));
	assert_false(member_name_safe("a/..", 0));
	assert_false(member_name_safe(".", 0));
	assert_false(member_name_safe("./a", 0));
	assert_false(member_name_safe("a//b", 0));
	assert_false(member_name_safe("a\\b", MEMBER_NO_BACKSLASH));
	assert_false(member_name_safe("..\\evil", MEMBER_NO_BACKSLASH));
	memset(longest, 'a', PATH_MAX);
	longest[PATH_MAX] = '\0';
	assert_false(member_name_safe(longest, 0));
	longest[PATH_MAX - 1] = '\0';
	assert_true(member_name_safe(longest, 0)); /* (the file system may still refuse it) */
	free(longest);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_names_inside),
		cmocka_unit_test(refuses_names_outside),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
