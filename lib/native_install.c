/*
 * native_install: a plan's wheels into an environment, after what is
 * installed at other versions is removed, as pip does. Wheels are written
 * by worker threads (workers.h: PYVENV_THREADS, default two, or one on one
 * processor; measured in bench/bench-native.sh), whose messages the
 * calling thread passes on; where two wheels write one path, the wheels
 * concerned are written again one by one in the plan's order, so that the
 * last one wins as with pip.
 */
#include "native.h"
#include "native_int.h"

#include "fsutil.h"
#include "interrupt.h"
#include "msg.h"
#include "record.h"
#include "archive_lib.h"
#include "workers.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --- what is installed ------------------------------------------------------ */

/* The .dist-info under site of the distribution canonical, or NULL. */
static char *find_dist_info(const char *site, const char *canonical)
{
	DIR *d = opendir(site);
	struct dirent *e;
	char *found = NULL;

	if (!d)
		return NULL;
	while (!found && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);
		char *stem, *dash;

		if (len <= 10 || strcmp(e->d_name + len - 10, ".dist-info"))
			continue;
		stem = xstrndup(e->d_name, len - 10);
		dash = strrchr(stem, '-');
		if (dash) {
			*dash = '\0';
			if (wheelname_same_project(stem, canonical))
				found = fs_join(site, e->d_name);
		}
		free(stem);
	}
	closedir(d);
	return found;
}

/* The .dist-info in dest's purelib, else platlib, of the distribution
 * canonical, or NULL. */
static char *installed_dist_info(const struct wheel_dest *dest, const char *canonical)
{
	char *info = find_dist_info(dest->purelib, canonical);

	if (!info && strcmp(dest->purelib, dest->platlib))
		info = find_dist_info(dest->platlib, canonical);
	return info;
}

/* Calls fn(arg, path) for the path of every well-formed row of the RECORD
 * of the .dist-info info; -1 when it cannot be read (reported, with what
 * the reading was for). */
static int for_each_recorded(const char *info, const char *purpose, void (*fn)(void *arg, const char *path),
			     void *arg)
{
	char *record = fs_join(info, "RECORD");
	struct strbuf text = STRBUF_INIT;
	struct record_row row = RECORD_ROW_INIT;
	const char *pos, *end;
	int r, ret = 0;

	if (strbuf_read_file(&text, record) < 0) {
		ret = error_errno("cannot read '%s'%s", record, purpose);
		goto out;
	}
	pos = text.buf;
	end = text.buf + text.len;
	while ((r = record_next(&pos, end, &row)) != 0)
		if (r > 0 && row.path.len)
			fn(arg, row.path.buf);
out:
	record_row_release(&row);
	strbuf_release(&text);
	free(record);
	return ret;
}

/* Removes a file RECORD names (relative to site), if it stays inside
 * root, with the bytecode of a .py beside it; then its empty parents. */
static void remove_recorded(const char *root, const char *site, const char *rel)
{
	char *joined = fs_join(site, rel), *path = fs_abspath(joined);
	const size_t rlen = strlen(root), plen = path ? strlen(path) : 0;

	free(joined);
	if (!path || strncmp(path, root, rlen) || path[rlen] != '/') {
		free(path);
		return;
	}
	unlink(path);
	if (plen > 3 && !strcmp(path + plen - 3, ".py")) {
		char *dir = fs_dirname(path), *base = fs_basename(path);
		char *cache = fs_join(dir, "__pycache__");
		DIR *d = opendir(cache);
		struct dirent *e;

		base[strlen(base) - 3] = '\0';
		while (d && (e = readdir(d))) {
			if (!strncmp(e->d_name, base, strlen(base)) && e->d_name[strlen(base)] == '.') {
				char *pyc = fs_join(cache, e->d_name);

				unlink(pyc);
				free(pyc);
			}
		}
		if (d)
			closedir(d);
		rmdir(cache);
		free(cache);
		free(dir);
		free(base);
	}
	for (char *slash = strrchr(path, '/'); slash && slash > path + rlen; slash = strrchr(path, '/')) {
		*slash = '\0';
		if (!strcmp(path, site) || rmdir(path))
			break;
	}
	free(path);
}

struct removing {
	const char *root, *site;
};

static void remove_one(void *arg, const char *path)
{
	const struct removing *r = arg;

	remove_recorded(r->root, r->site, path);
}

/* pip uninstall of the distribution whose .dist-info is info: the files of
 * its RECORD, then the .dist-info. */
