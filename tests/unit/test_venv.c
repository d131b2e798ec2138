/*
 * Unit tests for venv.h: venv_create() with an interpreter of this machine
 * (python3 on PATH, which the suite needs anyway), without pip: the environment made, the hooks a stamp
 * uses (current() under the lock stops the build; built() runs once after
 * it, and its failure fails the run), and refusals that leave nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msg.h"
#include "probe.h"
#include "strbuf.h"
#include "venv.h"
#include "testutil.h"

static struct pyinfo py;
static int have_python;

static int setup(void **state)
{
	(void)state;
	msg_mute();
	have_python = !probe_load("python3", NULL, &py);
	msg_unmute();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (have_python)
		pyinfo_release(&py);
	return 0;
}

struct calls {
	int current, built, current_says, built_fails;
};

static int hook_current(void *data, const char *env)
{
	struct calls *c = data;

	assert_non_null(env);
	c->current++;
	return c->current_says;
}

static int hook_built(void *data, const char *env)
{
	struct calls *c = data;
	char *cfg = tu_path(env, "pyvenv.cfg");

	/* Called once the environment is complete, before the lock goes. */
	assert_true(tu_exists(cfg));
	free(cfg);
	c->built++;
	return c->built_fails ? -1 : 0;
}

static void creates_an_environment(void **state)
{
	struct venv_opts o = VENV_OPTS_INIT;
	char *root = tu_mkdtemp(), *env = tu_path(root, "env"), *p;

	(void)state;
	if (!have_python)
		fail_msg("no python3 on PATH to create environments with");
	o.with_pip = 0;
	assert_int_equal(venv_create(env, &py, &o), 0);
	p = tu_path(env, "pyvenv.cfg");
	assert_true(tu_exists(p));
	free(p);
	p = xstrfmt("%s/%s/python", env, py.scripts_dir);
	assert_true(tu_exists(p));
	free(p);
	/* Again: an update in place, still 0. */
	assert_int_equal(venv_create(env, &py, &o), 0);
	free(env);
	free(root);
}

static void hooks_of_a_stamp(void **state)
{
	struct venv_opts o = VENV_OPTS_INIT;
	struct calls c = { 0 };
	const struct venv_hooks hooks = { hook_current, hook_built, &c };
	char *root = tu_mkdtemp(), *env = tu_path(root, "env");

	(void)state;
	if (!have_python)
		fail_msg("no python3 on PATH to create environments with");
	o.with_pip = 0;
	o.hooks = &hooks;
	/* Up to date: nothing is made. */
	c.current_says = 1;
	assert_int_equal(venv_create(env, &py, &o), VENV_CURRENT);
	assert_int_equal(c.current, 1);
	assert_int_equal(c.built, 0);
	assert_false(tu_exists(env));
	/* Not up to date: built, then built() once. */
	c.current_says = 0;
	assert_int_equal(venv_create(env, &py, &o), 0);
	assert_int_equal(c.current, 2);
	assert_int_equal(c.built, 1);
	/* built() failing fails the run. */
	c.built_fails = 1;
	o.replace_env = 1;
	msg_mute();
	assert_int_equal(venv_create(env, &py, &o), -1);
	msg_unmute();
	assert_int_equal(c.built, 2);
	free(env);
	free(root);
}

static void refusals_leave_nothing(void **state)
{
	struct venv_opts o = VENV_OPTS_INIT;
	char *root = tu_mkdtemp(), *env = tu_path(root, "env"), *file = tu_path(root, "file");
	char *below = tu_path(root, "file/env");

	(void)state;
	if (!have_python)
		fail_msg("no python3 on PATH to create environments with");
	o.with_pip = 0;
	tu_write_str(file, "x", 0644);
	msg_mute();
	assert_int_equal(venv_create("/", &py, &o), -1);
	assert_int_equal(venv_create(below, &py, &o), -1);
	o.prompt = "bad\nprompt";
	assert_int_equal(venv_create(env, &py, &o), -1);
	msg_unmute();
	assert_false(tu_exists(env));
	free(env);
	free(file);
	free(below);
	free(root);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(creates_an_environment),
		cmocka_unit_test(hooks_of_a_stamp),
		cmocka_unit_test(refusals_leave_nothing),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, setup, teardown);
}
