/*
 * native_index: wheels from package indexes for the native installer: the
 * index options, the choice of a pinned version's wheel from the indexes'
 * project pages, and the downloads.
 */
#include "native.h"
#include "native_int.h"

#include "download.h"
#include "fsutil.h"
#include "msg.h"
#include "pep440.h"
#include "probe.h"
#include "pyindex.h"
#include "pyurl.h"
#include "wheelname.h"

#include <stdlib.h>
#include <string.h>

void native_index_option(struct native_plan *plan, const char *opt, const char *value)
{
	if (!value || !*value)
		return;
	if (!strcmp(opt, "--extra-index-url")) {
		for (size_t i = 0; i < plan->nextra; i++)
			if (!strcmp(plan->extra_index_urls[i], value))
				return;
		plan->extra_index_urls = xrealloc(plan->extra_index_urls, (plan->nextra + 1) * sizeof(char *));
		plan->extra_index_urls[plan->nextra++] = xstrdup(value);
	} else {
		free(plan->index_url);
		plan->index_url = xstrdup(value);
	}
}

void native_index_env(struct native_plan *plan)
{
	const char *v = getenv("PIP_INDEX_URL"), *extra = getenv("PIP_EXTRA_INDEX_URL");

	native_index_option(plan, "--index-url", v);
	/* pip splits the variable's value on whitespace */
	for (const char *p = extra; p && *p;) {
		const size_t n = strcspn(p, " \t\n");

		if (n) {
			char *one = xstrndup(p, n);

			native_index_option(plan, "--extra-index-url", one);
			free(one);
		}
		p += n;
		p += strspn(p, " \t\n");
	}
}

/* The candidates of one package on the indexes, as a wheelhouse of URLs. */
static int gather(struct wheelhouse *h, const struct pyinfo *py, const struct native_plan *plan,
		  const struct native_pkg *pkg, struct wheelhouse *found, struct index_page **pages,
		  size_t *npages, struct strbuf *why)
{
	const struct http_config c = HTTP_CONFIG_INIT;
	const size_t nurls = (plan->index_url ? 1 : 0) + plan->nextra;

	memset(found, 0, sizeof(*found));
	found->tags = h->tags;
	found->ntags = h->ntags;
	*pages = xcalloc(nurls ? nurls : 1, sizeof(**pages));
	*npages = 0;
	for (size_t u = 0; u < nurls; u++) {
		const char *url = plan->index_url && !u ? plan->index_url : plan->extra_index_urls[u - !!plan->index_url];
		struct index_page *page = &(*pages)[(*npages)++];
		int r = pyindex_fetch(&c, url, pkg->canonical, page, why);

		if (r == HTTP_MISSING) {
			strbuf_reset(why);
			continue;
		}
		if (r != HTTP_OK)
			return -1;
		for (size_t i = 0; i < page->n; i++) {
			const struct index_file *f = &page->v[i];
			struct house_wheel *w;
			struct strbuf rp_why = STRBUF_INIT;
			int rp_ok = !f->requires_python ||
				    pep440_contains(f->requires_python, py->version, 1, &rp_why) != 0;

			strbuf_release(&rp_why);
			if (f->yanked || !rp_ok || strchr(f->filename, '/') || f->filename[0] == '.')
				continue;
			if (found->n == found->alloc) {
				found->alloc = found->alloc ? 2 * found->alloc : 16;
				found->v = xrealloc(found->v, found->alloc * sizeof(*found->v));
			}
			w = &found->v[found->n];
			if (wheelname_parse(f->filename, &w->name))
				continue;
			w->path = f->url; /* the page's string: not freed with found */
			w->rank = wheelname_rank(&w->name, h->tags, h->ntags);
			found->n++;
		}
	}
	return 0;
}

/* The file of pages whose url is the string url (not a copy). */
static const struct index_file *file_of(const struct index_page *pages, size_t npages, const char *url)
{
	for (size_t p = 0; p < npages; p++)
		for (size_t i = 0; i < pages[p].n; i++)
			if (pages[p].v[i].url == url)
				return &pages[p].v[i];
	return NULL; /* not reached: gather() put only those urls in */
}

