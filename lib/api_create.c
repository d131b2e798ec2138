/*
 * api_create: pyvenv_create(), what `pyvenv create` does once its command
 * line is read: the options checked, the interpreter found, then one
 * environment made, or with a stamp made only when its inputs changed.
 */
#include "cache.h"
#include "fsutil.h"
#include "inputs.h"
#include "msg.h"
#include "probe.h"
#include "pyfind.h"
#include "remote.h"
#include "strbuf.h"
#include "venv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct create {
	struct venv_opts opts;
	const struct pyvenv_create_options *in;
	char **copies;   /* requirement files read once into temporary files */
	size_t ncopies;
};

void pyvenv_create_options_init(struct pyvenv_create_options *o)
{
	memset(o, 0, sizeof(*o));
	o->struct_size = sizeof(*o);
	o->symlinks = 1;
	o->with_pip = 1;
	o->scm_ignore = 1;
	o->remote_cache_write = -1;
}

/* Whether the caller's struct has the field (it was built with a header
 * that has it). */
#define has_field(o, field) ((o)->struct_size >= offsetof(struct pyvenv_create_options, field) + sizeof((o)->field))

/* The caller's options for n environments, checked as the command checks
 * its own, in its order. */
static int check_options(const struct pyvenv_create_options *o, size_t n)
{
	if (!o || o->struct_size < offsetof(struct pyvenv_create_options, depfile) + sizeof(o->depfile))
		return invalid("pyvenv_create: options not set up with pyvenv_create_options_init()");
	if (o->clear && o->upgrade)
		return invalid("--clear and --upgrade cannot be used together");
	if (!o->with_pip && !o->system_site_packages && (o->requirements.n || o->packages.n) &&
	    !(has_field(o, compile_bytecode) && o->installer == PYVENV_INSTALLER_NATIVE))
		return invalid("-r and --package install with pip: drop --without-pip, or use --installer native");
	if (o->stamp && n != 1)
		return invalid("--stamp takes exactly one ENV_DIR");
	if (o->stamp && o->upgrade)
		return invalid("--stamp and --upgrade cannot be used together");
	if (o->stamp && o->allow_existing)
		return invalid("--stamp and --allow-existing cannot be used together");
	if (o->stamp && !*o->stamp)
		return invalid("--stamp needs a non-empty value");
	if (o->depfile && (!o->stamp || !*o->depfile))
		return invalid("--depfile needs a non-empty value, and --stamp");
	if (o->prompt && !*o->prompt)
		return invalid("--prompt needs a non-empty value");
	if ((unsigned)o->link_mode > PYVENV_LINK_COPY)
		return invalid("the link mode must be auto, clone, hardlink or copy");
	if (has_field(o, compile_bytecode) && (unsigned)o->installer > PYVENV_INSTALLER_PIP)
		return invalid("the installer must be auto, native or pip");
	return 0;
}

static void copy_list(struct string_list *to, const struct pyvenv_strings *from)
{
	to->n = from->n;
	to->v = xcalloc(from->n + 1, sizeof(*to->v));
	for (size_t i = 0; i < from->n; i++)
		to->v[i] = from->v[i];
}

/*
 * A requirements file that is not a regular file (a pipe, as from bash's
 * <(...)) can be read only once, but it is read for the digest and then by
 * pip: its content goes to a temporary file, which both read instead.
 */
static int copy_requirements(struct create *c, size_t i)
{
	const char *f = c->opts.requirements.v[i];
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT;
	char *tmp = xstrfmt("%s/pyvenv-requirements-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd, ret = 0;

	if (strbuf_read_file_max(&sb, f, INPUTS_MAX_REQUIREMENTS) < 0) {
		if (errno == EFBIG)
			ret = error("the requirements file '%s' is larger than %d MiB", f, INPUTS_MAX_REQUIREMENTS >> 20);
		else
			ret = error_errno("cannot read the requirements file '%s'", f);
	} else if ((fd = mkstemp(tmp)) < 0) {
		ret = error_errno("cannot create a temporary file for '%s'", f);
	} else {
		close(fd);
		if (fs_replace_file(tmp, sb.buf, sb.len, 0600)) {
			unlink(tmp);
			ret = -1;
		}
	}
	strbuf_release(&sb);
	if (ret) {
		free(tmp);
		return -1;
	}
	c->copies = xrealloc(c->copies, (c->ncopies + 1) * sizeof(*c->copies));
	c->copies[c->ncopies++] = tmp;
	c->opts.requirements.v[i] = tmp;
	return 0;
}

/* Checks inputs that would otherwise fail half-way: before anything is made. */
static int check_inputs(struct create *c)
{
	for (size_t i = 0; i < c->opts.requirements.n; i++) {
		const char *f = c->opts.requirements.v[i];
		struct stat st;

		if (access(f, R_OK) || stat(f, &st))
			return error_errno("cannot read the requirements file '%s'", f);
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return error_errno("cannot read the requirements file '%s'", f);
		}
		if (!S_ISREG(st.st_mode) && copy_requirements(c, i))
			return -1;
	}
	if (c->opts.template_archive && access(c->opts.template_archive, R_OK))
		return error_errno("cannot read the template '%s'", c->opts.template_archive);
	return 0;
}

