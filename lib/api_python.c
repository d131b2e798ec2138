/*
 * api_python: what the library knows of interpreters, as public structs
 * (pyvenv_python_find, pyvenv_python_list).
 */
#include "layout.h"
#include "msg.h"
#include "probe.h"
#include "pyfind.h"
#include "strbuf.h"
#include "version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The public form of py, found at path (in origin, or NULL). */
static struct pyvenv_python *convert(const struct pyinfo *py, const char *path, const char *origin)
{
	struct pyvenv_python *p = xcalloc(1, sizeof(*p));
	const char *names[LAYOUT_MAX_NAMES];
	const size_t n = layout_python_names(py, names);
	json_t *all = json_deep_copy(py->json);

	p->path = xstrdup(path);
	p->executable = dup_or_null(py->executable);
	p->base_executable = dup_or_null(py->base_executable);
	p->real_executable = dup_or_null(py->real_executable);
	p->version = dup_or_null(py->version);
	p->major = py->major;
	p->minor = py->minor;
	p->free_threaded = pyinfo_free_threaded(py);
	p->implementation = dup_or_null(py->implementation);
	p->scripts_dir = dup_or_null(py->scripts_dir);
	p->include_dir = dup_or_null(py->include_dir);
	p->purelib = dup_or_null(py->purelib);
	p->platlib = dup_or_null(py->platlib);
	p->lib64_link = layout_has_lib64(py);
	p->names = xcalloc(n + 1, sizeof(*p->names));
	p->names[p->n_names++] = xstrdup(layout_exe_name(py));
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], layout_exe_name(py)))
			p->names[p->n_names++] = xstrdup(names[i]);
	p->has_ensurepip = py->has_ensurepip;
	p->n_wheels = py->nwheels;
	p->wheels = xcalloc(py->nwheels + 1, sizeof(*p->wheels));
	for (size_t i = 0; i < py->nwheels; i++) {
		p->wheels[i].name = xstrdup(py->wheels[i].name);
		p->wheels[i].version = xstrdup(py->wheels[i].version);
		p->wheels[i].path = xstrdup(py->wheels[i].path);
	}
	p->from_cache = py->from_cache;
	p->cache_file = dup_or_null(py->cache_file);
	if (!all)
		all = json_object();
	json_object_set_new(all, "interpreter", json_string(path));
	json_object_set_new(all, "cached", json_boolean(py->from_cache));
	json_object_set_new(all, "cache_file", py->cache_file ? json_string(py->cache_file) : json_null());
	p->json = json_dumps(all, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(all);
	p->found_in = dup_or_null(origin);
	return p;
}

void pyvenv_python_free(struct pyvenv_python *p)
{
	if (!p)
		return;
	free(p->path);
	free(p->executable);
	free(p->base_executable);
	free(p->real_executable);
	free(p->version);
	free(p->implementation);
	free(p->scripts_dir);
	free(p->include_dir);
	free(p->purelib);
	free(p->platlib);
	for (size_t i = 0; i < p->n_names; i++)
		free(p->names[i]);
	free(p->names);
	for (size_t i = 0; i < p->n_wheels; i++) {
		free(p->wheels[i].name);
		free(p->wheels[i].version);
		free(p->wheels[i].path);
	}
	free(p->wheels);
	free(p->cache_file);
	free(p->json);
	free(p->found_in);
	free(p);
}

int pyvenv_python_find(pyvenv_ctx *ctx, const char *request, const char *cache_dir,
		       struct pyvenv_python **out)
{
	struct pyvenv_ctx *saved;
	struct pyinfo py;
	int ret = -1;

	ctx_enter(ctx, &saved);
	*out = NULL;
	if (!pyfind_load(request ? request : probe_default_python(), cache_dir, &py)) {
		*out = convert(&py, py.path, NULL);
		pyinfo_release(&py);
		ret = 0;
	}
	return ctx_leave(saved, ret);
}

int pyvenv_python_list(pyvenv_ctx *ctx, const char *cache_dir, struct pyvenv_python ***out, size_t *n)
{
	struct pyvenv_ctx *saved;
	struct pyfound_list all;

	ctx_enter(ctx, &saved);
	pyfind_all(cache_dir, &all);
	*out = xcalloc(all.n + 1, sizeof(**out));
	*n = all.n;
	for (size_t i = 0; i < all.n; i++)
		(*out)[i] = convert(&all.v[i].info, all.v[i].path, all.v[i].origin);
	pyfound_list_release(&all);
	return ctx_leave(saved, 0);
}

void pyvenv_python_list_free(struct pyvenv_python **list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		pyvenv_python_free(list[i]);
	free(list);
}

const char *pyvenv_version(void)
{
	return PYVENV_VERSION;
}
