/*
 * template_extract: reading templates, with one rule for names and links.
 */
#include "template.h"
#include "template_int.h"
#include "extract.h"
#include "member.h"

#include "interrupt.h"
#include "fsutil.h"
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

#define ENTRIES_MAX 1000000
#define BLOCK (64 * 1024)

/* --- reading ------------------------------------------------------------- */

struct reader {
	int fd;
	int read_errno;        /* why read(2) failed, or 0 */
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
		/* The system's reason, not a damaged archive's. */
		r->read_errno = errno;
		archive_set_error(a, errno, "%s", strerror(errno));
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

/* Reports that a could not be opened: not an archive, or (read_failed)
 * the file could not be read. Frees a. */
static void open_failed(struct archive *a, const char *archive, int read_failed)
{
	error("cannot read '%s': %s", archive, read_error(a));
	if (!read_failed)
		hint("a template is a .tar.zst, .tar.gz or .tar.xz made by `pyvenv pack`");
	archive_read_free(a);
}

static struct archive *open_archive(const char *path, struct reader *r, int check)
{
	struct archive *a;

	r->fd = -1;
	r->hash = NULL;
	r->read_errno = 0;
	if (archive_lib_load())
		return NULL;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		error_errno("cannot open '%s'", path);
		return NULL;
	}
	if (check)
		r->hash = hash_new();
	a = reader_new();
	if (archive_read_open(a, r, NULL, read_cb, NULL) != ARCHIVE_OK) {
		open_failed(a, path, r->read_errno != 0);
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
	    size <= 0 || size > TEMPLATE_META_MAX) {
		error("'%s' is not a pyvenv template (it does not start with %s)", archive, TEMPLATE_META_NAME);
		hint("make templates with `pyvenv pack ENV_DIR ARCHIVE`");
		return -1;
	}
	if (extract_read_member(a, &text, TEMPLATE_META_MAX) || text.len != (size_t)size) {
		strbuf_release(&text);
		return error("cannot read the metadata of '%s': %s", archive, read_error(a));
	}
	ret = template_parse_meta(text.buf, text.len, m, archive);
	strbuf_release(&text);
	return ret;
}

/*
 * After the metadata: the digests member, if the template has one (those
 * from before it do not). Returns 0 with *first NULL when it was read, or
 * with *first the entry read instead (to be extracted first); -1 (reported)
 * on a read error or broken digests.
 */
static int read_digests(struct archive *a, const char *archive, struct template_meta *m,
			struct archive_entry **first)
{
	struct strbuf text = STRBUF_INIT;
	struct archive_entry *e;
	la_int64_t size;
	int r = archive_read_next_header(a, &e), ret;

	*first = NULL;
	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK)
		return error("cannot read '%s': %s", archive, read_error(a));
	if (strcmp(archive_entry_pathname(e) ? archive_entry_pathname(e) : "", TEMPLATE_DIGESTS_NAME)) {
		*first = e;
		return 0;
	}
	size = archive_entry_size(e);
	if (archive_entry_filetype(e) != AE_IFREG || size < 0 || size > TEMPLATE_META_MAX)
		return error("'%s' has broken file digests (%s)", archive, TEMPLATE_DIGESTS_NAME);
	if (extract_read_member(a, &text, TEMPLATE_META_MAX) || text.len != (size_t)size) {
		strbuf_release(&text);
		return error("cannot read the file digests of '%s': %s", archive, read_error(a));
	}
	ret = template_parse_digests(text.buf, text.len, m, archive);
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

/* A file's digest against the metadata's (when it has digests). */
static int check_digest(const struct template_meta *meta, const char *archive, const char *name,
			const unsigned char digest[HASH_LEN], size_t *matched)
{
	struct strbuf hex = STRBUF_INIT;
	const char *want;
	int ret = 0;

	if (!meta->digests)
		return 0;
	want = json_string_value(json_object_get(meta->digests, name));
	hash_hex(&hex, digest, HASH_LEN);
	if (!want)
		ret = error("'%s' holds '%s', which its metadata does not list: refusing it", archive, name);
	else if (strcmp(want, hex.buf))
		ret = error("'%s' is damaged: '%s' does not match the SHA-256 its metadata records", archive, name);
	else
		(*matched)++;
	strbuf_release(&hex);
	return ret;
}