/* Does the stamp record these inputs, and is the environment still there? */
static int stamp_current(const char *stamp, const char *env, const struct pyinfo *py, const char *hex)
{
	struct strbuf sb = STRBUF_INIT;
	char *cfg = fs_join(env, "pyvenv.cfg");
	char *python = xstrfmt("%s/%s/python", env, py->scripts_dir);
	struct stat st;
	int current = strbuf_read_file(&sb, stamp) >= 0 && sb.len == INPUTS_HEX_LEN &&
		      !memcmp(sb.buf, hex, INPUTS_HEX_LEN - 1) && sb.buf[INPUTS_HEX_LEN - 1] == '\n' &&
		      fs_exists(cfg) && !stat(python, &st);

	strbuf_release(&sb);
	free(cfg);
	free(python);
	return current;
}

/* Appends path as make and ninja read a depfile's word. */
static void depfile_word(struct strbuf *out, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p == ' ' || *p == '#' || *p == '\\')
			strbuf_addch(out, '\\');
		else if (*p == '$')
			strbuf_addch(out, '$');
		strbuf_addch(out, *p);
	}
}

/* The depfile: the stamp depends on every file the digest read. Paths
 * with a line break cannot be written, and are left out. */
static int write_depfile(const char *file, const char *stamp, const struct inputs_report *r)
{
	struct strbuf text = STRBUF_INIT;
	char *target = fs_abspath(stamp), *dir = fs_dirname(file);
	int ret;

	depfile_word(&text, target ? target : stamp);
	strbuf_addch(&text, ':');
	for (size_t i = 0; i < r->ndeps; i++) {
		if (strpbrk(r->deps[i], "\n\r"))
			continue;
		strbuf_addstr(&text, " \\\n  ");
		depfile_word(&text, r->deps[i]);
	}
	strbuf_addch(&text, '\n');
	ret = fs_mkdir_p(dir, 0777) || fs_replace_file(file, text.buf, text.len, 0644) ? -1 : 0;
	strbuf_release(&text);
	free(target);
	free(dir);
	return ret;
}

struct stamp {
	const char *file;
	const char *hex;
	const struct pyinfo *py;
};

static int stamp_is_current(void *data, const char *env)
{
	const struct stamp *st = data;

	return stamp_current(st->file, env, st->py, st->hex);
}

static int stamp_write(void *data, const char *env)
{
	const struct stamp *st = data;
	char *dir = fs_dirname(st->file), *line = xstrfmt("%s\n", st->hex);
	int ret = fs_mkdir_p(dir, 0777) || fs_replace_file(st->file, line, strlen(line), 0666) ? -1 : 0;

	(void)env;
	free(dir);
	free(line);
	return ret;
}

/*
 * With a stamp: nothing to do when the stamp matches, else a fresh
 * environment (an existing one replaced whole) and a new stamp. The stamp
 * is read again and written under the destination's lock, so runs on one
 * destination at once build it once.
 */
static int create_stamped(const char *env, const struct pyinfo *py, struct create *c)
{
	const char *stamp = c->in->stamp;
	struct inputs_report report = INPUTS_REPORT_INIT;
	char hex[INPUTS_HEX_LEN];
	struct stamp st = { stamp, hex, py };
	const struct venv_hooks hooks = { stamp_is_current, stamp_write, &st };
	int ret = -1, r = VENV_CURRENT;

	if (inputs_digest(env, py, &c->opts, 0, hex, &report))
		goto out;
	if (!stamp_current(stamp, env, py, hex)) {
		verbose("the inputs of '%s' changed (or it has no stamp): building it anew", env);
		c->opts.replace_env = 1;
		c->opts.hooks = &hooks;
		r = venv_create(env, py, &c->opts);
		if (r < 0)
			goto out;
	}
	if (r == VENV_CURRENT) {
		if (utimensat(AT_FDCWD, stamp, NULL, 0)) {
			error_errno("cannot update the time of '%s'", stamp);
			goto out;
		}
		say("the environment '%s' is up to date", env);
	}
	ret = c->in->depfile ? write_depfile(c->in->depfile, stamp, &report) : 0;
out:
	inputs_report_release(&report);
	return ret;
}

/* An option, else the environment variable (NULL for neither, or ""). */
static const char *option_or_env(const char *given, const char *var)
{
	const char *v = given ? given : getenv(var);

	return v && *v ? v : NULL;
}

