/*
 * template: pack an environment into a relocatable archive, and extract one.
 */
#include "template.h"

#include "cfg.h"
#include "fsutil.h"
#include "interrupt.h"
#include "msg.h"
#include "outfile.h"
#include "strbuf.h"
#include "version.h"

#include <archive.h>
#include <archive_entry.h>
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define META_MAX (16 << 20)
#define ENTRIES_MAX 1000000
#define BLOCK (64 * 1024)

void template_meta_release(struct template_meta *m)
{
	free(m->prefix);
	free(m->python);
	free(m->version);
	free(m->real_executable);
	free(m->created_by);
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	memset(m, 0, sizeof(*m));
}

/* --- a sorted walk of the environment ------------------------------------ */

struct paths {
	char **v;
	size_t n, alloc;
};

static void paths_add(struct paths *p, char *path)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 256;
		p->v = xrealloc(p->v, p->alloc * sizeof(*p->v));
	}
	p->v[p->n++] = path;
}

static void paths_release(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* Files an environment has that a template must not carry. */
static int excluded(const char *rel)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	return !strcmp(rel, ".pyvenv-stamp") || !strcmp(base, "_pyvenv_build_paths.pth");
}

/* Appends every entry below root/rel (relative names), directories first. */
static int walk(const char *root, const char *rel, struct paths *out)
{
	char *dir = *rel ? fs_join(root, rel) : xstrdup(root);
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort), ret = 0;

	if (n < 0) {
		ret = error_errno("cannot read '%s'", dir);
		free(dir);
		return ret;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		char *child, *full;
		struct stat st;

		if (ret || !strcmp(name, ".") || !strcmp(name, "..")) {
			free(list[i]);
			continue;
		}
		child = *rel ? xstrfmt("%s/%s", rel, name) : xstrdup(name);
		free(list[i]);
		if (excluded(child)) {
			free(child);
			continue;
		}
		full = fs_join(root, child);
		if (lstat(full, &st)) {
			ret = error_errno("cannot examine '%s'", full);
		} else if (S_ISDIR(st.st_mode)) {
			paths_add(out, xstrdup(child));
			ret = walk(root, child, out);
		} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
			paths_add(out, xstrdup(child));
		} else {
			ret = error("'%s' is neither a file, a directory nor a symbolic link: "
				    "a template cannot hold it", full);
		}
		free(full);
		free(child);
	}
	free(list);
	free(dir);
	return ret;
}

/* --- what a template must not depend on ---------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
	const size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Is path outside the directory env? */
static int outside(const char *env, const char *path)
{
	const size_t n = strlen(env);

	return strncmp(path, env, n) || (path[n] && path[n] != '/');
}

static int pth_error(const char *path, const char *line)
{
	error("'%s' puts '%s' on sys.path, outside the environment: a template "
	      "cannot carry it", path, line);
	hint("install that project without -e, or give its directory to create "
	     "with --build-path (build paths are not part of templates)");
	return -1;
}

/* A .pth line naming a directory outside the environment (not an import). */
static int check_pth(const char *env, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return error_errno("cannot read '%s'", path);
	}
	for (char *line = sb.buf, *next; line && *line && !ret; line = next) {
		char *nl = strchr(line, '\n');

		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (!*line || *line == '#' || !strncmp(line, "import", 6))
			continue;
		/* As site does: relative to the .pth file's directory, and only
		 * if it exists. */
		if (*line != '/') {
			char *dir = fs_dirname(path), *joined = fs_join(dir, line);
			char *real = realpath(joined, NULL);

			free(dir);
			free(joined);
			if (!real)
				continue;
			ret = outside(env, real) ? pth_error(path, line) : 0;
			free(real);
			continue;
		}
		if (outside(env, line))
			ret = pth_error(path, line);
	}
	strbuf_release(&sb);
	return ret;
}

static int check_direct_url(const char *path)
{
	json_t *root = json_load_file(path, 0, NULL);
	int editable = json_is_true(json_object_get(json_object_get(root, "dir_info"), "editable"));
	const char *url = json_string_value(json_object_get(root, "url"));
	int ret = 0;

	if (editable) {
		error("'%s' is an editable install of '%s': a template cannot carry it",
		      path, url ? url : "a local project");
		hint("install the project without -e before packing");
		ret = -1;
	}
	json_decref(root);
	return ret;
}

