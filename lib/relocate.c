/*
 * relocate: moves an environment's files from one prefix to another.
 *
 * Files are replaced (written beside, renamed over), never written into,
 * so a file hard-linked from the template cache is never changed through
 * its link; those that change keep their modes and modification times, and
 * the RECORD rows that list them get their new sizes and hashes.
 */
#include "relocate.h"

#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "record.h"
#include "script.h"
#include "strbuf.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int starts_with_shebang(const char *path)
{
	char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int yes = fd >= 0 && read(fd, magic, 2) == 2 && magic[0] == '#' && magic[1] == '!';

	if (fd >= 0)
		close(fd);
	return yes;
}

/* One script: returns 1 if rewritten (digest/size set), 0 if left, -1 on error. */
static int relocate_one(const char *path, const char *old_prefix, const char *new_prefix,
			unsigned char digest[HASH_LEN], size_t *size)
{
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	if (lstat(path, &st) || !S_ISREG(st.st_mode) || !starts_with_shebang(path))
		return 0;
	if (strbuf_read_file(&data, path)) {
		strbuf_release(&data);
		return error_errno("cannot read '%s'", path);
	}
	if (script_relocate(&out, data.buf, data.len, old_prefix, new_prefix)) {
		ret = fs_replace_file(path, out.buf, out.len, st.st_mode & 07777) ? -1 : 1;
		if (ret == 1) {
			hash_buffer(out.buf, out.len, digest);
			*size = out.len;
		}
	}
	strbuf_release(&data);
	strbuf_release(&out);
	return ret;
}

/* Updates the rows of one RECORD file that name a moved file. */
static int update_record(const char *record, const struct record_update *moved, size_t n)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&in, record)) {
		strbuf_release(&in);
		return error_errno("cannot read '%s'", record);
	}
	if (record_rewrite(&out, in.buf, in.len, moved, n))
		ret = fs_replace_file(record, out.buf, out.len, 0644);
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}

/* Updates the rows naming moved files in every RECORD under site_packages. */
static int update_records(const char *site_packages, const struct record_update *moved, size_t n)
{
	DIR *d = opendir(site_packages);
	struct dirent *e;
	int ret = 0;

	while (n && !ret && d && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);

		if (len > 10 && !strcmp(e->d_name + len - 10, ".dist-info")) {
			char *record = xstrfmt("%s/%s/RECORD", site_packages, e->d_name);

			if (fs_exists(record))
				ret = update_record(record, moved, n);
			free(record);
		}
	}
	if (d)
		closedir(d);
	return ret;
}

size_t relocate_replace_prefix(struct strbuf *out, const char *data, size_t len, const char *old_prefix,
			   const char *new_prefix)
{
	const size_t olen = strlen(old_prefix);
	const char *p, *hit;
	size_t n = 0;

	assert(olen);
	for (p = data; (hit = memmem(p, len - (size_t)(p - data), old_prefix, olen)); p = hit + olen, n++) {
		strbuf_add(out, p, (size_t)(hit - p));
		strbuf_addstr(out, new_prefix);
	}
	strbuf_add(out, p, len - (size_t)(p - data));
	return n;
}

/* Replaces every old_prefix in one file: 1 if changed, 0 if not, -1 on error. */
static int replace_prefix(const char *path, const char *old_prefix, const char *new_prefix,
			  unsigned char digest[HASH_LEN], size_t *size)
{
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	if (lstat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	if (strbuf_read_file(&data, path) < 0) {
		strbuf_release(&data);
		return error_errno("cannot read '%s'", path);
	}
	if (relocate_replace_prefix(&out, data.buf, data.len, old_prefix, new_prefix)) {
		const struct timespec times[2] = { st.st_atim, st.st_mtim };

		ret = fs_replace_file(path, out.buf, out.len, st.st_mode & 07777) ? -1 : 1;
		/* The time it had, so compiled files of it stay valid. */
		if (ret == 1 && utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW))
			ret = error_errno("cannot set the time of '%s'", path);
		if (ret == 1) {
			hash_buffer(out.buf, out.len, digest);
			*size = out.len;
		}
	}
	strbuf_release(&data);
	strbuf_release(&out);
	return ret;
}