/* Sets up the remote cache the options (or the environment) ask for:
 * 0 none, 1 r set up, -1 invalid (reported). */
static int setup_remote(const struct pyvenv_create_options *o, struct remote *r)
{
	struct strbuf why = STRBUF_INIT;
	const char *spec;
	int ret;

	if (!has_field(o, remote_trusted_keys))
		return 0;
	spec = option_or_env(o->remote_cache, "PYVENV_REMOTE_CACHE");
	if (!spec)
		return 0;
	if (remote_parse(spec, r, &why)) {
		ret = invalid("the remote cache %s cannot be used: %s", o->remote_cache ? "(--remote-cache)"
			      : "($PYVENV_REMOTE_CACHE)", why.buf);
		strbuf_release(&why);
		return ret;
	}
	r->write = o->remote_cache_write >= 0 ? o->remote_cache_write > 0 : remote_write_from_env(&why);
	if (r->write < 0) {
		remote_release(r);
		ret = invalid("%s", why.buf);
		strbuf_release(&why);
		return ret;
	}
	r->signing_key = option_or_env(o->remote_signing_key, "PYVENV_REMOTE_CACHE_SIGNING_KEY");
	r->trusted_keys = option_or_env(o->remote_trusted_keys, "PYVENV_REMOTE_CACHE_TRUSTED_KEYS");
	verbose("remote template cache: %s (%s%s%s)", r->shown, r->write ? "read and write" : "read only",
		r->signing_key ? ", signing" : "", r->trusted_keys ? ", trusted keys only" : "");
	return 1;
}

static int create(const char *const *env_dirs, size_t n, const struct pyvenv_create_options *o)
{
	struct create c = { .opts = VENV_OPTS_INIT, .in = o };
	struct pyinfo py;
	struct remote remote;
	char *cache = NULL;
	int ret = -1, have_remote = 0;

	if (!n)
		return invalid("no ENV_DIR given");
	if (check_options(o, n))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!env_dirs[i] || !*env_dirs[i])
			return invalid("an ENV_DIR is empty");
	c.opts.system_site_packages = o->system_site_packages;
	c.opts.symlinks = o->symlinks;
	c.opts.clear = o->clear;
	c.opts.upgrade = o->upgrade;
	c.opts.with_pip = o->with_pip;
	c.opts.upgrade_deps = o->upgrade_deps;
	c.opts.scm_ignore = o->scm_ignore;
	c.opts.allow_existing = o->allow_existing;
	c.opts.prompt = o->prompt;
	copy_list(&c.opts.requirements, &o->requirements);
	copy_list(&c.opts.packages, &o->packages);
	copy_list(&c.opts.pip_args, &o->pip_args);
	copy_list(&c.opts.build_paths, &o->build_paths);
	c.opts.template_archive = o->template_archive;
	c.opts.link_mode = (enum link_mode)o->link_mode;
	if (has_field(o, compile_bytecode)) {
		c.opts.installer = (enum installer)o->installer;
		c.opts.compile_bytecode = o->compile_bytecode;
	}
	if (check_inputs(&c))
		goto out;
	if (!o->no_cache) {
		cache = cache_dir_resolve(o->cache_dir);
		if ((have_remote = setup_remote(o, &remote)) < 0)
			goto out;
		if (have_remote)
			c.opts.remote = &remote;
	}
	c.opts.cache_dir = cache;
	if (pyfind_load(o->python ? o->python : probe_default_python(), cache, &py))
		goto out;
	if (o->stamp) {
		ret = create_stamped(env_dirs[0], &py, &c);
	} else {
		ret = 0;
		for (size_t i = 0; i < n && !ret; i++)
			ret = venv_create(env_dirs[i], &py, &c.opts) < 0 ? -1 : 0;
	}
	pyinfo_release(&py);
out:
	for (size_t i = 0; i < c.ncopies; i++) {
		unlink(c.copies[i]);
		free(c.copies[i]);
	}
	free(c.copies);
	free(c.opts.requirements.v);
	free(c.opts.packages.v);
	free(c.opts.pip_args.v);
	free(c.opts.build_paths.v);
	free(cache);
	if (have_remote > 0)
		remote_release(&remote);
	return ret;
}

int pyvenv_create(pyvenv_ctx *ctx, const char *env_dir, const struct pyvenv_create_options *options)
{
	return pyvenv_create_all(ctx, &env_dir, 1, options);
}

int pyvenv_create_all(pyvenv_ctx *ctx, const char *const *env_dirs, size_t n,
		      const struct pyvenv_create_options *options)
{
	struct pyvenv_ctx *saved;

	ctx_enter(ctx, &saved);
	return ctx_leave(saved, create(env_dirs, n, options));
}
