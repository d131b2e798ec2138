/*
 * wheel: native installation of a wheel.
 *
 * Two passes over the zip (libarchive, seekable: skipping is cheap). The
 * first reads every member's header and the .dist-info metadata (WHEEL,
 * RECORD, entry_points.txt), and refuses the wheel before anything is
 * written for: a name that is not UTF-8, holds a control character, is not
 * safe (member.h) or has a part longer than NAME_MAX; a member that is not
 * a file or directory; one that comes twice; a header that libarchive
 * finds inconsistent; a file outside the wheel's one .data directory's
 * schemes; a file the RECORD does not list or whose size it contradicts; a
 * RECORD row that would lead outside; an entry point that is not a plain
 * file name and module:function; metadata or a script too big to be read
 * into memory. The second pass writes the files through extract.h (never
 * through a link), hashing each as it is written and checking it against
 * the RECORD (and libarchive its CRC and size). The RECORD installed lists
 * only what was written: the wheel's rows are trusted for nothing else.
 *
 * Messages name the wheel and the member, with control characters and
 * bytes that are not UTF-8 escaped (show()), so a hostile name cannot drive
 * the terminal. Names are read in a UTF-8 locale of this thread only
 * (libarchive converts the names a zip marks as UTF-8 to the locale's
 * charset, and the C locale has no room for them).
 */
#include "wheel_int.h"

#include "member.h"
#include "record.h"
#include "utf8.h"
#include "wheelname.h"
#include "zipattr.h"

#include "fsutil.h"
#include "hash.h"
#include "interrupt.h"
#include "msg.h"
#include "script.h"
#include "strbuf.h"

#include "archive_lib.h"
#include "extract.h"
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* What is read into memory: the metadata files, and a script of .data/scripts
 * (its "#!python" line is rewritten); the rest is streamed to disk. */
#define METADATA_MAX (64u << 20)
#define SCRIPT_MAX (256u << 20)

/* v, with room for one more of n items of size bytes. */
void *wheel_grow(void *v, size_t n, size_t *alloc, size_t size)
{
	if (n < *alloc)
		return v;
	*alloc = *alloc ? 2 * *alloc : 64;
	return xrealloc(v, *alloc * size);
}

/* s as messages show it: a byte that is not UTF-8 or a control character
 * as \xNN, a C1 control as \u00NN. Valid until the slot is used again. */
static const char *show(struct wheel *w, int slot, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	const size_t len = strlen(s);
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < len;) {
		unsigned cp = 0;
		const size_t n = utf8_decode(u + i, len - i, &cp);

		if (!n || cp < 0x20 || cp == 0x7f)
			strbuf_addf(&sb, "\\x%02x", u[i++]);
		else if (cp >= 0x80 && cp < 0xa0)
			strbuf_addf(&sb, "\\u%04x", cp), i += n;
		else
			strbuf_add(&sb, s + i, n), i += n;
	}
	free(w->shown[slot]);
	w->shown[slot] = strbuf_detach(&sb);
	return w->shown[slot];
}

const char *wheel_show(struct wheel *w, int slot, const char *s)
{
	return show(w, slot, s);
}

/* Whether s (valid UTF-8) holds a control character (C0, DEL or C1). */
int wheel_has_control(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; u[i]; i++)
		if (u[i] < 0x20 || u[i] == 0x7f || (u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] < 0xa0))
			return 1;
	return 0;
}

void wheel_rows_add(struct rows *rows, char *path, char *hash, char *size)
{
	rows->v = wheel_grow(rows->v, rows->n, &rows->alloc, sizeof(*rows->v));
	rows->v[rows->n].path = path;
	rows->v[rows->n].hash = hash;
	rows->v[rows->n].size = size;
	rows->n++;
}

static void rows_release(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->v[i].path);
		free(rows->v[i].hash);
		free(rows->v[i].size);
	}
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

int wheel_row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->path, ((const struct row *)b)->path);
}

