/*
 * Unit tests for zipattr.h: zips written byte by byte here (APPNOTE.TXT
 * 4.3), so that the made-by system, the attributes, data before the zip,
 * zip64 records and damage are what each case says. Python's zipfile reads
 * the same layouts (zipfile._EndRecData and _EndRecData64).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "strbuf.h"
#include "testutil.h"
#include "zipattr.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct member {
	const char *name;
	size_t name_len; /* 0: strlen(name) */
	uint16_t made_by;
	uint32_t attr;
};

static void put16(struct strbuf *sb, unsigned v)
{
	strbuf_addch(sb, (char)(v & 0xff));
	strbuf_addch(sb, (char)(v >> 8 & 0xff));
}

static void put32(struct strbuf *sb, uint32_t v)
{
	put16(sb, v & 0xffff);
	put16(sb, v >> 16);
}

static void put64(struct strbuf *sb, uint64_t v)
{
	put32(sb, (uint32_t)v);
	put32(sb, (uint32_t)(v >> 32));
}

enum { PLAIN = 0, ZIP64 = 1, COMMENT = 2 };

/* A zip of empty stored members after prefix bytes of junk. */
static void make_zip(struct strbuf *z, const struct member *m, size_t n, size_t prefix, int flags)
{
	struct strbuf cd = STRBUF_INIT;
	size_t cd_start;

	for (size_t i = 0; i < prefix; i++)
		strbuf_addch(z, 'x');
	for (size_t i = 0; i < n; i++) {
		const size_t len = m[i].name_len ? m[i].name_len : strlen(m[i].name);
		const uint32_t offset = (uint32_t)(z->len - prefix);

		put32(z, 0x04034b50), put16(z, 20), put16(z, 0), put16(z, 0), put32(z, 0);
		put32(z, 0), put32(z, 0), put32(z, 0), put16(z, (unsigned)len), put16(z, 0);
		strbuf_add(z, m[i].name, len);
		put32(&cd, 0x02014b50), put16(&cd, m[i].made_by), put16(&cd, 20), put16(&cd, 0), put16(&cd, 0);
		put32(&cd, 0), put32(&cd, 0), put32(&cd, 0), put32(&cd, 0);
		put16(&cd, (unsigned)len), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0);
		put32(&cd, m[i].attr), put32(&cd, offset);
		strbuf_add(&cd, m[i].name, len);
	}
	cd_start = z->len - prefix;
	strbuf_add(z, cd.buf, cd.len);
	if (flags & ZIP64) {
		const size_t rec = z->len - prefix;

		put32(z, 0x06064b50), put64(z, 44), put16(z, 45), put16(z, 45), put32(z, 0), put32(z, 0);
		put64(z, n), put64(z, n), put64(z, cd.len), put64(z, cd_start);
		put32(z, 0x07064b50), put32(z, 0), put64(z, rec), put32(z, 1);
	}
	put32(z, 0x06054b50), put16(z, 0), put16(z, 0);
	put16(z, flags & ZIP64 ? 0xffff : (unsigned)n), put16(z, flags & ZIP64 ? 0xffff : (unsigned)n);
	put32(z, flags & ZIP64 ? 0xffffffff : (uint32_t)cd.len);
	put32(z, flags & ZIP64 ? 0xffffffff : (uint32_t)cd_start);
	put16(z, flags & COMMENT ? 5 : 0);
	if (flags & COMMENT)
		strbuf_addstr(z, "notes");
	strbuf_release(&cd);
}

/* zipattrs_read() of the bytes, through a memfd. */
static int read_bytes(const char *data, size_t len, struct zipattrs *out, struct strbuf *why)
{
	const int fd = memfd_create("zip", 0);
	int ret;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	ret = zipattrs_read(fd, out, why);
	close(fd);
	return ret;
}

static const struct member members[] = {
	{ "pkg/run.sh", 0, 3 << 8 | 20, 0100755u << 16 },   /* Unix, executable */
	{ "pkg/data.txt", 0, 3 << 8 | 20, 0100644u << 16 }, /* Unix, not */
	{ "pkg/notype.sh", 0, 3 << 8 | 20, 0755u << 16 },   /* no file type: pip leaves it 0644 */
	{ "pkg/dos.sh", 0, 0 << 8 | 20, 0100755u << 16 | 0x20 }, /* MS-DOS, Unix bits above: pip makes it 0755 */
	{ "pkg/link", 0, 3 << 8 | 20, 0120777u << 16 },     /* a symbolic link is not a regular file */
	{ "pkg/", 0, 3 << 8 | 20, 040755u << 16 | 0x10 },
};
#define NMEMBERS (sizeof(members) / sizeof(*members))

