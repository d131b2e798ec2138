/*
 * template_pack: a sorted walk of the environment, the checks that it
 * depends on nothing outside itself, the metadata, and the archive.
 */
#include "template.h"
#include "template_int.h"

#include "cfg.h"
#include "interrupt.h"
#include "outfile.h"
#include "version.h"
#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "strbuf.h"

#include "archive_lib.h"
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

#define BLOCK (64 * 1024)

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

/* Reads the file at path once: its SHA-256 (hex) goes to digests under
 * rel; returns 1 if it holds prefix (prefix NULL: not looked for), 0 if
 * not, -1 on error. */
static int read_file(const char *path, const char *rel, const char *prefix, json_t *digests)
{
	struct strbuf sb = STRBUF_INIT, hex = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	int found;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return error_errno("cannot read '%s'", path);
	}
	hash_buffer(sb.buf, sb.len, digest);
	hash_hex(&hex, digest, HASH_LEN);
	json_object_set_new(digests, rel, json_string(hex.buf));
	found = prefix && memmem(sb.buf, sb.len, prefix, strlen(prefix)) != NULL;
	strbuf_release(&sb);
	strbuf_release(&hex);
	return found;
}

/* Checks the files, lists those that hold the prefix and hashes each. */
static int scan(const char *env, const struct paths *all, struct paths *prefix_files, json_t *digests)
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
			if (!r) {
				const int compiled = strstr(rel, "__pycache__/") || has_suffix(rel, ".pyc");

				r = read_file(full, rel, compiled ? NULL : env, digests);
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

/* --- writing ------------------------------------------------------------- */

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
		ret = template_archive_failed(a, "cannot add '%s' to the archive", full);
		goto out;
	}
	if (fd >= 0) {
		char buf[BLOCK];
		ssize_t n;

		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			if (archive_write_data(a, buf, (size_t)n) != n) {
				ret = template_archive_failed(a, "cannot write '%s' to the archive", full);
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

static int write_meta(struct archive *a, const char *name, const char *text, time_t mtime)
{
	struct archive_entry *e = archive_entry_new();
	const size_t len = strlen(text);
	int ret = 0;

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, mtime, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, text, len) != (la_ssize_t)len)
		ret = template_archive_failed(a, "cannot write the template metadata");
	archive_entry_free(e);
	return ret;
}

int template_pack(const char *env_arg, const char *archive, const struct pyinfo *py)
{
	struct paths all = { 0 }, prefix_files = { 0 };
	char *env = fs_abspath(env_arg), *cfg = NULL, *meta = NULL, *digests_text = NULL;
	json_t *digests = json_object();
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
	if (walk(env, "", &all) || scan(env, &all, &prefix_files, digests))
		goto out;
	meta = meta_json(env, py, &prefix_files);
	digests_text = json_dumps(digests, JSON_COMPACT);
	if (strlen(meta) > TEMPLATE_META_MAX || strlen(digests_text) > TEMPLATE_META_MAX) {
		error("'%s' has too many files for a template (%zu entries)", env_arg, all.n);
		goto out;
	}
	{
		char *parent = fs_dirname(archive);
		int r = fs_mkdir_p(parent, 0777);

		free(parent);
		if (r)
			goto out;
	}
	if (archive_lib_load())
		goto out;
	a = archive_write_new();
	if (set_format(a, archive) || outfile_open(&out, archive, 0644))
		goto out;
	if (archive_write_open_fd(a, out.fd) != ARCHIVE_OK) {
		template_archive_failed(a, "cannot write '%s'", archive);
		goto out;
	}
	if (write_meta(a, TEMPLATE_META_NAME, meta, st.st_mtime) ||
	    write_meta(a, TEMPLATE_DIGESTS_NAME, digests_text, st.st_mtime))
		goto out;
	for (size_t i = 0; i < all.n; i++)
		if (interrupt_pending() || write_entry(a, env, all.v[i]))
			goto out;
	if (archive_write_close(a) != ARCHIVE_OK) {
		template_archive_failed(a, "cannot finish '%s'", archive);
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
	json_decref(digests);
	free(digests_text);
	return ret;
}