static const struct row *row_find(const struct wheel *w, const char *name)
{
	const struct row key = { (char *)name, NULL, NULL };

	/* an empty RECORD has no array: not for bsearch (nor qsort below) */
	return w->expected.n ? bsearch(&key, w->expected.v, w->expected.n, sizeof(key), wheel_row_cmp) : NULL;
}

/* The rows of the wheel's RECORD (record.c reads them), sorted by path. A
 * malformed row makes the RECORD unusable; so does a path no member could
 * have (the RECORD is trusted for nothing outside the wheel), or a path
 * given two different rows. */
static int parse_record(struct wheel *w)
{
	struct record_row row = RECORD_ROW_INIT;
	const char *pos = w->record.buf, *end = w->record.buf + w->record.len;
	struct rows *rows = &w->expected;
	int r;

	while ((r = record_next(&pos, end, &row)) > 0)
		if (row.path.len)
			wheel_rows_add(rows, strbuf_detach(&row.path), strbuf_detach(&row.hash),
				 strbuf_detach(&row.size));
	record_row_release(&row);
	if (r < 0)
		return error("wheel '%s' has a malformed '%s/RECORD' (a row that is not path,hash,size)", w->path,
			     w->dist_info);
	if (rows->n)
		qsort(rows->v, rows->n, sizeof(*rows->v), wheel_row_cmp);
	for (size_t i = 0; i < rows->n; i++) {
		const struct row *x = &rows->v[i];

		if (!member_name_safe(x->path, MEMBER_NO_BACKSLASH))
			return error("wheel '%s' has a row for '%s' in '%s/RECORD', which is not a safe member name: "
				     "refusing it", w->path, show(w, 0, x->path), w->dist_info);
		if (i && !strcmp(x->path, x[-1].path) && (strcmp(x->hash, x[-1].hash) || strcmp(x->size, x[-1].size)))
			return error("wheel '%s' has two different rows for '%s' in '%s/RECORD'", w->path,
				     show(w, 0, x->path), w->dist_info);
	}
	return 0;
}

/* A reader of the wheel at path, from its start: through fd when it is
 * open (it stays open), else by its name. */
static struct archive *open_wheel(const char *path, int fd)
{
	struct archive *a;
	int r;

