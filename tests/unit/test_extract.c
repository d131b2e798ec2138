/*
 * Unit tests for extract.h: members written below a directory descriptor,
 * never through a link, with exact modes on request and directory times
 * set at the end. (Members read from archives are covered by test_wheel
 * and the template tests; here the writing itself.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract.h"
#include "msg.h"
#include "strbuf.h"
#include "testutil.h"

static void writes_below_the_root(void **state)
{
	char *root = tu_mkdtemp(), *p;
	struct extract_dir x;
	size_t len;

	(void)state;
	assert_int_equal(extract_open(&x, root, 0), 0);
	assert_int_equal(extract_data(&x, "a/b/c.txt", "abc", 3, 0644), 0);
	assert_int_equal(extract_data(&x, "a/b/d.txt", "d", 1, 0644), 0);
	assert_int_equal(extract_data(&x, "a/e.txt", "e", 1, 0644), 0);
	assert_int_equal(extract_data(&x, "f/g/h.txt", "h", 1, 0644), 0);
	assert_int_equal(extract_data(&x, "a/b/i/j.txt", "j", 1, 0644), 0);
	assert_int_equal(extract_data(&x, "top.txt", "t", 1, 0644), 0);
	assert_int_equal(extract_mkdir(&x, "empty/", 0755, NULL), 0);
	assert_int_equal(extract_mkdir(&x, "a/b", 0755, NULL), 0); /* exists: kept */
	/* Without EXTRACT_REPLACE an existing name is an error. */
	msg_mute();
	assert_int_equal(extract_data(&x, "a/e.txt", "E", 1, 0644), -1);
	msg_unmute();
	assert_int_equal(extract_close(&x, 1), 0);
	p = tu_path(root, "a/b/c.txt");
	free(tu_read(p, &len));
	assert_int_equal(len, 3);
	free(p);
	for (const char *const *n = (const char *const[]){ "a/b/d.txt", "a/e.txt", "f/g/h.txt", "a/b/i/j.txt",
							      "top.txt", "empty", NULL }; *n; n++) {
		p = tu_path(root, *n);
		assert_true(tu_exists(p));
		free(p);
	}
	p = tu_path(root, "a/e.txt");
	{
		char *text = tu_read(p, &len);

		assert_memory_equal(text, "e", 1);
		free(text);
	}
	free(p);
	free(root);
}