/* 1 if the file holds prefix, 0 if not, -1 on error. */
static int holds(const char *path, const char *prefix)
{
	struct strbuf sb = STRBUF_INIT;
	int found;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return error_errno("cannot read '%s'", path);
	}
	found = memmem(sb.buf, sb.len, prefix, strlen(prefix)) != NULL;
	strbuf_release(&sb);
	return found;
}

/* Checks the files and lists those that hold the prefix. */
static int scan(const char *env, const struct paths *all, struct paths *prefix_files)
{
	for (size_t i = 0; i < all->n; i++) {
		const char *rel = all->v[i];
		char *full = fs_join(env, rel);
		struct stat st;
		int r = 0;

		if (!lstat(full, &st) && S_ISREG(st.st_mode)) {
			if (has_suffix(rel, ".pth") && strstr(rel, "site-packages/"))
				r = check_pth(env, full);
			else if (has_suffix(rel, ".dist-info/direct_url.json"))
				r = check_direct_url(full);
			/* Python rewrites the names in its compiled files as it
			 * loads them: those need no relocation. */
			if (!r && !strstr(rel, "__pycache__/") && !has_suffix(rel, ".pyc")) {
				r = holds(full, env);
				if (r > 0)
					paths_add(prefix_files, xstrdup(rel));
			}
		}
		free(full);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* --- metadata ------------------------------------------------------------ */

static char *meta_json(const char *env, const struct pyinfo *py, const struct paths *prefix_files)
{
	struct strbuf v = STRBUF_INIT;
	char *path = fs_join(env, "pyvenv.cfg"), *text;
	char *python = xstrfmt("%s/%s/python", env, py->scripts_dir);
	char *gitignore = fs_join(env, ".gitignore");
	char *purelib = fs_join(env, py->purelib);
	json_t *root = json_object(), *files = json_array();
	struct stat st;
	int with_pip = 0;
	DIR *d;

	if ((d = opendir(purelib))) {
		struct dirent *e;

		while ((e = readdir(d)))
			with_pip |= !strncmp(e->d_name, "pip-", 4) && has_suffix(e->d_name, ".dist-info");
		closedir(d);
	}
	json_object_set_new(root, "format", json_integer(TEMPLATE_FORMAT));
	json_object_set_new(root, "created_by", json_string("pyvenv " PYVENV_VERSION));
	json_object_set_new(root, "prefix", json_string(env));
	json_object_set_new(root, "python", json_string(py->path));
	json_object_set_new(root, "version", json_string(py->version));
	json_object_set_new(root, "real_executable", json_string(py->real_executable));
	json_object_set_new(root, "symlinks", json_boolean(!lstat(python, &st) && S_ISLNK(st.st_mode)));
	json_object_set_new(root, "system_site_packages",
			    json_boolean(cfg_read(path, "include-system-site-packages", &v) > 0 &&
					 !strcasecmp(v.buf, "true")));
	json_object_set_new(root, "with_pip", json_boolean(with_pip));
	json_object_set_new(root, "scm_ignore", json_boolean(fs_exists(gitignore)));
	for (size_t i = 0; i < prefix_files->n; i++)
		json_array_append_new(files, json_string(prefix_files->v[i]));
	json_object_set_new(root, "prefix_files", files);
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	strbuf_release(&v);
	free(path);
	free(python);
	free(gitignore);
	free(purelib);
	return text;
}

/* A name from an archive that stays inside the directory it is put in. */
static int safe_name(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/' || strlen(name) >= PATH_MAX)
		return 0;
	while (*p) {
		const char *slash = strchrnul(p, '/');
		const size_t len = (size_t)(slash - p);

		if (!len || (len == 1 && *p == '.') || (len == 2 && !strncmp(p, "..", 2)))
			return 0;
		p = *slash ? slash + 1 : slash;
	}
	return 1;
}

/*
 * A symbolic link that leads nowhere outside the directory it is put in:
 * its target stays inside (relative, climbing with leading ".." components
 * no higher than that directory, as lib64 -> lib), or it names something
 * outside that exists and is not a directory (bin/python -> the
 * interpreter). So no path below the destination goes outside it, and
 * nothing written there, when extracting or when relocating, lands outside.
 */
static int safe_link(const char *name, const char *target)
{
	int depth = 0, climbing = 1;
	struct stat st;

	if (!*target)
		return 0;
	if (*target == '/')
		return !stat(target, &st) && !S_ISDIR(st.st_mode);
	for (const char *p = name; *p; p++)
		depth += *p == '/';
	for (const char *p = target; *p;) {
		const size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (!climbing || --depth < 0)
				return 0;
		} else if (len && !(len == 1 && p[0] == '.')) {
			climbing = 0;
		}
		p += len + (p[len] == '/');
	}
	return 1;
}

static char *get_string(json_t *obj, const char *key, int required, int *bad)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (required || v)
		*bad = 1;
	return NULL;
}