	if (archive_lib_load())
		return NULL;
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) < 0) {
		error_errno("cannot read wheel '%s'", path);
		return NULL;
	}
	a = archive_read_new();
	archive_read_support_format_zip_seekable(a);
	r = fd >= 0 ? archive_read_open_fd(a, fd, 64 * 1024) : archive_read_open_filename(a, path, 64 * 1024);
	if (r != ARCHIVE_OK) {
		error("cannot open wheel '%s': %s", path, archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* The length of the longest '/'-separated part of name. */
static size_t longest_part(const char *name)
{
	size_t longest = 0;

	for (const char *p = name; *p;) {
		const size_t n = strcspn(p, "/");

		longest = n > longest ? n : longest;
		p += n + (p[n] == '/');
	}
	return longest;
}

/* The header of a member read with status r (ARCHIVE_OK or ARCHIVE_WARN):
 * 0, or -1 (reported) when the wheel is to be refused for it. prev is the
 * member before (NULL: none), to say where a name that cannot be read is. */
static int check_header(struct wheel *w, struct archive *a, struct archive_entry *entry, int r,
			const char *prev)
{
	const char *name = archive_entry_pathname(entry);
	const unsigned type = archive_entry_filetype(entry);

	if (!name)
		return error("wheel '%s' has a member name that is not valid UTF-8 (the member %s%s%s)", w->path,
			     prev ? "after '" : "first", prev ? show(w, 0, prev) : "", prev ? "'" : "");
	if (utf8_check(name, strlen(name), NULL))
		return error("wheel '%s' has a member name that is not valid UTF-8: '%s'", w->path, show(w, 0, name));
	if (wheel_has_control(name))
		return error("wheel '%s' has a member name with a control character: '%s'", w->path, show(w, 0, name));
	if (!member_name_safe(name, MEMBER_NO_BACKSLASH))
		return error("wheel '%s' has an unsafe member name '%s'", w->path, show(w, 0, name));
	if (longest_part(name) > NAME_MAX)
		return error("wheel '%s' has a member name with a part longer than %d bytes: '%s'", w->path, NAME_MAX,
			     show(w, 0, name));
	if (r != ARCHIVE_OK)
		return error("wheel '%s' is damaged at '%s': %s", w->path, show(w, 0, name), archive_error_string(a));
	if (type == AE_IFLNK)
		return error("wheel '%s' has a member '%s' that is a symbolic link (to '%s'): refusing it", w->path,
			     show(w, 0, name), show(w, 1, archive_entry_symlink(entry) ? archive_entry_symlink(entry) : ""));
	if (type != AE_IFREG && type != AE_IFDIR)
		return error("wheel '%s' has a member '%s' that is not a regular file or a directory", w->path,
			     show(w, 0, name));
	return 0;
}

/* Notes the .dist-info directory a member is in (if any) and where its
 * WHEEL, RECORD or entry_points.txt go: NULL, or the buffer. */
static int note_dist_info(struct wheel *w, const char *name, struct strbuf **into)
{
	const char *slash = strchr(name, '/');

	*into = NULL;
	if (!slash || slash - name <= 10 || strncmp(slash - 10, ".dist-info", 10))
		return 0;
	if (!w->dist_info) {
		w->dist_info = xstrndup(name, (size_t)(slash - name));
	} else if (strncmp(name, w->dist_info, strlen(w->dist_info)) || name + strlen(w->dist_info) != slash) {
		char *other = xstrndup(name, (size_t)(slash - name));

		error("wheel '%s' has more than one .dist-info directory: '%s' and '%s'", w->path,
		      show(w, 0, w->dist_info), show(w, 1, other));
		free(other);
		return -1;
	}
	if (!strcmp(slash, "/WHEEL"))
		*into = &w->wheel_meta, w->have_wheel = 1;
	else if (!strcmp(slash, "/RECORD"))
		*into = &w->record, w->have_record = 1;
	else if (!strcmp(slash, "/entry_points.txt"))
		*into = &w->entry_points;
	return 0;
}

/* Pass 1: headers, names and metadata. */
static int scan_wheel(struct wheel *w)
{
	struct archive *a = open_wheel(w->path, w->fd);
	struct archive_entry *entry;
	char *prev = NULL;
	int r, ret = -1;

	if (!a)
		return -1;
	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name;
		struct strbuf *into;

		if (check_header(w, a, entry, r, prev))
			goto out;
		name = archive_entry_pathname(entry);
		if (note_dist_info(w, name, &into))
			goto out;
		free(prev);
		prev = xstrdup(name);
		if (archive_entry_filetype(entry) == AE_IFDIR)
			continue;
		w->members = wheel_grow(w->members, w->nmembers, &w->members_alloc, sizeof(*w->members));
		w->members[w->nmembers].name = xstrdup(name);
		w->members[w->nmembers++].size = (uint64_t)archive_entry_size(entry);
		errno = 0;
		if (into && extract_read_member(a, into, METADATA_MAX)) {
			if (errno == EFBIG)
				error("wheel '%s' has a '%s' of more than %u MiB: refusing it", w->path, name,
				      METADATA_MAX >> 20);
			else
				error("cannot read '%s' from wheel '%s': %s", name, w->path, archive_error_string(a));
			goto out;
		}
	}
	if (r != ARCHIVE_EOF) {
		error("cannot read wheel '%s': %s", w->path, archive_error_string(a));
		goto out;
	}
	ret = 0;
out:
	free(prev);
	archive_read_free(a);
	return ret;
}

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member_entry *)a)->name, ((const struct member_entry *)b)->name);
}