static void never_follows_a_link(void **state)
{
	char *root = tu_mkdtemp(), *outside = tu_mkdtemp();
	char *link = tu_path(root, "evil"), *target = tu_path(outside, "victim");
	char *file_link = tu_path(root, "file");
	struct extract_dir x;
	size_t len;
	char *text;

	(void)state;
	tu_write_str(target, "keep", 0644);
	assert_int_equal(symlink(outside, link), 0);
	assert_int_equal(symlink(target, file_link), 0);
	assert_int_equal(extract_open(&x, root, 0), 0);
	msg_mute();
	/* A directory on the way that is a link: refused, nothing outside. */
	assert_int_equal(extract_data(&x, "evil/new", "x", 1, 0644), -1);
	assert_int_equal(extract_mkdir(&x, "evil/sub", 0755, NULL), -1);
	/* A link at the name itself: an error without EXTRACT_REPLACE. */
	assert_int_equal(extract_data(&x, "file", "x", 1, 0644), -1);
	msg_unmute();
	assert_int_equal(extract_close(&x, 1), 0);
	{
		char *p = tu_path(outside, "new"), *q = tu_path(outside, "sub");

		assert_false(tu_exists(p));
		assert_false(tu_exists(q));
		free(p);
		free(q);
	}
	/* With it, the link is replaced by a file; its target is untouched. */
	assert_int_equal(extract_open(&x, root, EXTRACT_REPLACE), 0);
	assert_int_equal(extract_data(&x, "file", "new", 3, 0644), 0);
	assert_int_equal(extract_close(&x, 1), 0);
	text = tu_read(target, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(text, "keep", 4);
	free(text);
	{
		struct stat st;

		assert_int_equal(lstat(file_link, &st), 0);
		assert_true(S_ISREG(st.st_mode));
	}
	free(link);
	free(target);
	free(file_link);
	free(root);
	free(outside);
}

static void refuses_unsafe_names(void **state)
{
	static const char *const bad[] = { "", "/abs", "../up", "a/../b", "a//b", "./a", "a/./b", NULL };
	char *root = tu_mkdtemp();
	struct extract_dir x;

	(void)state;
	assert_int_equal(extract_open(&x, root, 0), 0);
	msg_mute();
	for (const char *const *n = bad; *n; n++) {
		assert_int_equal(extract_data(&x, *n, "x", 1, 0644), -1);
		assert_int_equal(extract_symlink(&x, *n, "t", "archive", NULL), -1);
	}
	msg_unmute();
	assert_int_equal(extract_close(&x, 1), 0);
	free(root);
}

static void links_that_stay_inside(void **state)
{
	char *root = tu_mkdtemp(), *p;
	struct extract_dir x;
	char buf[64];
	ssize_t n;

	(void)state;
	assert_true(extract_link_safe("lib64", "lib"));
	assert_true(extract_link_safe("a/b", "../c"));
	assert_true(extract_link_safe("bin/python", "/bin/sh"));
	assert_false(extract_link_safe("a/b", "../../c"));
	assert_false(extract_link_safe("a", "b/../../c"));
	assert_false(extract_link_safe("bin/x", "/tmp"));          /* a directory outside */
	assert_false(extract_link_safe("bin/x", "/nonexistent/y")); /* nothing */
	assert_false(extract_link_safe("x", ""));
	assert_int_equal(extract_open(&x, root, 0), 0);
	assert_int_equal(extract_symlink(&x, "lib64", "lib", "archive", NULL), 0);
	msg_mute();
	assert_int_equal(extract_symlink(&x, "up", "../outside", "archive", NULL), -1);
	/* Through the link made just now: refused as any link. */
	assert_int_equal(extract_data(&x, "lib64/f", "x", 1, 0644), -1);
	msg_unmute();
	assert_int_equal(extract_close(&x, 1), 0);
	p = tu_path(root, "lib64");
	n = readlink(p, buf, sizeof(buf));
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "lib", 3);
	free(p);
	p = tu_path(root, "up");
	assert_false(tu_exists(p));
	free(p);
	free(root);
}

static void modes_and_times(void **state)
{
	char *root = tu_mkdtemp(), *p;
	const struct timespec t = { 1000000000, 0 };
	const mode_t old = umask(077);
	struct extract_dir x;
	struct stat st;

	(void)state;
	/* Exact: the umask does not apply; directory times set at close. */
	assert_int_equal(extract_open(&x, root, EXTRACT_EXACT_MODE), 0);
	assert_int_equal(extract_mkdir(&x, "d", 0755, &t), 0);
	assert_int_equal(extract_data(&x, "d/run", "#!", 2, 0755), 0);
	assert_int_equal(extract_close(&x, 1), 0);
	p = tu_path(root, "d/run");
	assert_int_equal(tu_mode(p), 0755);
	free(p);
	p = tu_path(root, "d");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal((long long)st.st_mtime, 1000000000LL);
	assert_int_equal(tu_mode(p), 0755);
	free(p);
	/* Otherwise the umask applies, as for any file a program creates. */
	assert_int_equal(extract_open(&x, root, 0), 0);
	assert_int_equal(extract_data(&x, "e/plain", "x", 1, 0755), 0);
	assert_int_equal(extract_close(&x, 0), 0);
	p = tu_path(root, "e/plain");
	assert_int_equal(tu_mode(p), 0700);
	free(p);
	umask(old);
	free(root);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_below_the_root),
		cmocka_unit_test(never_follows_a_link),
		cmocka_unit_test(refuses_unsafe_names),
		cmocka_unit_test(links_that_stay_inside),
		cmocka_unit_test(modes_and_times),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