int template_parse_meta(const char *text, size_t len, struct template_meta *m, const char *archive)
{
	json_error_t jerr;
	json_t *root, *files, *f;
	int bad;
	size_t i;

	assert(text && m && archive);
	root = json_loadb(text, len, 0, &jerr);
	bad = !json_is_object(root);
	memset(m, 0, sizeof(*m));
	if (!bad) {
		const json_int_t format = json_integer_value(json_object_get(root, "format"));

		m->format = format >= INT_MIN && format <= INT_MAX ? (int)format : -1;
		m->prefix = get_string(root, "prefix", 1, &bad);
		m->python = get_string(root, "python", 1, &bad);
		m->version = get_string(root, "version", 1, &bad);
		m->real_executable = get_string(root, "real_executable", 1, &bad);
		m->created_by = get_string(root, "created_by", 0, &bad);
		m->symlinks = json_is_true(json_object_get(root, "symlinks"));
		m->system_site_packages = json_is_true(json_object_get(root, "system_site_packages"));
		m->with_pip = json_is_true(json_object_get(root, "with_pip"));
		m->scm_ignore = json_is_true(json_object_get(root, "scm_ignore"));
		files = json_object_get(root, "prefix_files");
		bad |= !json_is_array(files);
		m->files = xcalloc(json_array_size(files) + 1, sizeof(*m->files));
		json_array_foreach(files, i, f) {
			const char *name = json_string_value(f);

			/* Files: a name ending with '/' could only be a directory. */
			if (!name || !safe_name(name) || name[strlen(name) - 1] == '/') {
				bad = 1;
				break;
			}
			m->files[m->nfiles++] = xstrdup(name);
		}
	}
	json_decref(root);
	if (!bad && m->format != TEMPLATE_FORMAT) {
		error("'%s' is a template of format %d; this pyvenv reads format %d", archive,
		      m->format, TEMPLATE_FORMAT);
		hint("pack it again with this pyvenv");
		return -1;
	}
	if (bad || m->prefix[0] != '/') {
		error("'%s' has broken template metadata", archive);
		return -1;
	}
	return 0;
}

/* --- writing ------------------------------------------------------------- */

/*
 * libarchive's pax writer calls this internal helper, which lives in the
 * object file that also holds libarchive's table of every write format, xar
 * among them. Linked statically, that table would bring in libxml2, ICU and
 * libstdc++, and with them some 10 ms of start-up to every pyvenv command.
 * Defining the helper here keeps that object out. It does what libarchive's
 * does: set the archive's error. It is only reached for file types a
 * template never holds (walk() refuses them first).
 */
void __archive_write_entry_filetype_unsupported(struct archive *a, struct archive_entry *entry,
						const char *format);
void __archive_write_entry_filetype_unsupported(struct archive *a, struct archive_entry *entry,
						const char *format)
{
	archive_set_error(a, EINVAL, "%s: %s format cannot archive this file type",
			  archive_entry_pathname(entry), format);
}