/* No member twice (the second would replace the first, checked or not). */
static int check_unique(struct wheel *w)
{
	if (w->nmembers)
		qsort(w->members, w->nmembers, sizeof(*w->members), member_cmp);
	for (size_t i = 1; i < w->nmembers; i++)
		if (!strcmp(w->members[i].name, w->members[i - 1].name))
			return error("wheel '%s' has the member '%s' twice", w->path, show(w, 0, w->members[i].name));
	return 0;
}

/* The .dist-info is "<name>-<version>.dist-info" of the project and
 * version the file name gives (pip refuses another project's; a version
 * that differs is metadata pip would not trust either). */
static int check_dist_info(const struct wheel *w)
{
	char *stem = xstrndup(w->dist_info, strlen(w->dist_info) - 10); /* less ".dist-info" */
	char *dash = strrchr(stem, '-');
	const char *version = dash ? dash + 1 : NULL;
	int ok = dash && (*dash = '\0', wheelname_same_project(stem, w->file.name));

	if (ok) {
		for (char *p = dash + 1; *p; p++)
			if (*p == '_')
				*p = '-';
		ok = !strcasecmp(version, w->file.version);
	}
	free(stem);
	if (!ok)
		return error("wheel '%s' has the metadata directory '%s', not that of %s %s", w->path,
			     w->dist_info, w->file.name, w->file.version);
	return 0;
}

/* The value of the header field key in the WHEEL file (NULL: none), up to
 * the end of its line. */
static const char *wheel_field(const struct wheel *w, const char *key)
{
	const size_t klen = strlen(key);

	for (const char *l = w->wheel_meta.buf; *l; l += strcspn(l, "\n"), l += *l == '\n') {
		if (!strncasecmp(l, key, klen) && l[klen] == ':') {
			for (l += klen + 1; *l == ' ' || *l == '\t'; l++)
				;
			return l;
		}
	}
	return NULL;
}

/* The metadata: one .dist-info of this project and version, with WHEEL
 * (Wheel-Version 1.x) and RECORD. */
static int check_wheel_meta(struct wheel *w)
{
	const char *v, *root;

	if (!w->dist_info)
		return error("'%s' is not a wheel: it has no .dist-info directory", w->path);
	if (check_dist_info(w))
		return -1;
	if (!w->have_wheel || !w->have_record)
		return error("'%s' is not a wheel: it has no '%s/%s'", w->path, w->dist_info,
			     w->have_wheel ? "RECORD" : "WHEEL");
	if (memchr(w->wheel_meta.buf, '\0', w->wheel_meta.len))
		return error("wheel '%s' has a NUL byte in '%s/WHEEL'", w->path, w->dist_info);
	v = wheel_field(w, "Wheel-Version");
	if (!v)
		return error("wheel '%s' has no Wheel-Version in '%s/WHEEL'", w->path, w->dist_info);
	if (strncmp(v, "1.", 2)) {
		char *line = xstrndup(v, strcspn(v, "\r\n"));

		error("wheel '%s' has Wheel-Version %s in '%s/WHEEL'; pyvenv supports 1.x", w->path,
		      show(w, 0, line), w->dist_info);
		free(line);
		return -1;
	}
	root = wheel_field(w, "Root-Is-Purelib");
	if (root)
		w->root_is_purelib = !strncasecmp(root, "true", 4);
	w->data_dir = xstrfmt("%.*s.data", (int)(strlen(w->dist_info) - 10), w->dist_info);
	return parse_record(w);
}

/* Whether name is the file file of the .dist-info directory. */
static int in_dist_info(const struct wheel *w, const char *name, const char *file)
{
	const size_t n = strlen(w->dist_info);

	return !strncmp(name, w->dist_info, n) && name[n] == '/' && !strcmp(name + n + 1, file);
}

/* Members the wheel may have but that are not installed from it: our own
 * RECORD, INSTALLER, REQUESTED and (given one) direct_url.json replace them. */