static void expect_members(const struct zipattrs *z)
{
	assert_int_equal(z->n, NMEMBERS);
	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct zipattr *a = zipattrs_find(z, members[i].name);

		assert_non_null(a);
		assert_int_equal(a->attr, members[i].attr);
	}
	assert_null(zipattrs_find(z, "pkg/missing"));
	assert_null(zipattrs_find(z, "pkg"));
	assert_true(zipattr_executable(zipattrs_find(z, "pkg/run.sh")->attr));
	assert_false(zipattr_executable(zipattrs_find(z, "pkg/data.txt")->attr));
	assert_false(zipattr_executable(zipattrs_find(z, "pkg/notype.sh")->attr));
	assert_true(zipattr_executable(zipattrs_find(z, "pkg/dos.sh")->attr));
	assert_false(zipattr_executable(zipattrs_find(z, "pkg/link")->attr));
	assert_false(zipattr_executable(zipattrs_find(z, "pkg/")->attr));
}

static void layouts_read_alike(void **state)
{
	static const struct {
		size_t prefix;
		int flags;
	} cases[] = { { 0, PLAIN }, { 0, COMMENT }, { 100, PLAIN }, { 0, ZIP64 }, { 33, ZIP64 | COMMENT } };

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct strbuf z = STRBUF_INIT, why = STRBUF_INIT;
		struct zipattrs attrs = ZIPATTRS_INIT;

		make_zip(&z, members, NMEMBERS, cases[c].prefix, cases[c].flags);
		assert_int_equal(read_bytes(z.buf, z.len, &attrs, &why), 0);
		assert_string_equal(why.buf, "");
		expect_members(&attrs);
		zipattrs_release(&attrs);
		assert_int_equal(attrs.n, 0);
		strbuf_release(&z);
		strbuf_release(&why);
	}
}

/* A name with a NUL byte is left out; an empty zip has no entries. */
static void odd_names_and_empty(void **state)
{
	const struct member m[] = { { "a\0b", 3, 3 << 8, 0100755u << 16 }, { "ok", 0, 3 << 8, 0100644u << 16 } };
	struct strbuf z = STRBUF_INIT, why = STRBUF_INIT;
	struct zipattrs attrs = ZIPATTRS_INIT;

	(void)state;
	make_zip(&z, m, 2, 0, PLAIN);
	assert_int_equal(read_bytes(z.buf, z.len, &attrs, &why), 0);
	assert_int_equal(attrs.n, 1);
	assert_string_equal(attrs.v[0].name, "ok");
	zipattrs_release(&attrs);
	strbuf_reset(&z);
	make_zip(&z, NULL, 0, 0, PLAIN);
	assert_int_equal(read_bytes(z.buf, z.len, &attrs, &why), 0);
	assert_int_equal(attrs.n, 0);
	zipattrs_release(&attrs);
	strbuf_release(&z);
	strbuf_release(&why);
}

static void expect_refused(const char *data, size_t len, const char *what)
{
	struct strbuf why = STRBUF_INIT;
	struct zipattrs attrs = ZIPATTRS_INIT;

	assert_int_equal(read_bytes(data, len, &attrs, &why), -1);
	assert_non_null(strstr(why.buf, what));
	assert_int_equal(attrs.n, 0);
	assert_null(attrs.v);
	strbuf_release(&why);
}

/* Damage is a reason, never a crash or a read outside the file. */
static void damage_is_refused(void **state)
{
	struct strbuf z = STRBUF_INIT, bad = STRBUF_INIT;
	size_t eocd, first;

	(void)state;
	expect_refused("PK", 2, "too short");
	expect_refused("0123456789012345678901234567890", 31, "no end of central directory record");
	make_zip(&z, members, NMEMBERS, 0, PLAIN);
	eocd = z.len - 22;
	/* the directory's size larger than what is before the record */
	strbuf_add(&bad, z.buf, z.len);
	bad.buf[eocd + 12] = (char)0xff, bad.buf[eocd + 13] = (char)0xff;
	expect_refused(bad.buf, bad.len, "points outside the file");
	/* the first file header's signature damaged */
	first = eocd - ((size_t)(unsigned char)z.buf[eocd + 12] | (size_t)(unsigned char)z.buf[eocd + 13] << 8);
	strbuf_reset(&bad);
	strbuf_add(&bad, z.buf, z.len);
	bad.buf[first] ^= 1;
	expect_refused(bad.buf, bad.len, "damaged file header");
	/* a name length running past the directory */
	strbuf_reset(&bad);
	strbuf_add(&bad, z.buf, z.len);
	bad.buf[first + 28] = (char)0xff, bad.buf[first + 29] = 0x7f;
	expect_refused(bad.buf, bad.len, "past its end");
	/* zip64 markers without the zip64 records */
	strbuf_reset(&bad);
	strbuf_add(&bad, z.buf, z.len);
	memset(bad.buf + eocd + 8, 0xff, 4);
	expect_refused(bad.buf, bad.len, "zip64");
	strbuf_release(&bad);
	strbuf_release(&z);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layouts_read_alike),
		cmocka_unit_test(odd_names_and_empty),
		cmocka_unit_test(damage_is_refused),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