static int set_format(struct archive *a, const char *archive)
{
	archive_write_set_format_pax_restricted(a);
	if (has_suffix(archive, ".tar.zst") || has_suffix(archive, ".tzst")) {
		archive_write_add_filter_zstd(a);
		/* Where this libarchive has it; a plain zstd stream otherwise. */
		if (archive_write_set_filter_option(a, "zstd", "threads", "0") != ARCHIVE_OK)
			verbose("this libarchive compresses zstd in one thread");
	} else if (has_suffix(archive, ".tar.gz") || has_suffix(archive, ".tgz")) {
		archive_write_add_filter_gzip(a);
	} else if (has_suffix(archive, ".tar.xz") || has_suffix(archive, ".txz")) {
		archive_write_add_filter_xz(a);
		if (archive_write_set_filter_option(a, "xz", "threads", "0") != ARCHIVE_OK)
			verbose("this libarchive compresses xz in one thread");
	} else {
		error("cannot tell the format of '%s' from its name", archive);
		hint("name it .tar.zst (zstd, the default), .tar.gz or .tar.xz");
		return -1;
	}
	return 0;
}

/*
 * Reports what failed in a: "<what>: <libarchive's message>", and the
 * system's reason with its hint when libarchive has one its message does
 * not say ("Write failed: No space left on device"). Returns -1.
 */
static int archive_failed(struct archive *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int archive_failed(struct archive *a, const char *fmt, ...)
{
	const char *msg = archive_error_string(a);
	const int err = archive_errno(a);
	struct strbuf what = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	if (!msg)
		msg = "unknown error";
	if (err > 0 && !strstr(msg, strerror(err))) {
		errno = err;
		error_errno("%s: %s", what.buf, msg);
	} else {
		error("%s: %s", what.buf, msg);
	}
	strbuf_release(&what);
	return -1;
}

static int write_entry(struct archive *a, const char *env, const char *rel)
{
	char *full = fs_join(env, rel);
	struct archive_entry *e = archive_entry_new();
	struct stat st;
	int ret = 0, fd = -1;

	if (lstat(full, &st)) {
		ret = error_errno("cannot examine '%s'", full);
		goto out;
	}
	archive_entry_copy_stat(e, &st);
	/* Permission bits only: set-uid, set-gid and sticky bits are refused
	 * when unpacking. */
	archive_entry_set_perm(e, st.st_mode & 0777);
	archive_entry_set_pathname(e, rel);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_nlink(e, 1);
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(full, target, sizeof(target) - 1);

		if (n < 0) {
			ret = error_errno("cannot read the link '%s'", full);
			goto out;
		}
		target[n] = '\0';
		archive_entry_set_symlink(e, target);
		archive_entry_set_size(e, 0);
	} else if (!S_ISREG(st.st_mode)) {
		archive_entry_set_size(e, 0);
	}
	if (S_ISREG(st.st_mode) && (fd = open(full, O_RDONLY | O_CLOEXEC)) < 0) {
		ret = error_errno("cannot open '%s'", full);
		goto out;
	}
	if (archive_write_header(a, e) != ARCHIVE_OK) {
		ret = archive_failed(a, "cannot add '%s' to the archive", full);
		goto out;
	}
	if (fd >= 0) {
		char buf[BLOCK];
		ssize_t n;

		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			if (archive_write_data(a, buf, (size_t)n) != n) {
				ret = archive_failed(a, "cannot write '%s' to the archive", full);
				goto out;
			}
		}
		if (n < 0)
			ret = error_errno("cannot read '%s'", full);
	}
out:
	if (fd >= 0)
		close(fd);
	archive_entry_free(e);
	free(full);
	return ret;
}

static int write_meta(struct archive *a, const char *text, time_t mtime)
{
	struct archive_entry *e = archive_entry_new();
	const size_t len = strlen(text);
	int ret = 0;

	archive_entry_set_pathname(e, TEMPLATE_META_NAME);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, mtime, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, text, len) != (la_ssize_t)len)
		ret = archive_failed(a, "cannot write the template metadata");
	archive_entry_free(e);
	return ret;
}