static int member_skipped(const struct wheel *w, const char *name)
{
	return in_dist_info(w, name, "RECORD") || in_dist_info(w, name, "INSTALLER") ||
	       in_dist_info(w, name, "REQUESTED") ||
	       (w->opts && w->opts->direct_url && in_dist_info(w, name, "direct_url.json"));
}

/* Where a member goes: a directory of dest plus the rest of the name; NULL
 * for a name in a .data directory that is not of a scheme of its own. */
static const char *member_target(const struct wheel *w, const struct wheel_dest *d,
				 const char *name, const char **rest, int *is_script)
{
	static const char *const keys[] = { "purelib", "platlib", "scripts", "headers", "data" };
	const size_t dlen = strlen(w->data_dir), top = strcspn(name, "/");

	*is_script = 0;
	*rest = name;
	if (top < 5 || strncmp(name + top - 5, ".data", 5))
		return w->root_is_purelib ? d->purelib : d->platlib;
	if (top != dlen || strncmp(name, w->data_dir, dlen) || name[dlen] != '/')
		return NULL;
	name += dlen + 1;
	for (size_t i = 0; i < 5; i++) {
		const size_t klen = strlen(keys[i]);

		if (!strncmp(name, keys[i], klen) && name[klen] == '/' && name[klen + 1]) {
			const char *const dirs[] = { d->purelib, d->platlib, d->scripts, d->headers, d->data };

			*rest = name + klen + 1;
			*is_script = i == 2;
			return dirs[i]; /* NULL: the caller has no such directory */
		}
	}
	return NULL;
}

/* n as a RECORD size field gives it: 1, 0 when the field is empty, -1 when
 * it is not a decimal number. */
static int row_size(const struct row *row, uint64_t *n)
{
	char *end;

	if (!*row->size)
		return 0;
	errno = 0;
	*n = strtoull(row->size, &end, 10);
	return *end || errno || !isdigit((unsigned char)*row->size) ? -1 : 1;
}

static int size_lies(struct wheel *w, const char *name, uint64_t size, const struct row *row)
{
	return error("wheel '%s' is corrupt: '%s' is %llu bytes, its RECORD says %s", w->path, show(w, 0, name),
		     (unsigned long long)size, show(w, 1, row->size));
}

/* Every member before anything is written: in a scheme (a script no larger
 * than SCRIPT_MAX), in the RECORD, of the size the RECORD gives. (RECORD.jws and RECORD.p7s, signatures of the
 * RECORD, cannot be in it.) */
static int check_members(struct wheel *w, const struct wheel_dest *d)
{
	for (size_t i = 0; i < w->nmembers; i++) {
		const char *name = w->members[i].name, *rest;
		const struct row *row;
		int is_script, has_size;
		uint64_t n;

		if (member_skipped(w, name))
			continue;
		if (!member_target(w, d, name, &rest, &is_script))
			return error("wheel '%s' has '%s' outside the schemes of its .data directory '%s' "
				     "(purelib, platlib, scripts, headers, data)", w->path, show(w, 0, name), w->data_dir);
		if (is_script && w->members[i].size > SCRIPT_MAX)
			return error("wheel '%s' has a script '%s' of more than %u MiB: refusing it", w->path,
				     show(w, 0, name), SCRIPT_MAX >> 20);
		row = row_find(w, name);
		if (!row && (in_dist_info(w, name, "RECORD.jws") || in_dist_info(w, name, "RECORD.p7s")))
			continue;
		if (!row)
			return error("wheel '%s' is corrupt: '%s' is not in its RECORD", w->path, show(w, 0, name));
		has_size = row_size(row, &n);
		if (has_size < 0 || (has_size && n != w->members[i].size))
			return size_lies(w, name, w->members[i].size, row);
	}
	return 0;
}

static void add_written(struct wheel *w, const char *root, const char *path,
			const unsigned char digest[HASH_LEN], size_t size)
{
	struct strbuf hash = STRBUF_INIT;

	hash_record_digest(&hash, digest);
	wheel_rows_add(&w->written, fs_relpath(path, root), strbuf_detach(&hash), xstrfmt("%zu", size));
}

