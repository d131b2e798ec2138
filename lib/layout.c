/*
 * layout: venv's per-version rules, as observed from each CPython's own
 * `python -m venv` (3.8 to 3.13).
 */
#include "layout.h"

#include "options.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "pyrepr.h"

static int at_least(const struct pyinfo *py, int major, int minor)
{
	return py->major > major || (py->major == major && py->minor >= minor);
}

const char *layout_exe_name(const struct pyinfo *py)
{
	const char *slash = strrchr(py->base_executable, '/');

	return slash ? slash + 1 : py->base_executable;
}

size_t layout_python_names(const struct pyinfo *py, const char *names[LAYOUT_MAX_NAMES])
{
	static _Thread_local char major[16], minor[32];
	size_t n = 0;

	assert(py);
	snprintf(major, sizeof(major), "python%d", py->major);
	snprintf(minor, sizeof(minor), "python%d.%d", py->major, py->minor);
	names[n++] = "python";
	names[n++] = major;
	if (at_least(py, 3, 9))
		names[n++] = minor;
	return n;
}

int layout_resolves_dot_prompt(const struct pyinfo *py)
{
	return at_least(py, 3, 9);
}

int layout_has_scm_ignore(const struct pyinfo *py)
{
	return at_least(py, 3, 13);
}

int layout_has_command_key(const struct pyinfo *py)
{
	return at_least(py, 3, 11);
}

int layout_has_lib64(const struct pyinfo *py)
{
	return py->is_64bit && py->is_posix && !py->is_darwin;
}

size_t layout_upgrade_deps(const struct pyinfo *py, const char *names[2])
{
	names[0] = "pip";
	if (at_least(py, 3, 12))
		return 1;
	names[1] = "setuptools";
	return 2;
}

/* venv's `command` line: the options in venv's own order, then the path. */
static void add_command(struct strbuf *out, const struct pyinfo *py, const struct venv_opts *o,
			const char *env_dir)
{
	strbuf_addf(out, "command = %s -m venv", py->executable);
	if (!o->symlinks)
		strbuf_addstr(out, " --copies");
	if (!o->with_pip)
		strbuf_addstr(out, " --without-pip");
	if (o->system_site_packages)
		strbuf_addstr(out, " --system-site-packages");
	if (o->clear)
		strbuf_addstr(out, " --clear");
	if (o->upgrade)
		strbuf_addstr(out, " --upgrade");
	if (o->upgrade_deps)
		strbuf_addstr(out, " --upgrade-deps");
	if (o->prompt)
		strbuf_addf(out, " --prompt=\"%s\"", o->prompt);
	if (!o->scm_ignore && layout_has_scm_ignore(py))
		strbuf_addstr(out, " --without-scm-ignore-files");
	strbuf_addf(out, " %s\n", env_dir);
}

void layout_config(struct strbuf *out, const struct pyinfo *py, const struct venv_opts *opts,
		   const char *env_dir, const char *prompt)
{
	const char *slash = strrchr(py->base_executable, '/');

	assert(slash);
	strbuf_addf(out, "home = %.*s\n", (int)(slash - py->base_executable), py->base_executable);
	strbuf_addf(out, "include-system-site-packages = %s\n",
		    opts->system_site_packages ? "true" : "false");
	strbuf_addf(out, "version = %s\n", py->version);
	if (prompt) {
		strbuf_addstr(out, "prompt = ");
		pyrepr_str(out, prompt);
		strbuf_addch(out, '\n');
	}
	if (layout_has_command_key(py)) {
		strbuf_addf(out, "executable = %s\n", py->real_executable);
		add_command(out, py, opts, env_dir);
	}
}
