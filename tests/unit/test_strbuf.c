/*
 * Unit tests for strbuf.h: growable NUL-terminated buffers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "strbuf.h"
#include "testutil.h"

/* The invariant every strbuf keeps. */
static void check_invariant(const struct strbuf *sb)
{
	assert_non_null(sb->buf);
	assert_int_equal(sb->buf[sb->len], '\0');
	if (sb->alloc)
		assert_true(sb->len < sb->alloc);
	else
		assert_int_equal(sb->len, 0);
}

static void init_is_empty_and_unallocated(void **state)
{
	struct strbuf a = STRBUF_INIT, b;

	(void)state;
	assert_int_equal(a.len, 0);
	assert_int_equal(a.alloc, 0);
	assert_ptr_equal(a.buf, strbuf_slopbuf);
	assert_string_equal(a.buf, "");
	strbuf_init(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_ptr_equal(b.buf, strbuf_slopbuf);
	/* No-ops on a never-grown buffer. */
	strbuf_release(&a);
	strbuf_reset(&a);
	strbuf_setlen(&a, 0);
	assert_ptr_equal(a.buf, strbuf_slopbuf);
	assert_int_equal(a.alloc, 0);
	assert_string_equal(strbuf_slopbuf, "");
}

static void add_binary_data(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	static const char data[] = { 'a', '\0', 'b', '\xff', '\n' };

	(void)state;
	strbuf_add(&sb, data, sizeof(data));
	check_invariant(&sb);
	assert_int_equal(sb.len, 5);
	assert_memory_equal(sb.buf, data, 5);
	strbuf_add(&sb, "xyz", 0);
	assert_int_equal(sb.len, 5);
	strbuf_add(&sb, "xyz", 2);
	assert_int_equal(sb.len, 7);
	assert_memory_equal(sb.buf, "a\0b\xff\nxy", 8);
	check_invariant(&sb);
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
}

static void add_empty_to_init_stays_valid(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_add(&sb, "", 0);
	check_invariant(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "");
	strbuf_addf(&sb, "%s", "");
	check_invariant(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	/* The shared empty string must never have been written to. */
	assert_string_equal(strbuf_slopbuf, "");
	strbuf_release(&sb);
}

static void addstr_and_addch(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "hello");
	strbuf_addch(&sb, ',');
	strbuf_addch(&sb, ' ');
	strbuf_addstr(&sb, "world");
	strbuf_addch(&sb, '\xe9');
	strbuf_addch(&sb, 0x1ff); /* only the low byte */
	check_invariant(&sb);
	assert_int_equal(sb.len, 14);
	assert_string_equal(sb.buf, "hello, world\xe9\xff");
	strbuf_addch(&sb, '\0');
	assert_int_equal(sb.len, 15);
	assert_int_equal(sb.buf[14], '\0');
	assert_int_equal(sb.buf[15], '\0');
	strbuf_release(&sb);
}

static void addf_formats_and_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "pre:");
	strbuf_addf(&sb, "%d|%5s|%-3s|%05.1f|%x|%%|%c|%zu", -42, "ab", "c", 3.14159, 255u, 'Z',
		    (size_t)123456789);
	check_invariant(&sb);
	assert_string_equal(sb.buf, "pre:-42|   ab|c  |003.1|ff|%|Z|123456789");
	assert_int_equal(sb.len, strlen("pre:-42|   ab|c  |003.1|ff|%|Z|123456789"));
	strbuf_addf(&sb, "%s", "");
	assert_int_equal(sb.len, strlen("pre:-42|   ab|c  |003.1|ff|%|Z|123456789"));
	strbuf_release(&sb);
}