/*
 * A rewritten module keeps its time, and may keep its size: its compiled
 * files would still look valid and run the old text. They go.
 */
static void remove_compiled(const char *path)
{
	const size_t len = strlen(path);
	char *dir, *base, *cache;
	DIR *d;
	struct dirent *e;

	if (len < 3 || strcmp(path + len - 3, ".py"))
		return;
	dir = fs_dirname(path);
	base = fs_basename(path);
	base[strlen(base) - 2] = '\0'; /* "mod." */
	cache = fs_join(dir, "__pycache__");
	if ((d = opendir(cache))) {
		while ((e = readdir(d))) {
			const size_t n = strlen(e->d_name);

			if (!strncmp(e->d_name, base, strlen(base)) && n > 4 && !strcmp(e->d_name + n - 4, ".pyc")) {
				char *pyc = fs_join(cache, e->d_name);

				unlink(pyc);
				free(pyc);
			}
		}
		closedir(d);
	}
	free(cache);
	free(base);
	free(dir);
}

int relocate_tree(const char *root, const struct pyinfo *py, const char *old_prefix,
		  const char *new_prefix, char *const *files, size_t nfiles)
{
	char *bin = fs_join(root, py->scripts_dir), *purelib = fs_join(root, py->purelib);
	char *bin_prefix = xstrfmt("%s/", py->scripts_dir);
	struct record_update *moved = xcalloc(nfiles + 1, sizeof(*moved));
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; i < nfiles && !ret; i++) {
		char *path = fs_join(root, files[i]);
		int r;

		/* Scripts are moved below, interpreter line and all. */
		if (!strncmp(files[i], bin_prefix, strlen(bin_prefix)) && starts_with_shebang(path)) {
			free(path);
			continue;
		}
		r = replace_prefix(path, old_prefix, new_prefix, moved[n].digest, &moved[n].size);
		if (r < 0)
			ret = -1;
		else if (r > 0) {
			moved[n++].path = fs_relpath(path, purelib);
			remove_compiled(path);
		}
		free(path);
	}
	if (!ret)
		ret = update_records(purelib, moved, n);
	if (!ret)
		ret = relocate_scripts(bin, purelib, old_prefix, new_prefix);
	for (size_t i = 0; i < n; i++)
		free(moved[i].path);
	free(moved);
	free(bin_prefix);
	free(bin);
	free(purelib);
	return ret;
}

int relocate_scripts(const char *bin_dir, const char *site_packages, const char *old_prefix,
			  const char *new_prefix)
{
	struct record_update *moved = NULL;
	size_t n = 0, alloc = 0;
	char *rel_bin = fs_relpath(bin_dir, site_packages);
	DIR *d = opendir(bin_dir);
	struct dirent *e;
	int ret = 0;

	if (!d) {
		free(rel_bin);
		return error_errno("cannot read '%s'", bin_dir);
	}
	while (!ret && (e = readdir(d))) {
		char *path;
		int r;

		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			moved = xrealloc(moved, alloc * sizeof(*moved));
		}
		path = fs_join(bin_dir, e->d_name);
		r = relocate_one(path, old_prefix, new_prefix, moved[n].digest, &moved[n].size);
		free(path);
		if (r < 0)
			ret = -1;
		else if (r > 0)
			moved[n++].path = xstrfmt("%s/%s", rel_bin, e->d_name);
	}
	closedir(d);
	if (!ret)
		ret = update_records(site_packages, moved, n);
	for (size_t i = 0; i < n; i++)
		free(moved[i].path);
	free(moved);
	free(rel_bin);
	return ret;
}
