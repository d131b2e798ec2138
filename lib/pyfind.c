/*
 * pyfind: requests such as 3.12 or >=3.10 parsed, interpreters looked for
 * in PATH, pyenv, uv and the system directories, and chosen by the rule in
 * pyfind.h.
 */
#include "pyfind.h"

#include "fsutil.h"
#include "msg.h"
#include "proc.h"
#include "strbuf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Version parts above this are no version anyone has. */
#define PART_MAX 100000

/* --- requests ----------------------------------------------------------- */

/* Parses "X[.Y[.Z]]" at *s; advances *s. Returns the number of parts, 0 if
 * there is no version there. */
static int parse_version(const char **s, int v[3])
{
	const char *p = *s;
	int n = 0;

	v[0] = v[1] = v[2] = 0;
	while (n < 3 && isdigit((unsigned char)*p)) {
		long x = 0;

		while (isdigit((unsigned char)*p) && x <= PART_MAX)
			x = x * 10 + (*p++ - '0');
		if (x > PART_MAX)
			return 0;
		v[n++] = (int)x;
		if (*p != '.' || n == 3 || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	*s = p;
	return n;
}

static const char *const ops[] = { "==", "!=", "<=", ">=", "~=", "<", ">" };

static int parse_clause(const char **s, struct pyclause *c)
{
	const char *p = *s;
	size_t k;

	while (*p == ' ')
		p++;
	for (k = 0; k < sizeof(ops) / sizeof(*ops); k++)
		if (!strncmp(p, ops[k], strlen(ops[k])))
			break;
	if (k == sizeof(ops) / sizeof(*ops) || !strncmp(p, "===", 3))
		return -1;
	strcpy(c->op, ops[k]);
	p += strlen(ops[k]);
	while (*p == ' ')
		p++;
	c->n = parse_version(&p, c->v);
	if (!c->n)
		return -1;
	if (!strncmp(p, ".*", 2) && (!strcmp(c->op, "==") || !strcmp(c->op, "!="))) {
		c->wildcard = 1;
		p += 2;
	}
	if (!strcmp(c->op, "~=") && c->n < 2)
		return -1;
	while (*p == ' ')
		p++;
	*s = p;
	return 0;
}

/* A bare version, with "t" for free-threaded, to the end of s. */
static int parse_bare(const char *s, struct pyreq *req)
{
	struct pyclause *c = &req->c[0];

	c->n = parse_version(&s, c->v);
	if (!c->n)
		return -1;
	if (*s == 't') {
		req->free_threaded = 1;
		s++;
	}
	if (*s)
		return -1;
	strcpy(c->op, "==");
	c->wildcard = 1;
	req->n = 1;
	return 0;
}

int pyreq_parse(const char *text, struct pyreq *req)
{
	const char *s = text;

	memset(req, 0, sizeof(*req));
	if (!*text || strchr(text, '/'))
		return 0;
	if (!strncmp(s, "cpython", 7) || !strncmp(s, "python", 6)) {
		req->cpython = *s == 'c';
		s += req->cpython ? 7 : 6;
		if (!*s && req->cpython)
			return 1; /* any CPython */
		/* python3.12, cpython3.13t; else a name (python3-dbg). */
		if (parse_bare(s, req)) {
			memset(req, 0, sizeof(*req));
			return 0;
		}
		if (!req->cpython)
			req->name = xstrdup(text);
		return 1;
	}
	if (isdigit((unsigned char)*s)) {
		if (!parse_bare(s, req))
			return 1;
	} else if (strchr("<>=!~", *s)) {
		while (req->n < PYREQ_MAX_CLAUSES && !parse_clause(&s, &req->c[req->n])) {
			req->n++;
			if (!*s)
				return 1;
			if (*s++ != ',')
				break;
		}
	} else {
		return 0;
	}
	error("'%s' is not an interpreter request pyvenv understands", text);
	hint("give a version (3.12, 3.12.1, 3.13t), specifiers (>=3.10 or >=3.9,<3.12), "
	     "python3.12 or cpython3.12, a name on PATH, or a path");
	memset(req, 0, sizeof(*req));
	return -1;
}

void pyreq_release(struct pyreq *req)
{
	free(req->name);
	req->name = NULL;
}

static int cmp3(const int a[3], const int b[3])
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int prefix_eq(const int a[3], const int b[3], int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int clause_holds(const struct pyclause *c, const int ver[3])
{
	const int d = cmp3(ver, c->v);

	if (!strcmp(c->op, "=="))
		return c->wildcard ? prefix_eq(ver, c->v, c->n) : d == 0;
	if (!strcmp(c->op, "!="))
		return c->wildcard ? !prefix_eq(ver, c->v, c->n) : d != 0;
	if (!strcmp(c->op, "<"))
		return d < 0;
	if (!strcmp(c->op, "<="))
		return d <= 0;
	if (!strcmp(c->op, ">"))
		return d > 0;
	if (!strcmp(c->op, ">="))
		return d >= 0;
	/* ~=X.Y[.Z]: at least that, with the same parts but the last. */
	return d >= 0 && prefix_eq(ver, c->v, c->n - 1);
}

static int clauses_hold(const struct pyreq *req, const int ver[3])
{
	for (size_t i = 0; i < req->n; i++)
		if (!clause_holds(&req->c[i], ver))
			return 0;
	return 1;
}

int pyinfo_free_threaded(const struct pyinfo *py)
{
	return py->json && json_is_true(json_object_get(py->json, "free_threaded"));
}

static void version_of(const struct pyinfo *py, int v[3])
{
	const char *s = py->version;

	parse_version(&s, v);
}

int pyreq_matches(const struct pyreq *req, const struct pyinfo *py)
{
	int ver[3];

	if (req->cpython && strcmp(py->implementation, "cpython"))
		return 0;
	if (req->free_threaded != pyinfo_free_threaded(py))
		return 0;
	version_of(py, ver);
	return clauses_hold(req, ver);
}

/*
 * Whether some X.Y.z (z >= 0) could satisfy req: an interpreter named
 * python3.Y is then worth starting. The clauses hold on intervals of z
 * bounded by their own patch parts, so trying those (and 0 and a large z)
 * is enough.
 */
static int family_could_match(const struct pyreq *req, int major, int minor, int t)
{
	int ver[3] = { major, minor, 0 };

	if (t != req->free_threaded)
		return 0;
	if (clauses_hold(req, ver))
		return 1;
	ver[2] = PART_MAX;
	if (clauses_hold(req, ver))
		return 1;
	for (size_t i = 0; i < req->n; i++)
		for (int d = -1; d <= 1; d++) {
			ver[2] = req->c[i].v[2] + d;
			if (ver[2] >= 0 && clauses_hold(req, ver))
				return 1;
		}
	return 0;
}

/* --- where interpreters are ---------------------------------------------- */

struct cand {
	char *path;
	char *real;       /* its realpath, to list each file once */
	const char *origin;
	int rank;         /* order in its directory: lower first */
	int major, minor; /* from the name python3.N, or -1 */
	int t;            /* the name ends in "t" */
};

struct cands {
	struct cand *v;
	size_t n, alloc;
};

/* python, python3, python3.N, python3.Nt; fills what the name says. */
static int interpreter_name(const char *name, struct cand *c)
{
	const char *s;
	char *end;
	long minor;

	c->major = c->minor = -1;
	c->t = 0;
	if (!strcmp(name, "python")) {
		c->rank = 3 * PART_MAX;
		return 1;
	}
	if (!strcmp(name, "python3")) {
		c->major = 3;
		c->rank = 2 * PART_MAX;
		return 1;
	}
	if (strncmp(name, "python3.", 8) || !isdigit((unsigned char)name[8]))
		return 0;
	s = name + 8;
	errno = 0;
	minor = strtol(s, &end, 10);
	if (errno || minor > PART_MAX)
		return 0;
	if (*end == 't') {
		c->t = 1;
		end++;
	}
	if (*end)
		return 0;
	c->major = 3;
	c->minor = (int)minor;
	/* Newest first; with the GIL before free-threaded. */
	c->rank = PART_MAX - (int)minor * 2 + c->t;
	return 1;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->rank != y->rank ? (x->rank < y->rank ? -1 : 1) : strcmp(x->path, y->path);
}

/* Adds the interpreters of dir, in their order; first_name (may be NULL)
 * comes first. Each file only once. */
static void scan_dir(struct cands *list, const char *dir, const char *origin, const char *first_name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	const size_t start = list->n;

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct cand c = { .origin = origin };
		struct stat st;
		size_t i;

		if (!interpreter_name(e->d_name, &c))
			continue;
		if (first_name && !strcmp(e->d_name, first_name))
			c.rank = -1;
		c.path = fs_join(dir, e->d_name);
		c.real = realpath(c.path, NULL);
		if (!c.real || stat(c.real, &st) || !S_ISREG(st.st_mode) || access(c.real, X_OK)) {
			free(c.real);
			free(c.path);
			continue;
		}
		for (i = 0; i < list->n && strcmp(list->v[i].real, c.real); i++)
			;
		if (i < list->n) {
			/* Listed already; in this directory, keep the better name. */
			if (i >= start && c.rank < list->v[i].rank) {
				free(list->v[i].path);
				free(list->v[i].real);
				list->v[i] = c;
			} else {
				free(c.path);
				free(c.real);
			}
			continue;
		}
		ALLOC_GROW(list->v, list->n + 1, list->alloc);
		list->v[list->n++] = c;
	}
	closedir(d);
	if (list->n - start > 1)
		qsort(list->v + start, list->n - start, sizeof(*list->v), cand_cmp);
}

static int name_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* Adds root/<each entry>/bin, entries in name order. */
static void scan_tree(struct cands *list, const char *root, const char *origin)
{
	DIR *d = root ? opendir(root) : NULL;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *bin = xstrfmt("%s/%s/bin", root, names[i]);

		scan_dir(list, bin, origin, NULL);
		free(bin);
		free(names[i]);
	}
	free(names);
}

/* The value of var when it is set and not empty, else NULL. */
static const char *env_set(const char *var)
{
	const char *v = getenv(var);

	return v && *v ? v : NULL;
}

/* $VAR if set, else $HOME/rest, else NULL. Caller frees. */
static char *env_or_home(const char *var, const char *rest)
{
	const char *v = env_set(var), *home = env_set("HOME");

	if (v)
		return xstrdup(v);
	return home ? xstrfmt("%s/%s", home, rest) : NULL;
}

/* $UV_PYTHON_INSTALL_DIR, else $XDG_DATA_HOME/uv/python, else
 * ~/.local/share/uv/python. */
static char *uv_root(void)
{
	const char *data = env_set("XDG_DATA_HOME");

	if (data && !env_set("UV_PYTHON_INSTALL_DIR"))
		return xstrfmt("%s/uv/python", data);
	return env_or_home("UV_PYTHON_INSTALL_DIR", ".local/share/uv/python");
}

/* Every candidate, in the order of the rule. first_name: see scan_dir. */
static void collect(struct cands *list, const char *first_name)
{
	const char *path = getenv("PATH");
	char *pyenv, *uv;

	if (path) {
		char *copy = xstrdup(path), *save = NULL;

		/* Empty PATH entries (the current directory) are not searched. */
		for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
			if (*dir == '/')
				scan_dir(list, dir, "PATH", first_name);
		free(copy);
	}
	pyenv = env_or_home("PYENV_ROOT", ".pyenv");
	if (pyenv) {
		char *versions = fs_join(pyenv, "versions");

		scan_tree(list, versions, "pyenv");
		free(versions);
		free(pyenv);
	}
	uv = uv_root();
	scan_tree(list, uv, "uv");
	free(uv);
	scan_dir(list, "/usr/local/bin", "system", NULL);
	scan_dir(list, "/usr/bin", "system", NULL);
}

static void cands_release(struct cands *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].path);
		free(list->v[i].real);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}