int template_pack(const char *env_arg, const char *archive, const struct pyinfo *py)
{
	struct paths all = { 0 }, prefix_files = { 0 };
	char *env = fs_abspath(env_arg), *cfg = NULL, *meta = NULL;
	struct outfile out = OUTFILE_INIT;
	struct archive *a = NULL;
	struct stat st;
	int ret = -1;

	if (!env)
		return -1;
	cfg = fs_join(env, "pyvenv.cfg");
	if (stat(cfg, &st)) {
		error("'%s' is not a virtual environment (it has no pyvenv.cfg)", env_arg);
		goto out;
	}
	if (walk(env, "", &all) || scan(env, &all, &prefix_files))
		goto out;
	meta = meta_json(env, py, &prefix_files);
	{
		char *parent = fs_dirname(archive);
		int r = fs_mkdir_p(parent, 0777);

		free(parent);
		if (r)
			goto out;
	}
	a = archive_write_new();
	if (set_format(a, archive) || outfile_open(&out, archive, 0644))
		goto out;
	if (archive_write_open_fd(a, out.fd) != ARCHIVE_OK) {
		archive_failed(a, "cannot write '%s'", archive);
		goto out;
	}
	if (write_meta(a, meta, st.st_mtime))
		goto out;
	for (size_t i = 0; i < all.n; i++)
		if (interrupt_pending() || write_entry(a, env, all.v[i]))
			goto out;
	if (archive_write_close(a) != ARCHIVE_OK) {
		archive_failed(a, "cannot finish '%s'", archive);
		goto out;
	}
	if (outfile_commit(&out))
		goto out;
	verbose("packed %zu entries (%zu hold the prefix) into '%s'", all.n, prefix_files.n, archive);
	ret = 0;
out:
	if (a)
		archive_write_free(a);
	outfile_release(&out);
	free(meta);
	free(cfg);
	free(env);
	paths_release(&all);
	paths_release(&prefix_files);
	return ret;
}

/* --- reading ------------------------------------------------------------- */

struct reader {
	int fd;
	struct hash_ctx *hash; /* NULL: not checked */
	char buf[BLOCK];
};