static int uninstall(const char *root, const char *site, const char *info)
{
	struct removing r = { root, site };

	if (for_each_recorded(info, " to remove the distribution it lists", remove_one, &r))
		return -1;
	return fs_exists(info) && fs_remove_tree(info) ? -1 : 0;
}

/* Leaves alone what is installed at the planned version; removes what is
 * installed at another, as pip does before it installs. */
static int clear_installed(struct native_plan *plan, const struct wheel_dest *dest)
{
	int ret = 0;

	for (size_t i = 0; i < plan->n && !ret; i++) {
		struct native_pkg *pkg = &plan->v[i];
		char *info = installed_dist_info(dest, pkg->canonical);

		if (info) {
			/* the version is what follows the last '-' of "<name>-<version>.dist-info" */
			char *stem = xstrndup(info, strlen(info) - 10);
			char *version = xstrdup(strrchr(stem, '-') + 1);

			free(stem);
			pkg->skip = native_same_version(version, pkg->version);
			if (!pkg->skip) {
				verbose("removing %s %s to install %s", pkg->name, version, pkg->version);
				ret = uninstall(dest->data, dest->purelib, info);
			}
			free(version);
		}
		free(info);
	}
	return ret;
}

/* A PEP 508 name: letters and digits, '.', '_' and '-' inside. */
static int plain_name(const char *s)
{
	const size_t n = strlen(s);

	return n && isalnum((unsigned char)s[0]) && isalnum((unsigned char)s[n - 1]) &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* The wheel, as it is opened to be installed, has the hash it had when the
 * plan was made (another user may write the --find-links directory). */
static int verify_hash(void *arg, int fd)
{
	const struct native_pkg *pkg = arg;

	return native_check_hash_fd(pkg, pkg->wheel, fd);
}

/* One package (not skipped) into dest. */
static int install_one(const struct native_pkg *pkg, const struct wheel_dest *dest)
{
	const struct wheel_opts opts = {
		.not_requested = !pkg->requested, .direct_url = pkg->direct_url, .installer = "pyvenv",
		.verify = pkg->nhashes ? verify_hash : NULL, .verify_arg = (void *)pkg,
	};
	/* pip's headers go to include/site/pythonX.Y/<the requirement's name> */
	char *headers = fs_join(dest->headers, plain_name(pkg->req_name) ? pkg->req_name : "UNKNOWN");
	struct wheel_dest d = *dest;
	int ret;

	d.headers = headers;
	verbose("installing %s %s from '%s'", pkg->name, pkg->version, pkg->wheel);
	ret = wheel_install(pkg->wheel, &d, &opts);
	free(headers);
	return ret;
}

/* What the install's jobs share: the plan's packages not skipped. */
struct installing {
	pthread_mutex_t lock;
	const struct native_plan *plan;
	const struct wheel_dest *dest;
	size_t *todo;        /* indexes into the plan */
	size_t ntodo;
	size_t done;         /* packages written */
	double bytes;        /* their wheels' sizes */
	double total_bytes;  /* all of theirs */
	double last;         /* when progress was last said */
	int said;            /* whether it was */
};

static double wheel_size(const struct native_pkg *pkg)
{
	struct stat st;

	return stat(pkg->wheel, &st) ? 0 : (double)st.st_size;
}

static int install_job(void *arg, size_t i)
{
	struct installing *in = arg;
	const struct native_pkg *pkg = &in->plan->v[in->todo[i]];
	const int rc = install_one(pkg, in->dest);
	const double size = wheel_size(pkg);

	pthread_mutex_lock(&in->lock);
	in->done += !rc;
	in->bytes += size;
	pthread_mutex_unlock(&in->lock);
	return rc;
}

static void install_tick(void *arg)
{
	struct installing *in = arg;
	size_t done;
	double bytes;

	if (msg_clock() - in->last < 0.1)
		return;
	in->last = msg_clock();
	in->said = 1;
	pthread_mutex_lock(&in->lock);
	done = in->done, bytes = in->bytes;
	pthread_mutex_unlock(&in->lock);
	progress("installing: %zu of %zu packages, %.1f of %.1f MB", done, in->ntodo, bytes / 1e6,
		 in->total_bytes / 1e6);
}

/* The packages not skipped, written by nthreads workers. */
static int install_all(struct native_plan *plan, const struct wheel_dest *dest, size_t nthreads, size_t *done,
		       double start)
{
	struct installing in = { .lock = PTHREAD_MUTEX_INITIALIZER, .plan = plan, .dest = dest, .last = start };
	int ret;

	in.todo = xcalloc(plan->n ? plan->n : 1, sizeof(*in.todo));
	for (size_t i = 0; i < plan->n; i++) {
		if (!plan->v[i].skip) {
			in.todo[in.ntodo++] = i;
			in.total_bytes += wheel_size(&plan->v[i]);
		}
	}
	ret = workers_run(in.ntodo, nthreads, install_job, install_tick, &in);
	if (in.said)
		progress("%s", "");
	*done = in.done;
	pthread_mutex_destroy(&in.lock);
	free(in.todo);
	return ret;
}

/* The RECORD paths of the installed packages, to find those two wrote. */
struct written_path {
	char *path;
	size_t pkg;
};

static int path_cmp(const void *a, const void *b)
{
	const struct written_path *x = a, *y = b;
	const int c = strcmp(x->path, y->path);

	return c ? c : x->pkg < y->pkg ? -1 : x->pkg > y->pkg;
}

/* The paths written, and by which package. */
struct written {
	struct written_path *v;
	size_t n, alloc;
	size_t pkg; /* the one whose RECORD is read */
};

static void add_written(void *arg, const char *path)
{
	struct written *w = arg;

	ALLOC_GROW(w->v, w->n + 1, w->alloc);
	w->v[w->n].path = xstrdup(path);
	w->v[w->n++].pkg = w->pkg;
}

/* Adds the rows of pkg's RECORD (read back from dest) to w. */
static int add_record_paths(const struct wheel_dest *dest, const struct native_pkg *pkg, struct written *w)
{
	char *info = installed_dist_info(dest, pkg->canonical);
	int ret;

	if (!info)
		return error("%s %s was installed, and has no .dist-info", pkg->name, pkg->version);
	ret = for_each_recorded(info, "", add_written, w);
	free(info);
	return ret;
}

/* Packages of which another one wrote a path too: marked in conflict (by
 * index), 1 when there are any. */
static int find_conflicts(const struct native_plan *plan, const struct wheel_dest *dest, unsigned char *conflict)
{
	struct written w = { NULL, 0, 0, 0 };
	int ret = 0;

	for (size_t i = 0; i < plan->n && !ret; i++) {
		w.pkg = i;
		if (!plan->v[i].skip)
			ret = add_record_paths(dest, &plan->v[i], &w);
	}
	if (!ret && w.n > 1) {
		qsort(w.v, w.n, sizeof(*w.v), path_cmp);
		for (size_t i = 1; i < w.n; i++) {
			if (!strcmp(w.v[i].path, w.v[i - 1].path) && w.v[i].pkg != w.v[i - 1].pkg) {
				conflict[w.v[i].pkg] = conflict[w.v[i - 1].pkg] = 1;
				ret = 1;
			}
		}
	}
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i].path);
	free(w.v);
	return ret;
}

