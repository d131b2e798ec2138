/*
 * Unit tests for layout.h: venv's per-version rules. The expected pyvenv.cfg
 * texts were checked against `python3.X -m venv` of CPython 3.8.18, 3.9.18,
 * 3.11.7, 3.12.1 and 3.13.0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout.h"
#include "probe.h"
#include "strbuf.h"
#include "venv.h"

#include <string.h>

/* A pyinfo for CPython 3.<minor>.<micro> in /opt/py/bin (fields point to
 * static strings: never pyinfo_release'd). */
static struct pyinfo make_py(int minor, const char *version, const char *real)
{
	struct pyinfo py;

	memset(&py, 0, sizeof(py));
	py.major = 3;
	py.minor = minor;
	py.version = (char *)version;
	py.path = (char *)"/opt/py/bin/python3";
	py.executable = (char *)"/opt/py/bin/python3";
	py.base_executable = (char *)"/opt/py/bin/python3";
	py.real_executable = (char *)real;
	py.implementation = (char *)"cpython";
	py.scripts_dir = (char *)"bin";
	py.is_64bit = 1;
	py.is_posix = 1;
	return py;
}

static void check_names(int minor, size_t want_n, const char *const *want)
{
	struct pyinfo py = make_py(minor, "3.x", "/opt/py/bin/python3.x");
	const char *names[LAYOUT_MAX_NAMES] = { NULL };
	size_t n = layout_python_names(&py, names);

	assert_int_equal(n, want_n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names[i], want[i]);
}

static void python_names_per_version(void **state)
{
	static const char *const v38[] = { "python", "python3" };
	static const char *const v39[] = { "python", "python3", "python3.9" };
	static const char *const v311[] = { "python", "python3", "python3.11" };
	static const char *const v312[] = { "python", "python3", "python3.12" };
	static const char *const v313[] = { "python", "python3", "python3.13" };

	(void)state;
	check_names(8, 2, v38);
	check_names(9, 3, v39);
	check_names(11, 3, v311);
	check_names(12, 3, v312);
	check_names(13, 3, v313);
}

static void exe_name_is_basename(void **state)
{
	struct pyinfo py = make_py(12, "3.12.1", "/opt/py/bin/python3.12");

	(void)state;
	assert_string_equal(layout_exe_name(&py), "python3");
	py.base_executable = (char *)"/usr/local/bin/python3.12";
	assert_string_equal(layout_exe_name(&py), "python3.12");
}

