/*
 * cmd_check: `pyvenv check`, is an environment healthy, and if not, why.
 *
 * Every check runs and every problem is reported, so one run says all that
 * is wrong. Nothing is changed.
 */
#include "cache.h"
#include "cfg.h"
#include "cmd.h"
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
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: pyvenv check [OPTIONS] ENV_DIR\n"
	"\n"
	"Check that ENV_DIR is a healthy virtual environment, and say why not:\n"
	"  - pyvenv.cfg is there and names a base interpreter that still exists\n"
	"    and still has the version the environment was made for (a new patch\n"
	"    release is a warning: `pyvenv create --upgrade` takes it in);\n"
	"  - bin/python runs, and its sys.prefix is the environment and its\n"
	"    site-packages is on sys.path;\n"
	"  - no link in bin/ dangles, every script in bin/ runs an interpreter that\n"
	"    exists and is not another environment's (a moved or copied\n"
	"    environment fails here), and bin/activate names this environment;\n"
	"  - every file an installed package's RECORD lists with a hash is there,\n"
	"    with that size and hash.\n"
	"Nothing is changed. Problems go to stderr, one per line.\n"
	"\n"
	"  --cache-dir DIR    cache of interpreter probes (see pyvenv create --help)\n"
	"  --no-cache         neither read nor write the cache\n"
	"  -q, --quiet        print nothing when the environment is healthy\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 healthy (warnings allowed), 1 not healthy, 2 usage error.\n";

static const struct option options[] = {
	{ "cache-dir", required_argument, NULL, 'c' },
	{ "no-cache", no_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* At most this many files of one package are named; the rest are counted. */
#define MAX_FILES_NAMED 5

struct checker {
	const char *env;    /* absolute, as given made absolute */
	char *real_env;     /* its realpath */
	size_t problems;
	size_t packages;
};

static void problem(struct checker *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void problem(struct checker *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("'%s': %s", c->env, sb.buf);
	strbuf_release(&sb);
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
		warning("'%s' was made for Python %s; its base interpreter is now %s "
			"(pyvenv create --upgrade takes that in)", c->env, v.buf, py->version);
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

int cmd_check(int argc, char **argv)
{
	const char *cache_given = NULL;
	int no_cache = 0, quiet = 0, opt, rc = EXIT_FAILURE_;
	struct checker c = { 0 };
	char *env = NULL, *cfg = NULL, *python = NULL, *cache = NULL;
	struct strbuf home = STRBUF_INIT;
	struct pyinfo py;
	struct stat st;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":qh", options, NULL)) != -1) {
		switch (opt) {
		case 'c': cache_given = optarg; break;
		case 'n': no_cache = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("check", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("check", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cmd_usage_error("check", "expected ENV_DIR");
	if (optind + 1 < argc)
		return cmd_usage_error("check", "unexpected argument '%s'", argv[optind + 1]);
	if (!*argv[optind])
		return cmd_usage_error("check", "ENV_DIR is empty");

	env = fs_abspath(argv[optind]);
	c.env = env;
	if (!env)
		goto out; /* the current directory is gone: reported */
	if (stat(env, &st)) {
		error_errno("cannot check '%s'", env);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		error("'%s' is not a directory", env);
		goto out;
	}
	c.real_env = realpath(env, NULL);
	cfg = fs_join(env, "pyvenv.cfg");
	if (cfg_read(cfg, "home", &home) < 0) {
		error_errno("'%s' is not a virtual environment: cannot read its pyvenv.cfg", env);
		goto out;
	}
	if (!home.len)
		problem(&c, "pyvenv.cfg has no home");
	else if (!fs_is_dir(home.buf))
		problem(&c, "pyvenv.cfg's home '%s' does not exist (was the base interpreter removed?)", home.buf);

	python = cfg_base_python(env);
	if (!python) {
		problem(&c, "cannot tell its base interpreter (pyvenv.cfg has no executable or home)");
	} else if (!fs_exists(python)) {
		problem(&c, "its base interpreter '%s' does not exist", python);
	} else {
		if (!no_cache)
			cache = cache_dir_resolve(cache_given);
		if (probe_load(python, cache, &py)) {
			problem(&c, "its base interpreter '%s' does not work", python);
		} else {
			check_version(&c, cfg, &py);
			check_python(&c, &py);
			check_bin(&c, &py);
			check_site(&c, py.purelib);
			if (strcmp(py.platlib, py.purelib))
				check_site(&c, py.platlib);
			if (!c.problems && !quiet)
				printf("%s: healthy (Python %s, %zu installed package%s)\n", env, py.version,
				       c.packages, c.packages == 1 ? "" : "s");
			pyinfo_release(&py);
		}
	}
	if (c.problems)
		hint("make it anew: pyvenv create --clear %s", argv[optind]);
	else
		rc = EXIT_OK;
out:
	strbuf_release(&home);
	free(c.real_env);
	free(env);
	free(cfg);
	free(python);
	free(cache);
	return rc;
}
