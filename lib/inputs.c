/*
 * inputs: the digest of what decides an environment.
 *
 * Every part is added with its label and a terminating NUL (hash_update_str),
 * so no two different sets of inputs can produce the same byte stream.
 *
 * Requirement files are read as pip reads them (reqfile.h), so that every
 * local file and directory a requirement names is found, relative paths
 * resolved as pip resolves them (against the current directory; nested
 * files and --find-links against the including file), and its contents
 * added: a wheel or sdist by its hash, a directory by its files. A
 * directory or an editable requirement also makes the environment unfit
 * for the template cache (pip builds or links it anew each time).
 */
#include "inputs.h"

#include "fsutil.h"
#include "msg.h"
#include "pylock.h"
#include "reqfile.h"
#include "strbuf.h"
#include "version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

#define MAX_NESTING 16
/* A file of a local directory larger than this is taken by size and time. */
#define DIR_FILE_HASH_MAX (16 << 20)

/* One digest being computed. */
struct inputs {
	struct hash_ctx *h;
	int key;                   /* INPUTS_CACHE_KEY */
	char *cwd;                 /* where pip runs */
	struct inputs_report *report;
};

/* A file or directory the digest read (for a build system's depfile). */
static void depends(struct inputs *in, const char *path)
{
	struct inputs_report *r = in->report;
	char *abs;

	if (!r || !(abs = fs_abspath(path)))
		return;
	if (r->ndeps == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 64;
		r->deps = xrealloc(r->deps, r->alloc * sizeof(*r->deps));
	}
	r->deps[r->ndeps++] = abs;
}

void inputs_report_release(struct inputs_report *r)
{
	strbuf_release(&r->why_uncacheable);
	for (size_t i = 0; i < r->ndeps; i++)
		free(r->deps[i]);
	free(r->deps);
	r->deps = NULL;
	r->ndeps = r->alloc = 0;
}

static void add(struct hash_ctx *h, const char *label, const char *value)
{
	hash_update_str(h, label);
	hash_update_str(h, value ? value : "(none)");
}

