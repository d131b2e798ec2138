/*
 * Unit tests for lock.h: lock files (mode 0600, never through a link,
 * removed by their holder) and directory locks, each exclusive.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lock.h"
#include "msg.h"
#include "testutil.h"

static void lock_file_is_exclusive_and_removed(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "k.lock");
	int fd, again;

	(void)state;
	fd = lock_file(path, "the test");
	assert_true(fd >= 0);
	assert_int_equal(tu_mode(path), 0600);
	/* flock belongs to the open file description: a second open, even in
	 * this process, does not get it. */
	again = lock_file_try(path);
	assert_int_equal(again, LOCK_BUSY);
	lock_file_release(fd, path);
	assert_false(tu_exists(path));
	again = lock_file_try(path);
	assert_true(again >= 0);
	lock_file_release(again, path);
	assert_false(tu_exists(path));
	free(path);
	free(dir);
}

static void lock_file_never_through_a_link(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "k.lock"), *target = tu_path(dir, "target");

	(void)state;
	tu_write_str(target, "keep", 0644);
	assert_int_equal(symlink(target, path), 0);
	msg_mute();
	assert_int_equal(lock_file_try(path), -1);
	msg_unmute();
	assert_int_equal(tu_mode(target), 0644);
	free(path);
	free(target);
	free(dir);
}

static void directory_locks(void **state)
{
	char *dir = tu_mkdtemp(), *missing = tu_path(dir, "missing");
	int fd;

	(void)state;
	fd = lock_dir(dir, "the directory");
	assert_true(fd >= 0);
	assert_int_equal(lock_dir_try(dir), LOCK_BUSY);
	lock_release(fd);
	fd = lock_dir_try(dir);
	assert_true(fd >= 0);
	lock_release(fd);
	msg_mute();
	errno = 0;
	assert_int_equal(lock_dir(missing, "a missing directory"), -1);
	assert_int_equal(errno, ENOENT);
	msg_unmute();
	free(missing);
	free(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lock_file_is_exclusive_and_removed),
		cmocka_unit_test(lock_file_never_through_a_link),
		cmocka_unit_test(directory_locks),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