/* Probes path quietly; 0 with info filled, -1 passed over (said with -v). */
static int try_path(const char *path, const char *origin, const char *cache_dir, struct pyinfo *info)
{
	struct strbuf why = STRBUF_INIT;
	const int r = probe_load_quiet(path, cache_dir, info, &why);

	if (r)
		verbose("passing over '%s' (%s): %s", path, origin, why.buf);
	strbuf_release(&why);
	return r;
}

static int try_cand(const struct cand *c, const char *cache_dir, struct pyinfo *info)
{
	return try_path(c->path, c->origin, cache_dir, info);
}

/* A wrapper (a shim) gives way to the interpreter it runs. */
static int unwrap(struct pyinfo *info, const char *cache_dir)
{
	const char *runs = json_string_value(json_object_get(info->json, "real_sys_executable"));
	char *real = realpath(info->path, NULL);
	char *target;
	int ret = 0;

	if (runs && real && strcmp(real, runs) && *runs == '/') {
		verbose("'%s' runs '%s': using that", info->path, runs);
		target = xstrdup(runs);
		pyinfo_release(info);
		ret = probe_load(target, cache_dir, info);
		free(target);
	}
	free(real);
	return ret;
}

static int cand_could_match(const struct pyreq *req, const struct cand *c)
{
	return c->minor < 0 || family_could_match(req, c->major, c->minor, c->t);
}

