/*
 * api_check: pyvenv_check(), is an environment healthy, and if not, why.
 *
 * Every check runs and every problem is reported, so one run says all that
 * is wrong. Nothing is changed.
 */
#include "cache.h"
#include "cfg.h"
#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "probe.h"
#include "proc.h"
#include "record.h"
#include "script.h"
#include "strbuf.h"
#include "template.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* At most this many files of one package are named; the rest are counted. */
#define MAX_FILES_NAMED 5

struct checker {
	const char *env;    /* absolute, as given made absolute */
	char *real_env;     /* its realpath */
	size_t problems;
	size_t packages;
	struct pyvenv_check_report *report;
};

static void add_finding(struct checker *c, enum pyvenv_level level, char *text)
{
	struct pyvenv_check_report *r = c->report;

	r->findings = xrealloc(r->findings, (r->n_findings + 1) * sizeof(*r->findings));
	r->findings[r->n_findings].level = level;
	r->findings[r->n_findings++].text = text;
}

static void problem(struct checker *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void problem(struct checker *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	add_finding(c, PYVENV_LEVEL_ERROR, strbuf_detach(&sb));
	c->problems++;
}

/* The version pyvenv.cfg records, checked against the interpreter's. */
static void check_version(struct checker *c, const char *cfg, const struct pyinfo *py)
{
	struct strbuf v = STRBUF_INIT;
	int major, minor;

	if (cfg_read(cfg, "version", &v) <= 0 && cfg_read(cfg, "version_info", &v) <= 0) {
		problem(c, "pyvenv.cfg has no version");
	} else if (sscanf(v.buf, "%d.%d", &major, &minor) != 2) {
		problem(c, "pyvenv.cfg's version '%s' is not a version", v.buf);
	} else if (major != py->major || minor != py->minor) {
		problem(c, "it was made for Python %s, but its base interpreter '%s' is now Python %s",
			v.buf, py->path, py->version);
	} else if (strcmp(v.buf, py->version)) {
		add_finding(c, PYVENV_LEVEL_WARNING,
			    xstrfmt("'%s' was made for Python %s; its base interpreter is now %s "
				    "(pyvenv create --upgrade takes that in)", c->env, v.buf, py->version));
	}
	strbuf_release(&v);
}

/* bin/python runs, in this environment, with its site-packages. */
static void check_python(struct checker *c, const struct pyinfo *py)
{
	char *python = xstrfmt("%s/%s/python", c->env, py->scripts_dir);
	char *site = fs_join(c->real_env, py->purelib);
	const char *argv[] = { python, "-I", "-c", "import sys; print(sys.prefix); print('\\n'.join(sys.path))", NULL };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct proc_opts po = { .out = &out, .err = &err };
	int rc;

	if (access(python, X_OK)) {
		problem(c, "%s/python is missing or not executable", py->scripts_dir);
		goto out;
	}
	msg_mute();
	rc = proc_run(argv, &po);
	msg_unmute();
	if (rc) {
		const char *last = err.buf;

		/* The last line of a traceback says what went wrong. */
		while (err.len && err.buf[err.len - 1] == '\n')
			strbuf_setlen(&err, err.len - 1);
		if (strrchr(err.buf, '\n'))
			last = strrchr(err.buf, '\n') + 1;
		if (rc < 0)
			problem(c, "%s/python cannot be started", py->scripts_dir);
		else
			problem(c, "%s/python fails (exit status %d)%s%s", py->scripts_dir, rc, *last ? ": " : "", last);
	} else {
		const char *nl = strchr(out.buf, '\n');
		size_t plen = nl ? (size_t)(nl - out.buf) : out.len;
		int on_path = 0;

		if (plen != strlen(c->real_env) || memcmp(out.buf, c->real_env, plen))
			problem(c, "%s/python runs with sys.prefix '%.*s', not this environment", py->scripts_dir,
				(int)plen, out.buf);
		for (const char *line = nl ? nl + 1 : out.buf + out.len; *line;) {
			const char *e = strchrnul(line, '\n');

			on_path |= (size_t)(e - line) == strlen(site) && !memcmp(line, site, strlen(site));
			line = *e ? e + 1 : e;
		}
		if (!on_path)
			problem(c, "%s is not on %s/python's sys.path", py->purelib, py->scripts_dir);
	}
out:
	strbuf_release(&out);
	strbuf_release(&err);
	free(python);
	free(site);
}

/* The environment an interpreter path belongs to: the directory above its
 * bin/ when that holds a pyvenv.cfg. Caller frees; NULL when none. */
static char *owning_env(const char *python)
{
	char *bin = fs_dirname(python), *root = fs_dirname(bin), *cfg = fs_join(root, "pyvenv.cfg");

	free(bin);
	if (!fs_exists(cfg)) {
		free(root);
		root = NULL;
	}
	free(cfg);
	return root;
}

/* One file in bin/: a dangling link, or a script whose interpreter is gone
 * or belongs to another environment. */
static void check_script(struct checker *c, const char *bin_rel, const char *dir, const char *name)
{
	char *path = fs_join(dir, name);
	struct strbuf interp = STRBUF_INIT;
	char head[4096], *owner = NULL, *real_owner = NULL;
	struct stat st;
	size_t header_len;
	ssize_t n;
	int fd;

	if (lstat(path, &st))
		goto out;
	if (S_ISLNK(st.st_mode)) {
		if (stat(path, &st)) {
			char target[PATH_MAX];
			ssize_t t = readlink(path, target, sizeof(target) - 1);

			target[t < 0 ? 0 : t] = '\0';
			problem(c, "%s/%s is a link to '%s', which does not exist", bin_rel, name, target);
		}
		goto out;
	}
	if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto out;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n <= 0 || script_parse_header(head, (size_t)n, &interp, &header_len) || interp.buf[0] != '/')
		goto out;
	if (!fs_exists(interp.buf)) {
		problem(c, "%s/%s runs '%s', which does not exist (was the environment moved?)", bin_rel, name,
			interp.buf);
		goto out;
	}
	owner = owning_env(interp.buf);
	real_owner = owner ? realpath(owner, NULL) : NULL;
	if (real_owner && strcmp(real_owner, c->real_env))
		problem(c, "%s/%s runs '%s', the interpreter of another environment (was this one copied?)",
			bin_rel, name, interp.buf);
out:
	strbuf_release(&interp);
	free(owner);
	free(real_owner);
	free(path);
}