/* path (absolute, below the environment) relative to the environment. */
static char *out_name(const struct wheel *w, const char *path)
{
	const size_t n = strlen(w->out.path);

	if (!strncmp(path, w->out.path, n) && path[n] == '/')
		return xstrdup(path + n + 1);
	return xstrdup(path); /* refused by extract's rule: not relative */
}

/* Writes data to path (absolute, below the environment). */
int wheel_write_out(struct wheel *w, const char *path, const char *data, size_t len, mode_t mode)
{
	char *name = out_name(w, path);
	const int rc = extract_data(&w->out, name, data, len, mode);

	free(name);
	return rc;
}

/* Writes data to path (0644, or 0755 when exec), and records it. */
int wheel_write_recorded(struct wheel *w, const char *root, const char *path, const char *data,
			  size_t len, int exec)
{
	unsigned char digest[HASH_LEN];

	if (wheel_write_out(w, path, data, len, exec ? 0755 : 0644))
		return -1;
	hash_buffer(data, len, digest);
	add_written(w, root, path, digest, len);
	return 0;
}

/* Whether the digest a RECORD row gives for another algorithm than sha256
 * is that of the data read (in, else the file written at path): 1, 0, or
 * -1 (reported). An algorithm not known here is not checked, as pip checks
 * none. */
static int other_digest_matches(const struct row *row, const struct strbuf *in, const char *path,
				struct strbuf *actual)
{
	const struct hash_algo *algo = hash_algo_find(row->hash, strcspn(row->hash, "="));
	unsigned char digest[HASH_MAX_LEN];
	int fd;

	if (!algo)
		return 1;
	if (in) {
		hash_algo_buffer(algo, in->buf, in->len, digest);
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 || hash_algo_fd(algo, fd, digest)) {
		error_errno("cannot read '%s' back from the environment", path);
		if (fd >= 0)
			close(fd);
		return -1;
	} else {
		close(fd);
	}
	hash_algo_record_digest(actual, algo, digest);
	return !strcmp(actual->buf, row->hash);
}

/* The member name as read (digest, size; its data in, else written at
 * path) is what its RECORD row says. */
static int check_expected(struct wheel *w, const char *name, const unsigned char digest[HASH_LEN], uint64_t size,
			  const struct strbuf *in, const char *path)
{
	const struct row *row = row_find(w, name);
	struct strbuf hash = STRBUF_INIT;
	uint64_t n = 0;
	int ret = 0, has_size, same = 1;

	if (!row) /* RECORD.jws, RECORD.p7s */
		return 0;
	has_size = row_size(row, &n);
	if (!strncmp(row->hash, "sha256=", 7)) {
		hash_record_digest(&hash, digest);
		same = !strcmp(hash.buf, row->hash);
	} else if (*row->hash) {
		same = other_digest_matches(row, in, path, &hash);
	}
	if (same < 0)
		ret = -1;
	else if (!same)
		ret = error("wheel '%s' is corrupt: '%s' has the hash %s, its RECORD says %s", w->path,
			    show(w, 0, name), hash.buf, show(w, 1, row->hash));
	else if (has_size < 0 || (has_size && n != size))
		ret = size_lies(w, name, size, row);
	strbuf_release(&hash);
	return ret;
}

/* A script from .data/scripts, of the size the zip declares: "#!python"
 * becomes our header; executable when the zip says so (pip keeps a script
 * that is not as it is). */
