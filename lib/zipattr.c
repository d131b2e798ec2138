/*
 * zipattr: a zip's central directory, read for the members' external
 * attributes only (APPNOTE.TXT 4.3.12 to 4.3.16). Everything else about
 * the zip is libarchive's; this reads no member data.
 */
#include "zipattr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EOCD_LEN 22             /* end of central directory record */
#define EOCD64_LEN 56           /* zip64 end of central directory record */
#define LOCATOR_LEN 20          /* zip64 end of central directory locator */
#define CDH_LEN 46              /* central directory file header */
#define COMMENT_MAX 65535
#define CD_MAX (256u << 20)     /* a central directory larger than this is refused */

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Reads exactly len bytes at off: 0, or -1 (a short read is EIO). */
static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		const ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			return -1;
		}
		p += n, len -= (size_t)n, off += (uint64_t)n;
	}
	return 0;
}

struct cd_place {
	uint64_t offset, size, entries; /* where the central directory is, after concat */
};

static int fail(struct strbuf *why, const char *what)
{
	strbuf_addstr(why, what);
	return -1;
}

/* The zip64 record a locator just before the end record at eocd points to. */
static int find_cd64(int fd, uint64_t eocd, struct cd_place *cd, struct strbuf *why)
{
	unsigned char loc[LOCATOR_LEN], rec[EOCD64_LEN];
	uint64_t at;

	if (eocd < LOCATOR_LEN + EOCD64_LEN || read_at(fd, loc, sizeof(loc), eocd - LOCATOR_LEN))
		return fail(why, "it has no zip64 end of central directory locator");
	if (le32(loc) != 0x07064b50)
		return fail(why, "its end of central directory record needs zip64, and the zip64 locator is missing");
	at = eocd - LOCATOR_LEN - EOCD64_LEN; /* where it is, whatever came before the zip */
	if (read_at(fd, rec, sizeof(rec), at) || le32(rec) != 0x06064b50)
		return fail(why, "its zip64 end of central directory record is missing");
	cd->entries = le64(rec + 32);
	cd->size = le64(rec + 40);
	cd->offset = le64(rec + 48);
	if (cd->size > at || cd->offset > at - cd->size)
		return fail(why, "its zip64 end of central directory record points outside the file");
	cd->offset = at - cd->size; /* data before the zip moves it */
	return 0;
}

/* The last end of central directory record, and the directory it gives. */
static int find_cd(int fd, uint64_t size, struct cd_place *cd, struct strbuf *why)
{
	const size_t tail = size < EOCD_LEN + COMMENT_MAX ? (size_t)size : EOCD_LEN + COMMENT_MAX;
	unsigned char *buf, *p;
	uint64_t eocd;
	int ret = 0;

	if (size < EOCD_LEN)
		return fail(why, "it is too short to be a zip");
	buf = xmalloc(tail);
	if (read_at(fd, buf, tail, size - tail)) {
		free(buf);
		strbuf_addf(why, "cannot read it: %s", strerror(errno));
		return -1;
	}
	for (p = buf + tail - EOCD_LEN; p >= buf && le32(p) != 0x06054b50; p--)
		;
	if (p < buf) {
		free(buf);
		return fail(why, "it has no end of central directory record");
	}
	eocd = size - tail + (uint64_t)(p - buf);
	cd->entries = le16(p + 10);
	cd->size = le32(p + 12);
	cd->offset = le32(p + 16);
	if (cd->entries == 0xffff || cd->size == 0xffffffff || cd->offset == 0xffffffff)
		ret = find_cd64(fd, eocd, cd, why);
	else if (cd->size > eocd || cd->offset > eocd - cd->size)
		ret = fail(why, "its end of central directory record points outside the file");
	else
		cd->offset = eocd - cd->size; /* data before the zip moves it */
	free(buf);
	return ret;
}

static int attr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct zipattr *)a)->name, ((const struct zipattr *)b)->name);
}

static int parse_cd(const unsigned char *p, size_t len, struct zipattrs *out, struct strbuf *why)
{
	size_t alloc = 0;

	while (len) {
		size_t name_len, entry_len;

		if (len < CDH_LEN || le32(p) != 0x02014b50)
			return fail(why, "its central directory has a damaged file header");
		name_len = le16(p + 28);
		entry_len = CDH_LEN + name_len + le16(p + 30) + le16(p + 32);
		if (entry_len > len)
			return fail(why, "its central directory has a file header past its end");
		if (!memchr(p + CDH_LEN, '\0', name_len)) {
			ALLOC_GROW(out->v, out->n + 1, alloc);
			out->v[out->n].name = xstrndup((const char *)p + CDH_LEN, name_len);
			out->v[out->n++].attr = le32(p + 38);
		}
		p += entry_len, len -= entry_len;
	}
	return 0;
}

int zipattrs_read(int fd, struct zipattrs *out, struct strbuf *why)
{
	struct cd_place cd;
	unsigned char *buf;
	struct stat st;
	int ret;

	memset(out, 0, sizeof(*out));
	if (fstat(fd, &st)) {
		strbuf_addf(why, "cannot read it: %s", strerror(errno));
		return -1;
	}
	if (find_cd(fd, (uint64_t)st.st_size, &cd, why))
		return -1;
	if (cd.size > CD_MAX)
		return fail(why, "its central directory is larger than 256 MiB");
	buf = xmalloc(cd.size ? (size_t)cd.size : 1);
	if (read_at(fd, buf, (size_t)cd.size, cd.offset)) {
		strbuf_addf(why, "cannot read its central directory: %s", strerror(errno));
		ret = -1;
	} else {
		ret = parse_cd(buf, (size_t)cd.size, out, why);
	}
	free(buf);
	if (ret)
		zipattrs_release(out);
	else if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), attr_cmp);
	return ret;
}

const struct zipattr *zipattrs_find(const struct zipattrs *z, const char *name)
{
	size_t lo = 0, hi = z->n;

	while (lo < hi) {
		const size_t mid = lo + (hi - lo) / 2;

		if (strcmp(z->v[mid].name, name) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && !strcmp(z->v[lo - 1].name, name) ? &z->v[lo - 1] : NULL; /* the last <= name */
}

void zipattrs_release(struct zipattrs *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->v[i].name);
	free(z->v);
	memset(z, 0, sizeof(*z));
}

int zipattr_executable(uint32_t attr)
{
	const uint32_t mode = attr >> 16;

	return mode && S_ISREG(mode) && (mode & 0111);
}
