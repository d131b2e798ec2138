/*
 * Unit tests for tcache.h: an entry's paths, opening one (absent, then
 * present once its archive and digest are there), removing it under its
 * lock (left alone while another run holds it), and the sweep of what
 * killed runs left.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hash.h"
#include "lock.h"
#include "msg.h"
#include "strbuf.h"
#include "tcache.h"
#include "testutil.h"

#define KEY "0123abcd"

/* A cache with the directories an entry lives in (mode 0700: trusted). */
static char *new_cache(void)
{
	char *cache = tu_mkdtemp(), *p;

	p = tu_path(cache, "templates");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = tu_path(cache, "trees");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	return cache;
}

/* A complete entry: archive, its digest (as tcache writes it), a tree. */
static void fill(const char *cache)
{
	char *archive = xstrfmt("%s/templates/" KEY ".tar.zst", cache);
	char *sidecar = xstrfmt("%s/templates/" KEY ".sha256", cache);
	char *tree = xstrfmt("%s/trees/" KEY, cache), *f = xstrfmt("%s/trees/" KEY "/f", cache);
	unsigned char d[HASH_LEN];
	struct strbuf hex = STRBUF_INIT;

	tu_write_str(archive, "not really zstd", 0644);
	hash_buffer("not really zstd", 15, d);
	hash_hex(&hex, d, HASH_LEN);
	strbuf_addch(&hex, '\n');
	tu_write_str(sidecar, hex.buf, 0644);
	assert_int_equal(mkdir(tree, 0755), 0);
	tu_write_str(f, "x", 0644);
	strbuf_release(&hex);
	free(archive);
	free(sidecar);
	free(tree);
	free(f);
}

static void paths_of_an_entry(void **state)
{
	struct tcache_entry e;

	(void)state;
	tcache_paths("/c", KEY, &e);
	assert_string_equal(e.archive, "/c/templates/" KEY ".tar.zst");
	assert_string_equal(e.sidecar, "/c/templates/" KEY ".sha256");
	assert_string_equal(e.lockfile, "/c/templates/" KEY ".lock");
	assert_string_equal(e.tree, "/c/trees/" KEY);
	assert_int_equal(e.lock, -1);
	tcache_close(&e);
}

static void open_absent_then_present(void **state)
{
	char *cache = new_cache();
	struct tcache_entry e;

	(void)state;
	assert_int_equal(tcache_open(cache, KEY, &e), 0);
	assert_false(e.present);
	assert_true(e.lock >= 0);
	assert_true(tu_exists(e.lockfile));
	tcache_close(&e);
	fill(cache);
	assert_int_equal(tcache_open(cache, KEY, &e), 0);
	assert_true(e.present);
	tcache_close(&e);
	/* Nothing is left of the lock once closed. */
	{
		char *lock = xstrfmt("%s/templates/" KEY ".lock", cache);

		assert_false(tu_exists(lock));
		free(lock);
	}
	free(cache);
}

static void remove_unless_held(void **state)
{
	char *cache = new_cache();
	struct tcache_entry e;
	int held;

	(void)state;
	fill(cache);
	tcache_paths(cache, KEY, &e);
	held = lock_file_try(e.lockfile);
	assert_true(held >= 0);
	msg_mute();
	assert_int_equal(tcache_remove(cache, KEY), 0); /* in use: left alone */
	msg_unmute();
	assert_true(tu_exists(e.archive));
	lock_file_release(held, e.lockfile);
	assert_int_equal(tcache_remove(cache, KEY), 1);
	assert_false(tu_exists(e.archive));
	assert_false(tu_exists(e.sidecar));
	assert_false(tu_exists(e.tree));
	assert_false(tu_exists(e.lockfile));
	tcache_close(&e);
	free(cache);
}

static void sweep_what_killed_runs_left(void **state)
{
	char *cache = new_cache();
	char *tmp_archive = xstrfmt("%s/templates/" KEY ".tar.zst.pyvenv-tmp-abc", cache);
	char *tmp_tree = xstrfmt("%s/trees/" KEY ".pyvenv-tmp-def", cache);
	char *other = xstrfmt("%s/templates/ffff.tar.zst.pyvenv-tmp-ghi", cache);
	struct tcache_entry busy;
	int held;

	(void)state;
	fill(cache);
	tu_write_str(tmp_archive, "half", 0644);
	assert_int_equal(mkdir(tmp_tree, 0755), 0);
	tu_write_str(other, "half", 0644);
	/* ffff is held by a run: its leftovers may be its work in progress. */
	tcache_paths(cache, "ffff", &busy);
	held = lock_file_try(busy.lockfile);
	assert_true(held >= 0);
	assert_int_equal(tcache_sweep(cache), 0);
	assert_false(tu_exists(tmp_archive));
	assert_false(tu_exists(tmp_tree));
	assert_true(tu_exists(other));
	lock_file_release(held, busy.lockfile);
	tcache_close(&busy);
	/* The complete entry is not touched. */
	{
		struct tcache_entry e;

		tcache_paths(cache, KEY, &e);
		assert_true(tu_exists(e.archive));
		assert_true(tu_exists(e.tree));
		tcache_close(&e);
	}
	free(tmp_archive);
	free(tmp_tree);
	free(other);
	free(cache);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_of_an_entry),
		cmocka_unit_test(open_absent_then_present),
		cmocka_unit_test(remove_unless_held),
		cmocka_unit_test(sweep_what_killed_runs_left),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