static void add_stat(struct hash_ctx *h, const char *label, const char *path)
{
	struct stat st;
	char buf[96];

	if (stat(path, &st))
		snprintf(buf, sizeof(buf), "missing");
	else
		snprintf(buf, sizeof(buf), "%lld %lld.%09ld", (long long)st.st_size,
			 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	add(h, label, path);
	hash_update_str(h, buf);
}

static void add_list(struct hash_ctx *h, const char *label, const struct string_list *l)
{
	char n[32];

	snprintf(n, sizeof(n), "%zu", l->n);
	add(h, label, n);
	for (size_t i = 0; i < l->n; i++)
		hash_update_str(h, l->v[i]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The environment is not to be cached; says why once (the first reason). */
static void uncacheable(struct inputs *in, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void uncacheable(struct inputs *in, const char *fmt, ...)
{
	va_list ap;

	if (!in->report || in->report->why_uncacheable.len)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&in->report->why_uncacheable, fmt, ap);
	va_end(ap);
}

/* A local --find-links value as a directory path, or NULL for a URL. */
static const char *local_dir(const char *value)
{
	if (!strncmp(value, "file://", 7))
		return value + 7;
	if (strstr(value, "://"))
		return NULL;
	return value;
}

void inputs_find_links(const struct string_list *pip_args, void (*fn)(const char *dir, void *data),
		       void *data)
{
	const char *env = getenv("PIP_FIND_LINKS");

	for (size_t i = 0; i < pip_args->n; i++) {
		const char *a = pip_args->v[i], *v = NULL;

		if (!strncmp(a, "--find-links=", 13))
			v = a + 13;
		else if ((!strcmp(a, "--find-links") || !strcmp(a, "-f")) && i + 1 < pip_args->n)
			v = pip_args->v[++i];
		else if (!strncmp(a, "-f", 2) && a[2] && a[1] != '-')
			v = a + 2;
		if (v && local_dir(v))
			fn(local_dir(v), data);
	}
	if (env) {
		char *copy = xstrdup(env), *save = NULL;

		for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
			if (local_dir(t))
				fn(local_dir(t), data);
		free(copy);
	}
}

/* The names in dir (not starting with '.' when skip_hidden), sorted; NULL
 * when it cannot be read. Caller frees each and the array. */
static char **sorted_names(const char *dir, int skip_hidden, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (skip_hidden && e->d_name[0] == '.'))
			continue;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			names = xrealloc(names, alloc * sizeof(*names));
		}
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names ? names : xcalloc(1, sizeof(*names));
}

/* The entries of a find-links directory, sorted, with sizes and times. */
static void add_listing(const char *dir, void *data)
{
	struct inputs *in = data;
	struct hash_ctx *h = in->h;
	char *abs = fs_abspath(dir);
	size_t n;
	char **names = sorted_names(dir, 1, &n);

	add(h, "find-links", abs);
	free(abs);
	depends(in, dir);
	if (!names) {
		hash_update_str(h, "unreadable");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *path = fs_join(dir, names[i]);

		add_stat(h, "entry", path);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* pip reads its options from PIP_* variables too; they change the result. */
static void add_pip_environment(struct hash_ctx *h)
{
	size_t n = 0;
	const char **vars;

	for (char **e = environ; *e; e++)
		n++;
	vars = xcalloc(n + 1, sizeof(*vars));
	n = 0;
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, "PIP_", 4) && strncmp(*e, "PIP_DISABLE_PIP_VERSION_CHECK=", 30))
			vars[n++] = *e;
	if (n)
		qsort(vars, n, sizeof(*vars), cmp_str);
	for (size_t i = 0; i < n; i++)
		add(h, "env", vars[i]);
	free(vars);
}

/* --- local files and directories that requirements name ------------------ */

/* A file's contents, by hash (or "missing", which pip reports itself). */
static void add_file_contents(struct inputs *in, const char *label, const char *path)
{
	struct hash_ctx *h = in->h;
	unsigned char digest[HASH_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	add(h, label, path);
	depends(in, path);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || hash_fd(fd, digest)) {
		hash_update_str(h, "unreadable");
	} else {
		hash_update_str(h, "sha256");
		hash_update(h, digest, HASH_LEN);
	}
	if (fd >= 0)
		close(fd);
}

/* setuptools' build directory (build/lib, build/bdist.*, build/temp.*) or
 * the dist/ of built archives, at the top of a project. */
static int build_output(const char *path, const char *name)
{
	size_t n;
	char **names;
	int found = !strcmp(name, "dist");

	if (found || strcmp(name, "build"))
		return found;
	names = sorted_names(path, 0, &n);
	for (size_t i = 0; i < n; i++) {
		found |= !strcmp(names[i], "lib") || !strncmp(names[i], "lib.", 4) ||
			 !strncmp(names[i], "bdist.", 6) || !strncmp(names[i], "temp.", 5);
		free(names[i]);
	}
	free(names);
	return found;
}

/* Directories below a project that are not its sources: version control,
 * compiled files, build metadata and output, environments and build trees. */
static int skipped_dir(const char *path, const char *name, int top)
{
	static const char *const names[] = { ".git", ".hg", ".svn", ".bzr", "__pycache__", ".tox", ".nox",
					      ".mypy_cache", ".pytest_cache" };
	const size_t len = strlen(name);
	char *marker;
	int skip = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		skip |= !strcmp(name, names[i]);
	if ((len > 9 && !strcmp(name + len - 9, ".egg-info")) || (top && build_output(path, name)))
		return 1;
	for (int i = 0; !skip && i < 2; i++) {
		marker = fs_join(path, i ? "CMakeCache.txt" : "pyvenv.cfg");
		skip = fs_exists(marker);
		free(marker);
	}
	return skip;
}

/* Every entry below dir (rel is its path from the top), by contents. */
static void add_tree(struct inputs *in, const char *dir, const char *rel, int depth)
{
	struct hash_ctx *h = in->h;
	size_t n;
	char **names = sorted_names(dir, 0, &n);

	if (!names || depth > 64) {
		add(h, "unreadable", rel);
		free(names);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *path = fs_join(dir, names[i]);
		char *child = *rel ? xstrfmt("%s/%s", rel, names[i]) : xstrdup(names[i]);
		struct stat st;

		if (lstat(path, &st)) {
			add(h, "unreadable", child);
		} else if (S_ISDIR(st.st_mode)) {
			if (!skipped_dir(path, names[i], !depth)) {
				add(h, "dir", child);
				depends(in, path);
				add_tree(in, path, child, depth + 1);
			}
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			const ssize_t len = readlink(path, target, sizeof(target) - 1);

			target[len < 0 ? 0 : len] = '\0';
			add(h, "link", child);
			hash_update_str(h, target);
		} else if (S_ISREG(st.st_mode) && st.st_size <= DIR_FILE_HASH_MAX) {
			add_file_contents(in, "file", path);
			hash_update_str(h, child);
			hash_update_str(h, st.st_mode & 0111 ? "x" : "-");
		} else {
			add_stat(h, "other", path);
			hash_update_str(h, child);
		}
		free(child);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* What a requirement refers to (pip's view), added to the digest. */
static void add_reference(struct inputs *in, const struct reqref *r, const char *text, int editable)
{
	if (editable) {
		/* Installed as a link to its sources: pip must make it each time. */
		uncacheable(in, "the editable requirement '%s' is installed as a link to its project", text);
		if (r->path)
			add(in->h, "editable", r->path);
		return;
	}
	if (r->kind == REQREF_LOCAL_FILE) {
		add_file_contents(in, "local-file", r->path);
	} else if (r->kind == REQREF_LOCAL_DIR) {
		uncacheable(in, "the requirement '%s' is the local directory '%s', which pip builds", text, r->path);
		add(in->h, "local-dir", r->path);
		depends(in, r->path);
		add_tree(in, r->path, "", 0);
	}
}

static const char *getvar(const char *name, void *data)
{
	(void)data;
	return getenv(name);
}

static int add_requirement_file(struct inputs *in, const char *path, int depth);

/* One logical line of the file at path. */
static int add_line(struct inputs *in, const char *path, const struct reqfile_line *line, int depth)
{
	struct reqref r = REQREF_INIT;
	int ret = 0, rc;

	msg_mute();
	rc = reqfile_resolve(line, path, in->cwd, &r);
	msg_unmute();
	if (rc < 0) {
		/* pip will say what is wrong with it; until then nothing can be
		 * told of what it names. */
		uncacheable(in, "'%s' line %zu cannot be read as pip reads it", path, line->lineno);
		add(in->h, "unresolved", line->value);
	} else if (rc > 0) {
		/* an index option: its text is in the file's digest */
	} else if (line->kind == REQFILE_REQUIREMENTS || line->kind == REQFILE_CONSTRAINTS) {
		if (r.kind == REQREF_LOCAL_FILE) {
			add(in->h, "nested", line->kind == REQFILE_CONSTRAINTS ? "-c" : "-r");
			if (depth >= MAX_NESTING)
				ret = error("'%s' nests requirement files more than %d deep", path, MAX_NESTING);
			else
				ret = add_requirement_file(in, r.path, depth + 1);
		}
	} else if (line->kind == REQFILE_FIND_LINKS) {
		if (r.kind == REQREF_LOCAL_DIR)
			add_listing(r.path, in);
		else if (r.kind == REQREF_LOCAL_FILE)
			add_file_contents(in, "find-links-file", r.path);
	} else {
		add_reference(in, &r, line->value, line->kind == REQFILE_EDITABLE);
	}
	reqref_release(&r);
	return ret;
}

/*
 * Reads a requirement file for the digest. It must be a regular file (the
 * command copies a pipe given with -r; a nested one would be read here and
 * then found empty by pip) of at most INPUTS_MAX_REQUIREMENTS bytes.
 */
static int read_requirements(const char *path, struct strbuf *sb)
{
	struct stat st;
	int fd;

	if (stat(path, &st))
		return error_errno("cannot read the requirements file '%s'", path);
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return error_errno("cannot read the requirements file '%s'", path);
	}
	if (!S_ISREG(st.st_mode)) {
		error("the requirements file '%s' is not a regular file", path);
		hint("pyvenv reads requirement files before pip does: write it to a file and name that");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || strbuf_read_fd_max(sb, fd, INPUTS_MAX_REQUIREMENTS)) {
		if (errno == EFBIG)
			error("the requirements file '%s' is larger than %d MiB", path, INPUTS_MAX_REQUIREMENTS >> 20);
		else
			error_errno("cannot read the requirements file '%s'", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int add_requirement_file(struct inputs *in, const char *path, int depth)
{
	struct strbuf sb = STRBUF_INIT;
	struct reqfile rf = REQFILE_INIT;
	unsigned char digest[HASH_LEN];
	int ret = 0;

	if (read_requirements(path, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	hash_buffer(sb.buf, sb.len, digest);
	depends(in, path);
	add(in->h, "requirement", in->key ? "" : path);
	hash_update(in->h, digest, HASH_LEN);
	msg_mute();
	if (pylock_is_lock_name(path)) {
		/* a lock file: its wheels are pinned by their hashes in it */
		msg_unmute();
	} else if (reqfile_parse(sb.buf, sb.len, path, getvar, NULL, &rf)) {
		msg_unmute();
		uncacheable(in, "'%s' cannot be read as pip reads it", path);
		add(in->h, "unparsed", path);
	} else {
		msg_unmute();
		for (size_t i = 0; i < rf.nvars; i++) {
			add(in->h, "variable", rf.vars[i]);
			hash_update_str(in->h, getenv(rf.vars[i]) ? getenv(rf.vars[i]) : "");
		}
		for (size_t i = 0; i < rf.n && !ret; i++)
			ret = add_line(in, path, &rf.v[i], depth);
	}
	reqfile_release(&rf);
	strbuf_release(&sb);
	return ret;
}

/* --package specifiers: pip takes each as a requirement line. */
static void add_packages(struct inputs *in, const struct string_list *packages)
{
	add_list(in->h, "packages", packages);
	for (size_t i = 0; i < packages->n; i++) {
		struct reqref r = REQREF_INIT;
		int rc;

		msg_mute();
		rc = reqref_classify(packages->v[i], in->cwd, "--package", &r);
		msg_unmute();
		if (!rc)
			add_reference(in, &r, packages->v[i], 0);
		reqref_release(&r);
	}
}

int inputs_digest(const char *env_dir, const struct pyinfo *py, const struct venv_opts *o,
		  int flags, char hex[INPUTS_HEX_LEN], struct inputs_report *report)
{
	struct inputs in = { .h = hash_new(), .key = flags & INPUTS_CACHE_KEY, .report = report };
	struct strbuf out = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	char flag_text[128];
	int ret = 0;

	in.cwd = getcwd(NULL, 0);
	if (!in.cwd) {
		hash_final(in.h, digest);
		return error_errno("cannot determine the current directory");
	}
	add(in.h, "format", in.key ? "pyvenv-template-key 2" : "pyvenv-inputs 2");
	add(in.h, "pyvenv", PYVENV_VERSION);
	if (!in.key) {
		char *env = fs_abspath(env_dir);

		add_stat(in.h, "helper", "/proc/self/exe");
		add(in.h, "cwd", in.cwd);
		add(in.h, "env", env);
		add(in.h, "prompt", o->prompt);
		add_list(in.h, "build-paths", &o->build_paths);
		free(env);
	}
	add(in.h, "python", py->path);
	add(in.h, "version", py->version);
	add_stat(in.h, "executable", py->real_executable);
	/* (a depfile is never empty: CMake drops an empty one, and Ninja then
	 * reruns the command every time) */
	depends(&in, py->real_executable);
	for (size_t i = 0; i < py->nwheels; i++)
		add_stat(in.h, "wheel", py->wheels[i].path);
	snprintf(flag_text, sizeof(flag_text),
		 "site=%d symlinks=%d pip=%d upgrade-deps=%d scm-ignore=%d installer=%s compile=%d",
		 o->system_site_packages, o->symlinks, o->with_pip, o->upgrade_deps, o->scm_ignore,
		 installer_name(o->installer), o->compile_bytecode);
	add(in.h, "flags", flag_text);
	add_packages(&in, &o->packages);
	add_list(in.h, "pip-args", &o->pip_args);
	add(in.h, "template", o->template_archive);
	if (o->template_archive) {
		add_stat(in.h, "template-file", o->template_archive);
		depends(&in, o->template_archive);
	}
	add(in.h, "requirements", NULL);
	for (size_t i = 0; i < o->requirements.n && !ret; i++)
		ret = add_requirement_file(&in, o->requirements.v[i], 0);
	if (!ret) {
		inputs_find_links(&o->pip_args, add_listing, &in);
		add_pip_environment(in.h);
	}
	hash_final(in.h, digest);
	free(in.cwd);
	if (ret)
		return -1;
	hash_hex(&out, digest, HASH_LEN);
	memcpy(hex, out.buf, INPUTS_HEX_LEN);
	strbuf_release(&out);
	return 0;
}
