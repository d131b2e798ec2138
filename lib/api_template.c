/*
 * api_template: pyvenv_pack() and pyvenv_unpack().
 */
#include "cfg.h"
#include "fsutil.h"
#include "msg.h"
#include "probe.h"
#include "pyfind.h"
#include "strbuf.h"
#include "template.h"
#include "venv.h"

#include <stdlib.h>
#include <string.h>

static int pack(const char *env, const char *archive, const char *python_given, const char *cache)
{
	struct pyinfo py;
	char *cfg, *python;
	int ret = -1;

	if (!env || !*env || !archive || !*archive)
		return invalid("expected ENV_DIR and ARCHIVE");
	cfg = fs_join(env, "pyvenv.cfg");
	if (!fs_exists(cfg)) {
		free(cfg);
		return error("'%s' is not a virtual environment (it has no pyvenv.cfg)", env);
	}
	free(cfg);
	python = python_given ? xstrdup(python_given) : cfg_base_python(env);
	if (!python) {
		error("cannot tell which interpreter '%s' was made from", env);
		hint("name it with --python");
		return -1;
	}
	if (!pyfind_load(python, cache, &py)) {
		if (!template_pack(env, archive, &py)) {
			say("packed '%s' into '%s'", env, archive);
			ret = 0;
		}
		pyinfo_release(&py);
	}
	free(python);
	return ret;
}

int pyvenv_pack(pyvenv_ctx *ctx, const char *env_dir, const char *archive, const char *python,
		const char *cache_dir)
{
	struct pyvenv_ctx *saved;

	ctx_enter(ctx, &saved);
	return ctx_leave(saved, pack(env_dir, archive, python, cache_dir));
}

void pyvenv_unpack_options_init(struct pyvenv_unpack_options *o)
{
	memset(o, 0, sizeof(*o));
	o->struct_size = sizeof(*o);
}

/*
 * The interpreter is found as create finds it (the template's metadata
 * names one, but a file from elsewhere does not choose what runs), and
 * must be the one the template was made for: checked before anything is
 * written.
 */
static int unpack(const char *archive, const char *env, const struct pyvenv_unpack_options *o)
{
	struct template_meta meta = { 0 };
	struct venv_opts opts;
	struct pyinfo py;
	int ret = -1;

	if (!o || o->struct_size < offsetof(struct pyvenv_unpack_options, cache_dir) + sizeof(o->cache_dir))
		return invalid("pyvenv_unpack: options not set up with pyvenv_unpack_options_init()");
	if (!archive || !*archive || !env || !*env)
		return invalid("expected ARCHIVE and ENV_DIR");
	if (o->prompt && !*o->prompt)
		return invalid("--prompt needs a non-empty value");
	if (template_read_meta(archive, &meta))
		return -1;
	if (pyfind_load(o->python ? o->python : probe_default_python(), o->cache_dir, &py))
		goto out;
	if (template_check_python(&meta, &py, archive)) {
		pyinfo_release(&py);
		goto out;
	}
	template_opts(&meta, &opts);
	opts.prompt = o->prompt;
	opts.clear = o->clear;
	opts.build_paths.v = xcalloc(o->build_paths.n + 1, sizeof(*opts.build_paths.v));
	for (size_t i = 0; i < o->build_paths.n; i++)
		opts.build_paths.v[opts.build_paths.n++] = o->build_paths.v[i];
	opts.template_archive = archive;
	ret = venv_create(env, &py, &opts);
	free(opts.build_paths.v);
	pyinfo_release(&py);
out:
	template_meta_release(&meta);
	return ret;
}

int pyvenv_unpack(pyvenv_ctx *ctx, const char *archive, const char *env_dir,
		  const struct pyvenv_unpack_options *options)
{
	struct pyvenv_ctx *saved;

	ctx_enter(ctx, &saved);
	return ctx_leave(saved, unpack(archive, env_dir, options));
}