static int install_data_script(struct wheel *w, const struct wheel_dest *d, struct archive *a,
			       const char *name, uint64_t declared, const char *path, int exec)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	int ret;

	assert(declared <= SCRIPT_MAX); /* check_members */
	errno = 0;
	if (extract_read_member(a, &in, (size_t)declared)) {
		const int big = errno == EFBIG;

		strbuf_release(&in);
		if (big)
			return error("wheel '%s' is corrupt: '%s' holds more than the %llu bytes its zip headers declare",
				     w->path, show(w, 0, name), (unsigned long long)declared);
		return error("cannot read '%s' from wheel '%s': %s", show(w, 0, name), w->path, archive_error_string(a));
	}
	hash_buffer(in.buf, in.len, digest);
	if (check_expected(w, name, digest, in.len, &in, NULL)) {
		strbuf_release(&in);
		return -1;
	}
	if (!strncmp(in.buf, "#!python", 8)) {
		const char *nl = strchr(in.buf, '\n');

		script_header(&out, d->python);
		if (nl)
			strbuf_addstr(&out, nl + 1);
	} else {
		strbuf_add(&out, in.buf, in.len);
	}
	ret = wheel_write_recorded(w, w->root_is_purelib ? d->purelib : d->platlib, path, out.buf, out.len, exec);
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}

/* The members' external attributes, which pip takes their modes from. A
 * central directory that libarchive reads and this does not leaves
 * libarchive's modes. */
static void read_attrs(struct wheel *w)
{
	struct strbuf why = STRBUF_INIT;

	w->have_attrs = !zipattrs_read(w->fd, &w->attrs, &why);
	if (!w->have_attrs)
		verbose("wheel '%s': the modes libarchive gives (%s)", w->path, why.buf);
	strbuf_release(&why);
}

/* A regular member's mode, as pip sets it: 0755 when the upper 16 bits of
 * its external attributes are a regular file's mode with an execute bit,
 * whatever system made the zip. */
static mode_t member_mode(const struct wheel *w, struct archive_entry *entry, const char *name)
{
	const struct zipattr *za = w->have_attrs ? zipattrs_find(&w->attrs, name) : NULL;

	if (za)
		return zipattr_executable(za->attr) ? 0755 : 0644;
	return archive_entry_perm(entry) & 0111 ? 0755 : 0644;
}

/* One regular member to its place. */
static int extract_member(struct wheel *w, const struct wheel_dest *d, struct archive *a,
			  struct archive_entry *entry, const char *name)
{
	const char *root = w->root_is_purelib ? d->purelib : d->platlib;
	const char *rest, *base;
	const mode_t mode = member_mode(w, entry, name);
	unsigned char digest[HASH_LEN];
	const struct row *row;
	char *path, *out;
	int is_script, rc;
	uint64_t size;

	base = member_target(w, d, name, &rest, &is_script);
	assert(base); /* check_members */
	path = fs_join(base, rest);
	if (is_script) {
		rc = install_data_script(w, d, a, name, (uint64_t)archive_entry_size(entry), path, mode & 0111);
		free(path);
		return rc;
	}
	out = out_name(w, path);
	rc = extract_file(&w->out, out, a, w->path, (uint64_t)archive_entry_size(entry), mode, NULL, digest, &size);
	if (!rc)
		rc = check_expected(w, name, digest, size, NULL, path);
	if (!rc && (row = row_find(w, name)) && !*row->hash) /* pip keeps such a row as it is */
		wheel_rows_add(&w->written, fs_relpath(path, root), xstrdup(""), xstrdup(row->size));
	else if (!rc)
		add_written(w, root, path, digest, (size_t)size);
	free(out);
	free(path);
	return rc;
}

/* Pass 2: every file to its place. */
static int extract_wheel(struct wheel *w, const struct wheel_dest *d)
{
	struct archive *a = open_wheel(w->path, w->fd);
	struct archive_entry *entry;
	int r, ret = -1;

	if (!a)
		return -1;
	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(entry);

		if (interrupt_pending())
			goto out;
		if (archive_entry_filetype(entry) != AE_IFREG || member_skipped(w, name))
			continue;
		if (extract_member(w, d, a, entry, name))
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		error("cannot read wheel '%s': %s", w->path, archive_error_string(a));
		goto out;
	}
	ret = 0;
out:
	archive_read_free(a);
	return ret;
}