static void list_found(struct strbuf *sb, const char *cache_dir)
{
	struct pyfound_list all = { 0 };

	pyfind_all(cache_dir, &all);
	for (size_t i = 0; i < all.n; i++)
		strbuf_addf(sb, "\n  %s%s (%s) %s [%s]", all.v[i].info.version,
			    pyinfo_free_threaded(&all.v[i].info) ? "t" : "", all.v[i].info.implementation,
			    all.v[i].path, all.v[i].origin);
	if (!all.n)
		strbuf_addstr(sb, " none");
	pyfound_list_release(&all);
}

/* tried: the real path of a file already tried and passed over, or NULL. */
static int search(const char *text, const struct pyreq *req, const char *cache_dir, const char *tried,
		  struct pyinfo *info)
{
	struct cands list = { 0 };
	struct pyinfo best = { 0 }, cur;
	int best_ver[3] = { -1, -1, -1 }, found = 0;

	collect(&list, req->name);
	for (size_t i = 0; i < list.n && !found; i++) {
		const struct cand *c = &list.v[i];
		int ver[3];

		if ((tried && !strcmp(c->real, tried)) || !cand_could_match(req, c) ||
		    try_cand(c, cache_dir, &cur))
			continue;
		if (!pyreq_matches(req, &cur)) {
			pyinfo_release(&cur);
			continue;
		}
		if (!strcmp(c->origin, "PATH")) {
			/* The first on PATH that satisfies. */
			pyinfo_release(&best);
			best = cur;
			found = 1;
			break;
		}
		/* Else the newest; for equal versions, the first found. */
		version_of(&cur, ver);
		if (cmp3(ver, best_ver) > 0) {
			pyinfo_release(&best);
			best = cur;
			memcpy(best_ver, ver, sizeof(ver));
		} else {
			pyinfo_release(&cur);
		}
	}
	cands_release(&list);
	if (!found && !best.path) {
		struct strbuf sb = STRBUF_INIT;

		list_found(&sb, cache_dir);
		error("no interpreter satisfies '%s'; found:%s", text, sb.buf);
		hint("install one (pyenv install, uv python install, your distribution's package), "
		     "or pass its path with --python");
		strbuf_release(&sb);
		return -1;
	}
	verbose("'%s' is '%s' (Python %s)", text, best.path, best.version);
	*info = best;
	return unwrap(info, cache_dir);
}