static la_ssize_t read_cb(struct archive *a, void *data, const void **block)
{
	struct reader *r = data;
	ssize_t n;

	do
		n = read(r->fd, r->buf, sizeof(r->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	if (r->hash && n > 0)
		hash_update(r->hash, r->buf, (size_t)n);
	*block = r->buf;
	return n;
}

/* What went wrong reading a: libarchive does not always say. */
static const char *read_error(struct archive *a)
{
	const char *msg = archive_error_string(a);

	return msg ? msg : "unknown error";
}

/* A reader of the formats templates come in. */
static struct archive *reader_new(void)
{
	struct archive *a = archive_read_new();

	archive_read_support_format_tar(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	return a;
}

/* Reports that a, which could not be opened, is not an archive; frees a. */
static void open_failed(struct archive *a, const char *archive)
{
	error("cannot read '%s': %s", archive, read_error(a));
	hint("a template is a .tar.zst, .tar.gz or .tar.xz made by `pyvenv pack`");
	archive_read_free(a);
}

static struct archive *open_archive(const char *path, struct reader *r, int check)
{
	struct archive *a;

	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	r->hash = NULL;
	if (r->fd < 0) {
		error_errno("cannot open '%s'", path);
		return NULL;
	}
	if (check)
		r->hash = hash_new();
	a = reader_new();
	if (archive_read_open(a, r, NULL, read_cb, NULL) != ARCHIVE_OK) {
		open_failed(a, path);
		return NULL;
	}
	return a;
}

static void close_reader(struct reader *r)
{
	if (r->hash) {
		unsigned char d[HASH_LEN];

		hash_final(r->hash, d);
		r->hash = NULL;
	}
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Reads the first member, which must be the metadata. */
static int read_meta(struct archive *a, const char *archive, struct template_meta *m)
{
	struct archive_entry *e;
	struct strbuf text = STRBUF_INIT;
	la_int64_t size;
	int r = archive_read_next_header(a, &e), ret;

	if (r != ARCHIVE_OK) {
		error("cannot read '%s': %s", archive, r == ARCHIVE_EOF ? "it is empty" : read_error(a));
		return -1;
	}
	size = archive_entry_size(e);
	if (strcmp(archive_entry_pathname(e), TEMPLATE_META_NAME) || archive_entry_filetype(e) != AE_IFREG ||
	    size <= 0 || size > META_MAX) {
		error("'%s' is not a pyvenv template (it does not start with %s)", archive, TEMPLATE_META_NAME);
		hint("make templates with `pyvenv pack ENV_DIR ARCHIVE`");
		return -1;
	}
	strbuf_grow(&text, (size_t)size);
	if (archive_read_data(a, text.buf, (size_t)size) != (la_ssize_t)size) {
		strbuf_release(&text);
		return error("cannot read the metadata of '%s': %s", archive, read_error(a));
	}
	ret = template_parse_meta(text.buf, (size_t)size, m, archive);
	strbuf_release(&text);
	return ret;
}

int template_read_meta(const char *archive, struct template_meta *meta)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	struct archive *a = open_archive(archive, r, 0);
	int ret = -1;

	if (a) {
		ret = read_meta(a, archive, meta);
		if (ret)
			template_meta_release(meta);
		archive_read_free(a);
	}
	close_reader(r);
	free(r);
	return ret;
}

static int copy_data(struct archive *in, struct archive *out, const char *archive, const char *name)
{
	const void *buf;
	size_t size;
	la_int64_t offset;
	int r;

	while ((r = archive_read_data_block(in, &buf, &size, &offset)) == ARCHIVE_OK) {
		if (archive_write_data_block(out, buf, size, offset) != ARCHIVE_OK)
			return archive_failed(out, "cannot write '%s'", name);
	}
	if (r != ARCHIVE_EOF)
		return error("cannot read '%s' from '%s': %s", name, archive, read_error(in));
	return 0;
}

/* One member, into the current directory (the destination). */
static int extract_entry(struct archive *in, struct archive *out, struct archive_entry *e,
			 const char *archive, json_t *seen)
{
	const char *raw = archive_entry_pathname(e), *target = archive_entry_symlink(e);
	const mode_t type = archive_entry_filetype(e);
	char *name = xstrdup(raw ? raw : ""), *key;
	json_t *prev;
	int ret = 0;

	if (!safe_name(name))
		ret = error("'%s' holds an unsafe name '%s': refusing it", archive, name);
	else if (archive_entry_hardlink(e))
		ret = error("'%s' holds a hard link '%s': templates have none", archive, name);
	else if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK)
		ret = error("'%s' holds '%s', which is not a file, directory or symbolic link", archive, name);
	else if (!strcmp(name, TEMPLATE_META_NAME))
		ret = error("'%s' holds a second %s", archive, TEMPLATE_META_NAME);
	else if (type == AE_IFLNK && !safe_link(name, target ? target : ""))
		ret = error("'%s' holds a symbolic link '%s' to '%s', which leads outside the environment%s: "
			    "refusing it", archive, name, target ? target : "",
			    target && *target == '/' && !fs_exists(target) ? " to nothing (a template from "
			    "another machine?)" : "");
	else if (archive_entry_mode(e) & 07000)
		ret = error("'%s' holds '%s' with a set-uid, set-gid or sticky bit: refusing it", archive, name);
	if (ret) {
		free(name);
		return ret;
	}
	/* Each path once: a second member would replace the first, or be
	 * dropped, depending on its type. Only a directory may come again
	 * (as a directory): that changes nothing below it. */
	key = xstrndup(name, strlen(name) - (name[strlen(name) - 1] == '/'));
	if ((prev = json_object_get(seen, key)) && (type != AE_IFDIR || json_integer_value(prev) != AE_IFDIR))
		ret = error("'%s' holds '%s' twice: refusing it", archive, key);
	else if (!prev)
		json_object_set_new_nocheck(seen, key, json_integer(type));
	free(key);
	if (ret) {
		free(name);
		return ret;
	}
	archive_entry_set_perm(e, archive_entry_perm(e) & 0777);
	archive_entry_set_uid(e, getuid());
	archive_entry_set_gid(e, getgid());
	if (archive_write_header(out, e) != ARCHIVE_OK)
		ret = archive_failed(out, "cannot extract '%s' from '%s'", name, archive);
	else if (type == AE_IFREG)
		ret = copy_data(in, out, archive, name);
	if (!ret && archive_write_finish_entry(out) != ARCHIVE_OK)
		ret = archive_failed(out, "cannot extract '%s' from '%s'", name, archive);
	free(name);
	return ret;
}

/* Every file the metadata names is there, as a regular file. */
static int check_listed(const struct template_meta *m, const char *dest, const char *archive)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		char *full = fs_join(dest, m->files[i]);
		struct stat st;
		int ok = !lstat(full, &st) && S_ISREG(st.st_mode);

		free(full);
		if (!ok)
			return error("the metadata of '%s' names '%s', which the archive does not hold",
				     archive, m->files[i]);
	}
	return 0;
}