static void addf_larger_than_buffer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *big = xmalloc(100001);

	(void)state;
	memset(big, 'q', 100000);
	big[100000] = '\0';
	strbuf_addstr(&sb, "x");
	strbuf_addf(&sb, "<%s>%d", big, 7);
	check_invariant(&sb);
	assert_int_equal(sb.len, 1 + 1 + 100000 + 1 + 1);
	assert_int_equal(sb.buf[0], 'x');
	assert_int_equal(sb.buf[1], '<');
	assert_memory_equal(sb.buf + 2, big, 100000);
	assert_string_equal(sb.buf + 100002, ">7");
	free(big);
	strbuf_release(&sb);
}

static void vaddf_helper(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

static void vaddf_and_xstrfmt(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	(void)state;
	vaddf_helper(&sb, "%s=%d", "n", 5);
	vaddf_helper(&sb, ";%s", "more");
	assert_string_equal(sb.buf, "n=5;more");
	strbuf_release(&sb);
	s = xstrfmt("%s/%s", "/a", "b");
	assert_string_equal(s, "/a/b");
	free(s);
	s = xstrfmt("%s", "");
	assert_string_equal(s, "");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	s = xstrdup("dup");
	assert_string_equal(s, "dup");
	free(s);
}

static void setlen_truncates_and_reset(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t alloc;

	(void)state;
	strbuf_addstr(&sb, "abcdefgh");
	strbuf_setlen(&sb, 3);
	check_invariant(&sb);
	assert_int_equal(sb.len, 3);
	assert_string_equal(sb.buf, "abc");
	strbuf_addstr(&sb, "XY");
	assert_string_equal(sb.buf, "abcXY");
	/* setlen may also extend within the allocation (bytes already there). */
	strbuf_setlen(&sb, 4);
	assert_string_equal(sb.buf, "abcX");
	alloc = sb.alloc;
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.alloc, alloc); /* reset keeps the memory */
	strbuf_addstr(&sb, "again");
	assert_string_equal(sb.buf, "again");
	strbuf_release(&sb);
}

static void detach_hands_over_buffer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	(void)state;
	strbuf_addstr(&sb, "owned");
	s = strbuf_detach(&sb);
	assert_string_equal(s, "owned");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	free(s);
	/* Detaching a never-grown buffer still gives a freeable string. */
	s = strbuf_detach(&sb);
	assert_non_null(s);
	assert_ptr_not_equal(s, strbuf_slopbuf);
	assert_string_equal(s, "");
	free(s);
	/* The buffer is usable again after a detach. */
	strbuf_addstr(&sb, "next");
	assert_string_equal(sb.buf, "next");
	strbuf_release(&sb);
}