int native_index_choose(struct wheelhouse *h, const struct pyinfo *py, struct native_plan *plan,
			struct strbuf *why, int *verdict)
{
	*verdict = NATIVE_PLANNED;
	for (size_t i = 0; i < plan->n && *verdict == NATIVE_PLANNED; i++) {
		struct native_pkg *pkg = &plan->v[i];
		struct wheelhouse found;
		struct index_page *pages;
		size_t npages, unsupported = 0;
		const struct house_wheel *w = NULL;
		const struct index_file *f = NULL;
		struct strbuf fault = STRBUF_INIT;

		if (!pkg->need_index)
			continue;
		if (gather(h, py, plan, pkg, &found, &pages, &npages, &fault)) {
			strbuf_addf(why, "the package index could not be read (%s)", fault.buf);
			*verdict = NATIVE_NEEDS_PIP;
		} else if (!(w = native_best_wheel(&found, pkg, &unsupported))) {
			strbuf_addf(why, "%s: no wheel of %s %s %s in the --find-links directories or on the indexes",
				    pkg->where, pkg->name, pkg->version,
				    unsupported ? "supports this interpreter" : "is");
			*verdict = NATIVE_UNLOCKED;
		} else if (!(f = file_of(pages, npages, w->path))) {
			strbuf_addf(why, "%s: the index's wheel of %s was lost", pkg->where, pkg->name);
			*verdict = NATIVE_NEEDS_PIP;
		} else {
			pkg->url = xstrdup(f->url);
			pkg->url_sha256 = f->sha256 ? xstrdup(f->sha256) : NULL;
			pkg->filename = xstrdup(f->filename);
			free(pkg->name);
			pkg->name = xstrdup(w->name.name);
			pkg->need_index = 0;
		}
		for (size_t k = 0; k < found.n; k++)
			wheelname_release(&found.v[k].name);
		free(found.v);
		for (size_t k = 0; k < npages; k++)
			pyindex_page_release(&pages[k]);
		free(pages);
		strbuf_release(&fault);
	}
	return 0;
}

int native_fetch(struct native_plan *plan, const char *cache_dir)
{
	const struct http_config c = HTTP_CONFIG_INIT;
	struct download *v = xcalloc(plan->n ? plan->n : 1, sizeof(*v));
	size_t *of = xcalloc(plan->n ? plan->n : 1, sizeof(*of)), n = 0;
	char *dir = NULL;
	int ret = 0;

	for (size_t i = 0; i < plan->n; i++) {
		struct native_pkg *pkg = &plan->v[i];

		if (!pkg->url || pkg->wheel)
			continue;
		v[n].url = pkg->url;
		v[n].filename = pkg->filename;
		v[n].sha256 = pkg->url_sha256;
		v[n].what = xstrfmt("%s %s", pkg->name, pkg->version);
		of[n++] = i;
	}
	if (n) {
		if (cache_dir) {
			dir = download_dir(cache_dir);
		} else {
			const char *tmp = getenv("TMPDIR");
			char *tmpl = xstrfmt("%s/pyvenv-downloads-XXXXXX", tmp && *tmp ? tmp : "/tmp");

			plan->download_tmp = fs_mkdtemp(tmpl, 0700);
			free(tmpl);
			if (!plan->download_tmp)
				ret = error_errno("cannot create a directory for the downloads");
			dir = plan->download_tmp ? xstrdup(plan->download_tmp) : NULL;
		}
		if (!ret)
			ret = download_all(&c, dir, v, n);
	}
	for (size_t k = 0; k < n; k++) {
		if (!ret)
			plan->v[of[k]].wheel = v[k].path;
		else
			free(v[k].path);
		free((char *)v[k].what);
	}
	free(dir);
	free(v);
	free(of);
	return ret;
}

int native_fetch_checked(struct native_plan *plan, const char *cache_dir)
{
	int *fetch = xcalloc(plan->n ? plan->n : 1, sizeof(*fetch)), ret;

	for (size_t i = 0; i < plan->n; i++)
		fetch[i] = plan->v[i].url && !plan->v[i].wheel;
	ret = native_fetch(plan, cache_dir);
	for (size_t i = 0; i < plan->n && !ret; i++)
		if (fetch[i])
			ret = native_check_hash(&plan->v[i], plan->v[i].wheel);
	free(fetch);
	return ret;
}