/*
 * Reads the metadata from a (open, nothing read yet) into meta and extracts
 * every other member into dest. The working directory is dest meanwhile, so
 * that the checks on names and links apply below dest only, not to its
 * parents; it is restored before returning.
 */
static int extract_members(struct archive *a, const char *archive, const char *dest,
			   struct template_meta *meta)
{
	struct archive *out;
	struct archive_entry *e;
	json_t *seen;
	size_t count = 0;
	int ret = -1, st, cwd;

	if (read_meta(a, archive, meta))
		return -1;
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0 || chdir(dest)) {
		error_errno("cannot enter '%s'", dest);
		if (cwd >= 0)
			close(cwd);
		return -1;
	}
	seen = json_object();
	out = archive_write_disk_new();
	archive_write_disk_set_options(out, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
					    ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
					    ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_NO_OVERWRITE);
	while ((st = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		if (interrupt_pending())
			goto out;
		if (++count > ENTRIES_MAX) {
			error("'%s' holds more than %d entries: refusing it", archive, ENTRIES_MAX);
			goto out;
		}
		if (extract_entry(a, out, e, archive, seen))
			goto out;
	}
	if (st != ARCHIVE_EOF) {
		error("cannot read '%s': %s", archive, read_error(a));
		goto out;
	}
	if (archive_write_close(out) != ARCHIVE_OK) {
		archive_failed(out, "cannot finish extracting '%s'", archive);
		goto out;
	}
	ret = 0;
out:
	archive_write_free(out);
	json_decref(seen);
	if (fchdir(cwd))
		ret = error_errno("cannot return to the working directory");
	close(cwd);
	return ret;
}

int template_extract(const char *archive, const char *dest, struct template_meta *meta,
		     const unsigned char *expect)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	struct archive *a = open_archive(archive, r, expect != NULL);
	int ret = -1;

	memset(meta, 0, sizeof(*meta));
	if (!a || extract_members(a, archive, dest, meta))
		goto out;
	if (expect) {
		unsigned char got[HASH_LEN];
		ssize_t n;

		/* The whole file, padding after the end of the tar included. */
		while ((n = read(r->fd, r->buf, sizeof(r->buf))) > 0)
			hash_update(r->hash, r->buf, (size_t)n);
		hash_final(r->hash, got);
		r->hash = NULL;
		if (memcmp(got, expect, HASH_LEN)) {
			error("'%s' does not match its recorded digest (damaged or changed)", archive);
			goto out;
		}
	}
	ret = check_listed(meta, dest, archive);
out:
	if (a)
		archive_read_free(a);
	close_reader(r);
	free(r);
	if (ret)
		template_meta_release(meta);
	return ret;
}

int template_extract_memory(const void *data, size_t len, const char *name, const char *dest,
			    struct template_meta *meta)
{
	struct archive *a = reader_new();
	int ret;

	assert(data && name && dest && meta);
	memset(meta, 0, sizeof(*meta));
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		open_failed(a, name);
		return -1;
	}
	ret = extract_members(a, name, dest, meta);
	if (!ret)
		ret = check_listed(meta, dest, name);
	archive_read_free(a);
	if (ret)
		template_meta_release(meta);
	return ret;
}

int template_check_python(const struct template_meta *m, const struct pyinfo *py, const char *archive)
{
	if (strcmp(m->version, py->version) || strcmp(m->real_executable, py->real_executable)) {
		error("'%s' was made for Python %s (%s), not for Python %s (%s)", archive, m->version,
		      m->real_executable, py->version, py->real_executable);
		hint("create the environment with that interpreter (--python), or without the template");
		return -1;
	}
	return 0;
}

void template_opts(const struct template_meta *m, struct venv_opts *o)
{
	struct venv_opts init = VENV_OPTS_INIT;

	*o = init;
	o->symlinks = m->symlinks;
	o->system_site_packages = m->system_site_packages;
	o->with_pip = m->with_pip;
	o->scm_ignore = m->scm_ignore;
}