/* One member, into the destination. */
static int extract_entry(struct archive *in, struct extract_dir *out, struct archive_entry *e,
			 const char *archive, json_t *seen, const struct template_meta *meta, size_t *matched)
{
	const char *raw = archive_entry_pathname(e), *target = archive_entry_symlink(e);
	const mode_t type = archive_entry_filetype(e), perm = archive_entry_perm(e) & 0777;
	const struct timespec mtime = { archive_entry_mtime(e), archive_entry_mtime_nsec(e) };
	char *name = xstrdup(raw ? raw : ""), *key;
	json_t *prev;
	int ret = 0;

	if (!member_name_safe(name, 0))
		ret = error("'%s' holds an unsafe name '%s': refusing it", archive, name);
	else if (archive_entry_hardlink(e))
		ret = error("'%s' holds a hard link '%s': templates have none", archive, name);
	else if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK)
		ret = error("'%s' holds '%s', which is not a file, directory or symbolic link", archive, name);
	else if (!strcmp(name, TEMPLATE_META_NAME) || !strcmp(name, TEMPLATE_DIGESTS_NAME))
		ret = error("'%s' holds a second %s", archive, name);
	else if (type == AE_IFLNK && extract_link_check(archive, name, target ? target : ""))
		ret = -1;
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
	if (!ret && type == AE_IFDIR)
		ret = extract_mkdir(out, name, perm, &mtime);
	else if (!ret && type == AE_IFREG) {
		unsigned char digest[HASH_LEN];

		ret = extract_file(out, name, in, archive, (uint64_t)archive_entry_size(e), perm, &mtime, digest,
				   NULL);
		if (!ret)
			ret = check_digest(meta, archive, name, digest, matched);
	}
	else if (!ret)
		ret = extract_symlink(out, name, target, archive, &mtime);
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
 * every other member into dest (extract.h: nothing below dest is followed
 * out of it).
 */
static int extract_members(struct archive *a, const char *archive, const char *dest,
			   struct template_meta *meta)
{
	struct extract_dir out;
	struct archive_entry *e;
	json_t *seen;
	size_t count = 0, matched = 0;
	int ret = -1, st = ARCHIVE_EOF;

	if (read_meta(a, archive, meta) || read_digests(a, archive, meta, &e))
		return -1;
	if (extract_open(&out, dest, EXTRACT_EXACT_MODE))
		return extract_close(&out, 0), -1;
	seen = json_object();
	while (e || (st = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		if (interrupt_pending())
			goto out;
		if (++count > ENTRIES_MAX) {
			error("'%s' holds more than %d entries: refusing it", archive, ENTRIES_MAX);
			goto out;
		}
		if (extract_entry(a, &out, e, archive, seen, meta, &matched))
			goto out;
		e = NULL;
	}
	if (st != ARCHIVE_EOF) {
		error("cannot read '%s': %s", archive, read_error(a));
		goto out;
	}
	/* Every file the metadata lists came: an archive cut short at a member
	 * boundary still reads as a whole tar. */
	if (meta->digests && matched != json_object_size(meta->digests)) {
		error("'%s' is damaged: it lacks %zu of the files its metadata lists", archive,
		      json_object_size(meta->digests) - matched);
		goto out;
	}
	ret = 0;
out:
	json_decref(seen);
	if (extract_close(&out, !ret))
		ret = -1;
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
	struct archive *a;
	int ret;

	assert(data && name && dest && meta);
	memset(meta, 0, sizeof(*meta));
	if (archive_lib_load())
		return -1;
	a = reader_new();
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		open_failed(a, name, 0);
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