int pyfind_load(const char *python, const char *cache_dir, struct pyinfo *info)
{
	char *tried = NULL;
	struct pyreq req;
	int r = pyreq_parse(python, &req);

	if (r < 0)
		return -1;
	if (r == 0)
		return probe_load(python, cache_dir, info);
	/* A name such as python3.12 found on PATH is that interpreter, as
	 * before requests were understood, if it runs and is what it says (a
	 * pyenv shim of a version not selected does not run). */
	if (req.name) {
		char *found = proc_which(req.name);

		if (found && !try_path(found, "PATH", cache_dir, info)) {
			if (pyreq_matches(&req, info)) {
				free(found);
				pyreq_release(&req);
				return 0;
			}
			verbose("'%s' is Python %s: looking further", found, info->version);
			pyinfo_release(info);
		}
		/* Tried once, it is not tried again by the search. */
		tried = found ? realpath(found, NULL) : NULL;
		free(found);
	}
	r = search(python, &req, cache_dir, tried, info);
	free(tried);
	pyreq_release(&req);
	return r;
}

void pyfind_all(const char *cache_dir, struct pyfound_list *out)
{
	struct cands list = { 0 };

	memset(out, 0, sizeof(*out));
	collect(&list, NULL);
	for (size_t i = 0; i < list.n; i++) {
		struct pyinfo info;
		size_t j;

		if (try_cand(&list.v[i], cache_dir, &info))
			continue;
		/* Once each, by the interpreter that runs (a shim and its
		 * target, a link and the file it names). */
		for (j = 0; j < out->n && strcmp(out->v[j].info.real_executable, info.real_executable); j++)
			;
		if (j < out->n) {
			pyinfo_release(&info);
			continue;
		}
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n].path = xstrdup(list.v[i].path);
		out->v[out->n].origin = list.v[i].origin;
		out->v[out->n++].info = info;
	}
	cands_release(&list);
}

void pyfound_list_release(struct pyfound_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].path);
		pyinfo_release(&list->v[i].info);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}