/* Writes again, one by one in the plan's order, the packages that wrote a
 * path another one wrote: the last one's file stays, as pip leaves it. */
static int rewrite_conflicts(struct native_plan *plan, const struct wheel_dest *dest)
{
	unsigned char *conflict = xcalloc(plan->n ? plan->n : 1, 1);
	int ret = find_conflicts(plan, dest, conflict);

	if (ret > 0) {
		ret = 0;
		for (size_t i = 0; i < plan->n && !ret; i++) {
			if (!conflict[i])
				continue;
			verbose("%s %s writes a file another package writes: writing it again in order",
				plan->v[i].name, plan->v[i].version);
			ret = interrupt_pending() ? -1 : install_one(&plan->v[i], dest);
		}
	}
	free(conflict);
	return ret;
}

int native_install(struct native_plan *plan, const struct wheel_dest *dest)
{
	const double start = msg_clock();
	size_t todo = 0, done = 0;
	int ret = clear_installed(plan, dest);

	for (size_t i = 0; i < plan->n; i++) {
		if (plan->v[i].skip)
			verbose("%s %s is installed already", plan->v[i].name, plan->v[i].version);
		else
			todo++;
	}
	if (!ret && todo) {
		const size_t nthreads = workers_count(todo);

		verbose("writing %zu wheel%s with %zu thread%s", todo, todo == 1 ? "" : "s", nthreads,
			nthreads == 1 ? "" : "s");
		/* libarchive is loaded once, before the threads need it */
		ret = archive_lib_load();
		if (!ret)
			ret = install_all(plan, dest, nthreads, &done, start);
		if (!ret && nthreads > 1)
			ret = rewrite_conflicts(plan, dest);
	}
	if (!ret)
		say("installed %zu package%s in %.1f s", done, done == 1 ? "" : "s", msg_clock() - start);
	return ret;
}
