/*
 * Unit tests for inputs.h: which --find-links values are local directories,
 * and which changes change the digest (and which do not).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "inputs.h"
#include "strbuf.h"
#include "testutil.h"

static void collect(const char *dir, void *data)
{
	struct strbuf *sb = data;

	strbuf_addstr(sb, dir);
	strbuf_addch(sb, '|');
}

static void check_links(const char *const *args, size_t n, const char *env, const char *want)
{
	struct string_list list = { (const char **)args, n };
	struct strbuf sb = STRBUF_INIT;

	if (env)
		setenv("PIP_FIND_LINKS", env, 1);
	else
		unsetenv("PIP_FIND_LINKS");
	inputs_find_links(&list, collect, &sb);
	assert_string_equal(sb.len ? sb.buf : "", want);
	strbuf_release(&sb);
}

static void find_links_forms(void **state)
{
	const char *args[] = { "--no-index", "--find-links=a", "--find-links", "b", "-f", "c", "-fd",
			       "--find-links=https://example.org/simple", "--find-links=file:///w" };

	(void)state;
	check_links(args, 9, NULL, "a|b|c|d|/w|");
}

static void find_links_environment(void **state)
{
	const char *args[] = { "--find-links=a" };

	(void)state;
	check_links(args, 1, "/x http://h/y  file:///z", "a|/x|/z|");
	check_links(args, 0, "", "");
}

static void find_links_missing_value(void **state)
{
	const char *args[] = { "--no-index", "--find-links" };

	(void)state;
	/* A trailing option without its value names nothing (pip will refuse it). */
	check_links(args, 2, NULL, "");
}

static struct pyinfo fake_python(void)
{
	struct pyinfo py = { 0 };

	py.path = (char *)"/usr/bin/python3";
	py.version = (char *)"3.11.2";
	py.real_executable = (char *)"/usr/bin/python3.11";
	return py;
}

static void digest(const struct venv_opts *o, char hex[INPUTS_HEX_LEN])
{
	struct pyinfo py = fake_python();

	assert_int_equal(inputs_digest("env", &py, o, 0, hex, NULL), 0);
	assert_int_equal(strlen(hex), 64);
}

static void digest_follows_contents(void **state)
{
	char *dir = tu_mkdtemp();
	char *req = xstrfmt("%s/req.txt", dir);
	const char *files[] = { req };
	struct venv_opts o = VENV_OPTS_INIT;
	char a[INPUTS_HEX_LEN], b[INPUTS_HEX_LEN], c[INPUTS_HEX_LEN];

	(void)state;
	unsetenv("PIP_FIND_LINKS");
	o.requirements = (struct string_list){ files, 1 };
	tu_write_str(req, "alpha\n", 0644);
	digest(&o, a);
	/* Same contents, another time: same digest. */
	tu_write_str(req, "alpha\n", 0644);
	assert_int_equal(utimensat(AT_FDCWD, req, (struct timespec[]){ { 1, 0 }, { 1, 0 } }, 0), 0);
	digest(&o, b);
	assert_string_equal(a, b);
	tu_write_str(req, "alpha\nbeta\n", 0644);
	digest(&o, c);
	assert_string_not_equal(a, c);
	free(req);
	tu_rmtree(dir);
	free(dir);
}

static void digest_follows_options(void **state)
{
	struct venv_opts o = VENV_OPTS_INIT;
	const char *one[] = { "x" }, *other[] = { "y" };
	char base[INPUTS_HEX_LEN], d[INPUTS_HEX_LEN];

	(void)state;
	unsetenv("PIP_FIND_LINKS");
	digest(&o, base);
	o.with_pip = 0;
	digest(&o, d);
	assert_string_not_equal(base, d);
	o.with_pip = 1;
	o.prompt = "p";
	digest(&o, d);
	assert_string_not_equal(base, d);
	o.prompt = NULL;
	/* A package and a pip argument with the same text differ. */
	o.packages = (struct string_list){ one, 1 };
	digest(&o, base);
	o.packages = (struct string_list){ NULL, 0 };
	o.pip_args = (struct string_list){ one, 1 };
	digest(&o, d);
	assert_string_not_equal(base, d);
	o.pip_args = (struct string_list){ other, 1 };
	digest(&o, base);
	assert_string_not_equal(base, d);
	setenv("PIP_NO_COMPILE", "1", 1);
	digest(&o, d);
	unsetenv("PIP_NO_COMPILE");
	assert_string_not_equal(base, d);
}

static void digest_missing_requirements(void **state)
{
	const char *files[] = { "/nonexistent/req.txt" };
	struct venv_opts o = VENV_OPTS_INIT;
	struct pyinfo py = fake_python();
	char hex[INPUTS_HEX_LEN];

	(void)state;
	o.requirements = (struct string_list){ files, 1 };
	assert_int_equal(inputs_digest("env", &py, &o, 0, hex, NULL), -1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_links_forms),
		cmocka_unit_test(find_links_environment),
		cmocka_unit_test(find_links_missing_value),
		cmocka_unit_test(digest_follows_contents),
		cmocka_unit_test(digest_follows_options),
		cmocka_unit_test(digest_missing_requirements),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