/* Does the activate script text set VIRTUAL_ENV to path? By version, venv
 * writes `VIRTUAL_ENV=<path>` or `export VIRTUAL_ENV=<path>`, maybe
 * indented, the path bare or in single or double quotes. */
static int names_env(const char *text, const char *path)
{
	const size_t n = strlen(path);

	for (const char *line = text; *line;) {
		const char *end = strchrnul(line, '\n'), *v = line + strspn(line, " \t");

		if (!strncmp(v, "export ", 7))
			v += 7;
		if (!strncmp(v, "VIRTUAL_ENV=", 12)) {
			v += 12;
			if ((*v == '\'' || *v == '"') && end - v == (ptrdiff_t)n + 2 && end[-1] == *v &&
			    !strncmp(v + 1, path, n))
				return 1;
			if (end - v == (ptrdiff_t)n && !strncmp(v, path, n))
				return 1;
		}
		line = *end ? end + 1 : end;
	}
	return 0;
}

static void check_bin(struct checker *c, const struct pyinfo *py)
{
	char *bin = fs_join(c->env, py->scripts_dir), *activate = fs_join(bin, "activate");
	struct strbuf text = STRBUF_INIT;
	struct dirent **names;
	int n = scandir(bin, &names, NULL, alphasort);

	if (n < 0) {
		problem(c, "it has no %s directory", py->scripts_dir);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			check_script(c, py->scripts_dir, bin, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	/* A path with quoting characters is written escaped; look only for
	 * those written as they are. */
	if (strbuf_read_file(&text, activate) < 0)
		problem(c, "%s/activate is missing", py->scripts_dir);
	else if (!strpbrk(c->env, "'\"\\$`") && !names_env(text.buf, c->env) && !names_env(text.buf, c->real_env))
		problem(c, "%s/activate does not name this environment (was the environment moved?)",
			py->scripts_dir);
out:
	strbuf_release(&text);
	free(bin);
	free(activate);
}

/* Is the file at path of the RECORD row's size and hash? Sets *missing
 * when it cannot be read. */
static int matches(const char *path, const struct record_row *row, int *missing)
{
	struct strbuf want = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	struct stat st;
	char size[32];
	int ok;

	msg_mute();
	*missing = stat(path, &st) || hash_file(path, digest);
	msg_unmute();
	if (*missing)
		return 0;
	hash_record_digest(&want, digest);
	snprintf(size, sizeof(size), "%lld", (long long)st.st_size);
	ok = !strcmp(want.buf, row->hash.buf) && (!row->size.len || !strcmp(row->size.buf, size));
	strbuf_release(&want);
	return ok;
}

/* Every file the RECORD of one installed distribution lists with a hash. */
static void check_record(struct checker *c, const char *site, const char *site_rel, const char *dist)
{
	char *record = xstrfmt("%s/%s/RECORD", site, dist);
	struct strbuf text = STRBUF_INIT, names = STRBUF_INIT;
	struct record_row row = RECORD_ROW_INIT;
	size_t bad = 0, line = 0;
	const char *pos;
	int r;

	if (strbuf_read_file(&text, record) < 0) {
		problem(c, "%s/%s has no RECORD", site_rel, dist);
		goto out;
	}
	c->packages++;
	pos = text.buf;
	while ((r = record_next(&pos, text.buf + text.len, &row))) {
		char *path;
		int missing;

		line++;
		if (r < 0) {
			problem(c, "%s/%s/RECORD: row %zu is malformed", site_rel, dist, line);
			continue;
		}
		if (strncmp(row.hash.buf, "sha256=", 7))
			continue;
		path = row.path.buf[0] == '/' ? xstrdup(row.path.buf) : fs_join(site, row.path.buf);
		if (!matches(path, &row, &missing)) {
			if (++bad <= MAX_FILES_NAMED)
				strbuf_addf(&names, "%s%s (%s)", bad > 1 ? ", " : "", row.path.buf,
					    missing ? "missing" : "changed");
		}
		free(path);
	}
	if (bad)
		problem(c, "%.*s: %zu installed file(s) missing or changed: %s%s",
			(int)(strlen(dist) - strlen(".dist-info")), dist, bad, names.buf,
			bad > MAX_FILES_NAMED ? ", ..." : "");
out:
	record_row_release(&row);
	strbuf_release(&text);
	strbuf_release(&names);
	free(record);
}

static int is_dist_info(const char *name)
{
	size_t n = strlen(name);

	return n > 10 && !strcmp(name + n - 10, ".dist-info");
}

static void check_site(struct checker *c, const char *site_rel)
{
	char *site = fs_join(c->env, site_rel);
	struct dirent **names;
	int n = scandir(site, &names, NULL, alphasort);

	if (n < 0)
		problem(c, "it has no %s", site_rel);
	for (int i = 0; i < n; i++) {
		if (is_dist_info(names[i]->d_name))
			check_record(c, site, site_rel, names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(site);
}

static int check(const char *given, const char *cache, struct pyvenv_check_report *r)
{
	struct checker c = { .report = r };
	char *env = NULL, *cfg = NULL, *python = NULL;
	struct strbuf home = STRBUF_INIT;
	struct pyinfo py;
	struct stat st;
	int ret = -1;

	if (!given || !*given)
		return invalid("ENV_DIR is empty");
	env = fs_abspath(given);
	c.env = env;
	if (!env)
		goto out; /* the current directory is gone: reported */
	r->env_dir = xstrdup(env);
	if (stat(env, &st)) {
		error_errno("cannot check '%s'", env);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		error("'%s' is not a directory", env);
		goto out;
	}
	c.real_env = realpath(env, NULL);
	if (!c.real_env) {
		error_errno("cannot check '%s': cannot resolve its path", env);
		goto out;
	}
	cfg = fs_join(env, "pyvenv.cfg");
	if (cfg_read(cfg, "home", &home) < 0) {
		error_errno("'%s' is not a virtual environment: cannot read its pyvenv.cfg", env);
		goto out;
	}
	ret = 0;
	if (!home.len)
		problem(&c, "pyvenv.cfg has no home");
	else if (!fs_is_dir(home.buf))
		problem(&c, "pyvenv.cfg's home '%s' does not exist (was the base interpreter removed?)", home.buf);

	python = cfg_base_python(env);
	if (!python) {
		problem(&c, "cannot tell its base interpreter (pyvenv.cfg has no executable or home)");
	} else if (!fs_exists(python)) {
		problem(&c, "its base interpreter '%s' does not exist", python);
	} else if (probe_load(python, cache, &py)) {
		problem(&c, "its base interpreter '%s' does not work", python);
	} else {
		r->version = xstrdup(py.version);
		check_version(&c, cfg, &py);
		check_python(&c, &py);
		check_bin(&c, &py);
		check_site(&c, py.purelib);
		if (strcmp(py.platlib, py.purelib))
			check_site(&c, py.platlib);
		pyinfo_release(&py);
	}
	r->n_packages = c.packages;
	r->n_problems = c.problems;
	r->healthy = !c.problems;
out:
	strbuf_release(&home);
	free(c.real_env);
	free(env);
	free(cfg);
	free(python);
	return ret;
}

void pyvenv_check_report_free(struct pyvenv_check_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_findings; i++)
		free(r->findings[i].text);
	free(r->findings);
	free(r->env_dir);
	free(r->version);
	free(r);
}

int pyvenv_check(pyvenv_ctx *ctx, const char *env_dir, const char *cache_dir,
		 struct pyvenv_check_report **out)
{
	struct pyvenv_check_report *r = xcalloc(1, sizeof(*r));
	struct pyvenv_ctx *saved;
	int ret;

	ctx_enter(ctx, &saved);
	ret = check(env_dir, cache_dir, r);
	if (ret) {
		pyvenv_check_report_free(r);
		r = NULL;
	}
	*out = r;
	return ctx_leave(saved, ret);
}