static void grow_reserves_space(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *before;

	(void)state;
	strbuf_addstr(&sb, "ab");
	strbuf_grow(&sb, 1000);
	assert_true(sb.alloc >= sb.len + 1000 + 1);
	assert_string_equal(sb.buf, "ab");
	before = sb.buf;
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'c');
	assert_ptr_equal(sb.buf, before); /* no reallocation was needed */
	assert_int_equal(sb.len, 1002);
	check_invariant(&sb);
	strbuf_release(&sb);
	/* Growing a fresh buffer gives an empty, terminated string. */
	strbuf_grow(&sb, 10);
	assert_true(sb.alloc >= 11);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void growth_past_large_sizes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const size_t n = 3 * 1000 * 1000;
	const size_t block = 24 * 1024 * 1024;
	char *big;

	(void)state;
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&sb, (char)('a' + i % 26));
	check_invariant(&sb);
	assert_int_equal(sb.len, n);
	for (size_t i = 0; i < n; i++)
		if (sb.buf[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is %d", i, sb.buf[i]);
	/* One big append on top. */
	big = xmalloc(block);
	for (size_t i = 0; i < block; i++)
		big[i] = (char)(i * 7);
	strbuf_add(&sb, big, block);
	check_invariant(&sb);
	assert_int_equal(sb.len, n + block);
	assert_int_equal(sb.buf[n - 1], (char)('a' + (n - 1) % 26));
	assert_memory_equal(sb.buf + n, big, block);
	free(big);
	strbuf_release(&sb);
}

static void read_file_appends_whole_file(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = tu_path(dir, "data.bin");
	const size_t size = 100000 + 3; /* several read() chunks, not a multiple */
	char *data = xmalloc(size);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < size; i++)
		data[i] = (char)(i % 251);
	tu_write(path, data, size, 0644);
	strbuf_addstr(&sb, "head");
	assert_int_equal(strbuf_read_file(&sb, path), 0);
	check_invariant(&sb);
	assert_int_equal(sb.len, 4 + size);
	assert_memory_equal(sb.buf, "head", 4);
	assert_memory_equal(sb.buf + 4, data, size);
	/* Appends again. */
	assert_int_equal(strbuf_read_file(&sb, path), 0);
	assert_int_equal(sb.len, 4 + 2 * size);
	assert_memory_equal(sb.buf + 4 + size, data, size);
	strbuf_release(&sb);
	free(data);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void read_file_empty_and_missing(void **state)
{
	char *dir = tu_mkdtemp();
	char *empty = tu_path(dir, "empty");
	char *missing = tu_path(dir, "missing");
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	tu_write(empty, "", 0, 0644);
	strbuf_addstr(&sb, "keep");
	assert_int_equal(strbuf_read_file(&sb, empty), 0);
	assert_string_equal(sb.buf, "keep");
	assert_int_equal(sb.len, 4);
	errno = 0;
	assert_int_equal(strbuf_read_file(&sb, missing), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(sb.buf, "keep");
	assert_int_equal(sb.len, 4);
	/* A directory cannot be read: -1 with EISDIR, buffer unchanged. */
	errno = 0;
	assert_int_equal(strbuf_read_file(&sb, dir), -1);
	assert_int_equal(errno, EISDIR);
	assert_string_equal(sb.buf, "keep");
	assert_int_equal(sb.len, 4);
	strbuf_release(&sb);
	free(empty);
	free(missing);
	tu_rmtree(dir);
	free(dir);
}

static void read_fd_from_pipe(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "through\0a pipe", 14), 14);
	close(fds[1]);
	assert_int_equal(strbuf_read_fd(&sb, fds[0]), 0);
	close(fds[0]);
	assert_int_equal(sb.len, 14);
	assert_memory_equal(sb.buf, "through\0a pipe", 15);
	/* A closed descriptor: -1, EBADF. */
	errno = 0;
	assert_int_equal(strbuf_read_fd(&sb, fds[0]), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(sb.len, 14);
	strbuf_release(&sb);
}

static void xalloc_zero_sizes(void **state)
{
	void *p;

	(void)state;
	p = xmalloc(0);
	assert_non_null(p);
	free(p);
	p = xcalloc(0, 0);
	assert_non_null(p);
	free(p);
	p = xcalloc(4, 8);
	assert_non_null(p);
	for (int i = 0; i < 32; i++)
		assert_int_equal(((unsigned char *)p)[i], 0);
	p = xrealloc(p, 0);
	assert_non_null(p);
	free(p);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_is_empty_and_unallocated),
		cmocka_unit_test(add_binary_data),
		cmocka_unit_test(add_empty_to_init_stays_valid),
		cmocka_unit_test(addstr_and_addch),
		cmocka_unit_test(addf_formats_and_appends),
		cmocka_unit_test(addf_larger_than_buffer),
		cmocka_unit_test(vaddf_and_xstrfmt),
		cmocka_unit_test(setlen_truncates_and_reset),
		cmocka_unit_test(detach_hands_over_buffer),
		cmocka_unit_test(grow_reserves_space),
		cmocka_unit_test(growth_past_large_sizes),
		cmocka_unit_test(read_file_appends_whole_file),
		cmocka_unit_test(read_file_empty_and_missing),
		cmocka_unit_test(read_fd_from_pipe),
		cmocka_unit_test(xalloc_zero_sizes),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