static void version_predicates(void **state)
{
	static const struct {
		int major, minor;
		int scm, command;
		size_t ndeps;
	} cases[] = {
		{ 3, 8, 0, 0, 2 },  { 3, 9, 0, 0, 2 },  { 3, 10, 0, 0, 2 }, { 3, 11, 0, 1, 2 },
		{ 3, 12, 0, 1, 1 }, { 3, 13, 1, 1, 1 }, { 3, 14, 1, 1, 1 }, { 4, 0, 1, 1, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pyinfo py = make_py(cases[i].minor, "x", "/opt/py/bin/python");
		const char *deps[2] = { NULL, NULL };
		size_t n;

		py.major = cases[i].major;
		print_message("%d.%d\n", cases[i].major, cases[i].minor);
		assert_int_equal(layout_has_scm_ignore(&py), cases[i].scm);
		assert_int_equal(layout_has_command_key(&py), cases[i].command);
		n = layout_upgrade_deps(&py, deps);
		assert_int_equal(n, cases[i].ndeps);
		assert_string_equal(deps[0], "pip");
		if (n == 2)
			assert_string_equal(deps[1], "setuptools");
	}
}

static void lib64_rule(void **state)
{
	struct pyinfo py = make_py(12, "3.12.1", "/opt/py/bin/python3.12");

	(void)state;
	assert_int_equal(layout_has_lib64(&py), 1);
	py.is_darwin = 1;
	assert_int_equal(layout_has_lib64(&py), 0);
	py.is_darwin = 0;
	py.is_64bit = 0;
	assert_int_equal(layout_has_lib64(&py), 0);
	py.is_64bit = 1;
	py.is_posix = 0;
	assert_int_equal(layout_has_lib64(&py), 0);
}

static void check_config(const struct pyinfo *py, const struct venv_opts *opts, const char *env,
			 const char *prompt, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	layout_config(&sb, py, opts, env, prompt);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void config_3_12_copies_without_pip_prompt(void **state)
{
	struct pyinfo py = make_py(12, "3.12.1", "/opt/py/bin/python3.12");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	opts.symlinks = 0;
	opts.with_pip = 0;
	opts.prompt = "it's";
	check_config(&py, &opts, "/tmp/env", "it's",
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.12.1\n"
		     "prompt = \"it's\"\n"
		     "executable = /opt/py/bin/python3.12\n"
		     "command = /opt/py/bin/python3 -m venv --copies --without-pip --prompt=\"it's\" /tmp/env\n");
}

static void config_3_12_defaults(void **state)
{
	struct pyinfo py = make_py(12, "3.12.1", "/opt/py/bin/python3.12");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	check_config(&py, &opts, "/tmp/env", NULL,
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.12.1\n"
		     "executable = /opt/py/bin/python3.12\n"
		     "command = /opt/py/bin/python3 -m venv /tmp/env\n");
}

static void config_3_8_has_no_command(void **state)
{
	struct pyinfo py = make_py(8, "3.8.18", "/opt/py/bin/python3.8");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	opts.symlinks = 0;
	opts.with_pip = 0;
	opts.prompt = "it's";
	check_config(&py, &opts, "/tmp/env", "it's",
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.8.18\n"
		     "prompt = \"it's\"\n");
	opts = (struct venv_opts)VENV_OPTS_INIT;
	opts.system_site_packages = 1;
	check_config(&py, &opts, "/tmp/env", NULL,
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = true\n"
		     "version = 3.8.18\n");
}

static void config_3_9_and_3_10_have_no_command(void **state)
{
	struct pyinfo py9 = make_py(9, "3.9.18", "/opt/py/bin/python3.9");
	struct pyinfo py10 = make_py(10, "3.10.13", "/opt/py/bin/python3.10");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	check_config(&py9, &opts, "/tmp/env", "env",
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.9.18\n"
		     "prompt = 'env'\n");
	check_config(&py10, &opts, "/tmp/env", NULL,
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.10.13\n");
}

static void config_3_11_command(void **state)
{
	struct pyinfo py = make_py(11, "3.11.7", "/opt/py/bin/python3.11");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	opts.system_site_packages = 1;
	opts.upgrade = 1;
	/* scm_ignore=0 means nothing before 3.13 */
	opts.scm_ignore = 0;
	check_config(&py, &opts, "/a b/env", NULL,
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = true\n"
		     "version = 3.11.7\n"
		     "executable = /opt/py/bin/python3.11\n"
		     "command = /opt/py/bin/python3 -m venv --system-site-packages --upgrade /a b/env\n");
}

/* Every option at once, in venv's order (as 3.13.0 writes it). */
static void config_3_13_all_options(void **state)
{
	struct pyinfo py = make_py(13, "3.13.0", "/opt/py/bin/python3.13");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	opts.symlinks = 0;
	opts.with_pip = 0;
	opts.system_site_packages = 1;
	opts.clear = 1;
	opts.upgrade = 1;
	opts.upgrade_deps = 1;
	opts.prompt = ".";
	opts.scm_ignore = 0;
	check_config(&py, &opts, "/tmp/lv/f", "f",
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = true\n"
		     "version = 3.13.0\n"
		     "prompt = 'f'\n"
		     "executable = /opt/py/bin/python3.13\n"
		     "command = /opt/py/bin/python3 -m venv --copies --without-pip --system-site-packages"
		     " --clear --upgrade --upgrade-deps --prompt=\".\" --without-scm-ignore-files /tmp/lv/f\n");
	/* With the defaults, 3.13 writes no option at all. */
	opts = (struct venv_opts)VENV_OPTS_INIT;
	check_config(&py, &opts, "/tmp/env", NULL,
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.13.0\n"
		     "executable = /opt/py/bin/python3.13\n"
		     "command = /opt/py/bin/python3 -m venv /tmp/env\n");
}

/* The prompt key is repr() of the resolved prompt; the command keeps the
 * prompt as given, in double quotes, unescaped (as venv does). */
static void config_prompt_forms(void **state)
{
	struct pyinfo py = make_py(12, "3.12.1", "/opt/py/bin/python3.12");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	opts.prompt = "both ' and \"\\ \xc2\xa0 \xc3\xbc";
	check_config(&py, &opts, "/tmp/env", opts.prompt,
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.12.1\n"
		     "prompt = 'both \\' and \"\\\\ \\xa0 \xc3\xbc'\n"
		     "executable = /opt/py/bin/python3.12\n"
		     "command = /opt/py/bin/python3 -m venv --prompt=\"both ' and \"\\ \xc2\xa0 \xc3\xbc\" /tmp/env\n");
}

/* home is the directory of the base executable, not of sys.executable. */
static void config_home_from_base_executable(void **state)
{
	struct pyinfo py = make_py(12, "3.12.1", "/usr/lib/py/python3.12");
	struct venv_opts opts = VENV_OPTS_INIT;

	(void)state;
	py.executable = (char *)"/old env/bin/python";
	py.base_executable = (char *)"/usr/local/bin/python3";
	check_config(&py, &opts, "/e", NULL,
		     "home = /usr/local/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.12.1\n"
		     "executable = /usr/lib/py/python3.12\n"
		     "command = /old env/bin/python -m venv /e\n");
}

/* The same through probe_parse of a JSON answer. */
static void config_from_probe_answer(void **state)
{
	static const char answer[] =
		"{\"base_executable\": \"/opt/py/bin/python3\", \"ensurepip\": true,"
		" \"executable\": \"/opt/py/bin/python3\", \"implementation\": \"cpython\","
		" \"is_64bit\": true, \"os_name\": \"posix\", \"paths\": {\"include\": \"include/python3.12\","
		" \"platlib\": \"lib/python3.12/site-packages\", \"purelib\": \"lib/python3.12/site-packages\","
		" \"scripts\": \"bin\"}, \"platform\": \"linux\", \"probe\": 1,"
		" \"real_executable\": \"/opt/py/bin/python3.12\", \"version\": \"3.12.1\","
		" \"version_info\": [3, 12, 1], \"wheels\": []}";
	struct pyinfo py;
	struct venv_opts opts = VENV_OPTS_INIT;
	const char *names[LAYOUT_MAX_NAMES];

	(void)state;
	memset(&py, 0, sizeof(py));
	assert_int_equal(probe_parse(answer, &py), 0);
	opts.symlinks = 0;
	opts.with_pip = 0;
	opts.prompt = "it's";
	check_config(&py, &opts, "/tmp/env", "it's",
		     "home = /opt/py/bin\n"
		     "include-system-site-packages = false\n"
		     "version = 3.12.1\n"
		     "prompt = \"it's\"\n"
		     "executable = /opt/py/bin/python3.12\n"
		     "command = /opt/py/bin/python3 -m venv --copies --without-pip --prompt=\"it's\" /tmp/env\n");
	assert_int_equal(layout_python_names(&py, names), 3);
	assert_string_equal(names[2], "python3.12");
	assert_int_equal(layout_has_lib64(&py), 1);
	pyinfo_release(&py);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(python_names_per_version),
		cmocka_unit_test(exe_name_is_basename),
		cmocka_unit_test(version_predicates),
		cmocka_unit_test(lib64_rule),
		cmocka_unit_test(config_3_12_copies_without_pip_prompt),
		cmocka_unit_test(config_3_12_defaults),
		cmocka_unit_test(config_3_8_has_no_command),
		cmocka_unit_test(config_3_9_and_3_10_have_no_command),
		cmocka_unit_test(config_3_11_command),
		cmocka_unit_test(config_3_13_all_options),
		cmocka_unit_test(config_prompt_forms),
		cmocka_unit_test(config_home_from_base_executable),
		cmocka_unit_test(config_from_probe_answer),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
