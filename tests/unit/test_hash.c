/*
 * Unit tests for hash.h. Expected digests from Python 3.11's hashlib and
 * base64.urlsafe_b64encode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hash.h"
#include "msg.h"
#include "strbuf.h"
#include "testutil.h"

static const char empty_hex[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char abc_hex[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char big_hex[] = "6d1cf22d7cc09b085dfc25ee1a1f3ae0265804c607bc2074ad253bcc82fd81ee";

static void expect_hex(const unsigned char d[HASH_LEN], const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	hash_hex(&sb, d, HASH_LEN);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void buffer_and_incremental_agree(void **state)
{
	unsigned char d[HASH_LEN];
	struct hash_ctx *ctx;

	(void)state;
	hash_buffer("", 0, d);
	expect_hex(d, empty_hex);
	hash_buffer("abc", 3, d);
	expect_hex(d, abc_hex);
	ctx = hash_new();
	hash_update(ctx, "a", 1);
	hash_update(ctx, "", 0);
	hash_update(ctx, "bc", 2);
	hash_final(ctx, d);
	expect_hex(d, abc_hex);
}

/* hash_update_str adds the NUL: "ab","c" is not "a","bc". */
static void strings_are_delimited(void **state)
{
	unsigned char d1[HASH_LEN], d2[HASH_LEN];
	struct hash_ctx *ctx = hash_new();

	(void)state;
	hash_update_str(ctx, "ab");
	hash_update_str(ctx, "c");
	hash_final(ctx, d1);
	expect_hex(d1, "629c2f14f654f026086f2aefe1855533d0897f49df86a19073be17b237361b09");
	ctx = hash_new();
	hash_update_str(ctx, "a");
	hash_update_str(ctx, "bc");
	hash_final(ctx, d2);
	assert_memory_not_equal(d1, d2, HASH_LEN);
}

static void record_form(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char d[HASH_LEN];

	(void)state;
	hash_buffer("", 0, d);
	hash_record_digest(&sb, d);
	assert_string_equal(sb.buf, "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
	strbuf_reset(&sb);
	hash_buffer("abc", 3, d);
	hash_record_digest(&sb, d);
	assert_string_equal(sb.buf, "sha256=ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
	strbuf_release(&sb);
}

/* A file larger than one read, by path and by descriptor (what is left). */
static void files_streamed(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "big"), *data = malloc(100000);
	unsigned char d[HASH_LEN];
	int fd;

	(void)state;
	memset(data, 'a', 100000);
	tu_write(path, data, 100000, 0644);
	assert_int_equal(hash_file(path, d), 0);
	expect_hex(d, big_hex);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 99997, SEEK_SET), 99997);
	assert_int_equal(hash_fd(fd, d), 0);
	{
		unsigned char want[HASH_LEN];

		hash_buffer("aaa", 3, want);
		assert_memory_equal(d, want, HASH_LEN);
	}
	close(fd);
	/* A missing file: -1, reported. */
	msg_mute();
	assert_int_equal(hash_file("/nonexistent/file", d), -1);
	msg_unmute();
	/* A directory cannot be read: -1 with errno. */
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(hash_fd(fd, d), -1);
	assert_int_equal(errno, EISDIR);
	close(fd);
	free(data);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buffer_and_incremental_agree),
		cmocka_unit_test(strings_are_delimited),
		cmocka_unit_test(record_form),
		cmocka_unit_test(files_streamed),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