static void wheel_release(struct wheel *w)
{
	wheelname_release(&w->file);
	free(w->dist_info);
	free(w->data_dir);
	strbuf_release(&w->wheel_meta);
	strbuf_release(&w->record);
	strbuf_release(&w->entry_points);
	rows_release(&w->expected);
	rows_release(&w->written);
	for (size_t i = 0; i < w->nmembers; i++)
		free(w->members[i].name);
	free(w->members);
	for (size_t i = 0; i < w->nscripts; i++) {
		free(w->scripts[i].name);
		free(w->scripts[i].entry);
	}
	free(w->scripts);
	free(w->shown[0]);
	free(w->shown[1]);
	zipattrs_release(&w->attrs);
	extract_close(&w->out, 0);
	if (w->fd >= 0)
		close(w->fd);
}

/* Checks everything but the files' contents, then writes. */
static int install(struct wheel *w, const struct wheel_dest *dest)
{
	w->fd = open(w->path, O_RDONLY | O_CLOEXEC);
	if (w->fd < 0)
		return error_errno("cannot open wheel '%s'", w->path);
	/* what was checked is what is read: the file stays open */
	if (w->opts && w->opts->verify && w->opts->verify(w->opts->verify_arg, w->fd))
		return -1;
	if (scan_wheel(w))
		return -1;
	read_attrs(w);
	if (check_unique(w) || check_wheel_meta(w) || check_members(w, dest) ||
	    wheel_read_entry_points(w, dest))
		return -1;
	if (extract_open(&w->out, dest->data, EXTRACT_REPLACE))
		return -1;
	return extract_wheel(w, dest) || wheel_write_console_scripts(w, dest) || wheel_write_metadata(w, dest) ? -1 : 0;
}

int wheel_install(const char *path, const struct wheel_dest *dest, const struct wheel_opts *opts)
{
	struct wheel w = { .path = path, .fd = -1, .opts = opts, .root_is_purelib = 1, .out = { .root = -1 } };
	/* Names marked UTF-8 are converted to this thread's locale's charset. */
	const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	const locale_t saved = utf8 ? uselocale(utf8) : (locale_t)0;
	int ret;

	assert(path && dest && dest->python);
	strbuf_init(&w.wheel_meta);
	strbuf_init(&w.record);
	strbuf_init(&w.entry_points);
	if (wheelname_parse(path, &w.file))
		ret = error("'%s' is not a wheel's file name (name-version-python-abi-platform.whl)", path);
	else
		ret = install(&w, dest);
	wheel_release(&w);
	if (utf8) {
		uselocale(saved);
		freelocale(utf8);
	}
	return ret;
}

/* The .dist-info/METADATA member of the wheel a reads, into out. */
static int read_metadata(const char *path, struct archive *a, struct strbuf *out)
{
	struct archive_entry *entry;
	int r;

	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(entry);
		const char *slash = name ? strchr(name, '/') : NULL;

		if (!slash || strcmp(slash, "/METADATA") || slash - name < 10 || strncmp(slash - 10, ".dist-info", 10))
			continue;
		if (extract_read_member(a, out, WHEEL_METADATA_MAX))
			return error("cannot read '%s' from wheel '%s': %s", name, path,
				     errno == EFBIG ? "it is too large" : archive_error_string(a));
		return 0;
	}
	if (r != ARCHIVE_EOF)
		return error("cannot read wheel '%s': %s", path, archive_error_string(a));
	return error("wheel '%s' has no .dist-info/METADATA", path);
}

int wheel_read_metadata(const char *path, struct strbuf *out)
{
	const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	const locale_t saved = utf8 ? uselocale(utf8) : (locale_t)0;
	struct archive *a = open_wheel(path, -1);
	int ret = -1;

	if (a) {
		ret = read_metadata(path, a, out);
		archive_read_free(a);
	}
	if (utf8) {
		uselocale(saved);
		freelocale(utf8);
	}
	return ret;
}
