/*
 * Unit tests for trust.h (which cache parts may be believed), manifest.h
 * (a tree proven unchanged) and lock.h (lock files nobody else can hold,
 * removed by their holder). Directories live under /tmp, which is sticky:
 * an ancestor the rule accepts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lock.h"
#include "manifest.h"
#include "strbuf.h"
#include "testutil.h"
#include "trust.h"

#include <sys/file.h>

static int trusted(const char *dir)
{
	struct strbuf why = STRBUF_INIT;
	int ok = trust_dir(dir, &why) == 0;

	strbuf_release(&why);
	return ok;
}

static void trust_modes(void **state)
{
	char *top = tu_mkdtemp(), *a = xstrfmt("%s/a", top), *b = xstrfmt("%s/a/b", top);

	(void)state;
	assert_int_equal(mkdir(a, 0755), 0);
	assert_int_equal(mkdir(b, 0755), 0);
	assert_true(trusted(b));
	/* The part itself: not writable by group or others. */
	chmod(b, 0775);
	assert_false(trusted(b));
	chmod(b, 0757);
	assert_false(trusted(b));
	chmod(b, 0755);
	/* An ancestor writable by others, unless sticky. */
	chmod(a, 0777);
	assert_false(trusted(b));
	chmod(a, 01777);
	assert_true(trusted(b));
	chmod(a, 0775);
	assert_false(trusted(b));
	chmod(a, 0755);
	/* ".." as the kernel takes it: through a/b, back to a. */
	{
		char *up = xstrfmt("%s/a/b/..", top);

		assert_true(trusted(up));
		free(up);
	}
	free(a);
	free(b);
	tu_rmtree(top);
	free(top);
}

static void trust_links_and_owners(void **state)
{
	char *top = tu_mkdtemp(), *real = xstrfmt("%s/real", top), *link = xstrfmt("%s/link", top);
	char *loose = xstrfmt("%s/loose", top), *via = xstrfmt("%s/link2", top);

	(void)state;
	assert_int_equal(mkdir(real, 0755), 0);
	assert_int_equal(symlink("real", link), 0);
	assert_true(trusted(link));
	/* A link to a directory others can write: what it leads to counts. */
	assert_int_equal(mkdir(loose, 0777), 0);
	chmod(loose, 0777);
	assert_int_equal(symlink("loose", via), 0);
	assert_false(trusted(via));
	if (geteuid() == 0) {
		/* Owned by another user: the part, or a link on the way. */
		assert_int_equal(chown(real, 65534, 65534), 0);
		assert_false(trusted(real));
		assert_int_equal(chown(real, 0, 0), 0);
		assert_int_equal(lchown(link, 65534, 65534), 0);
		assert_false(trusted(link));
	}
	{
		struct strbuf why = STRBUF_INIT;
		struct stat st;

		assert_int_equal(lstat(link, &st), 0);
		assert_int_equal(trust_entry(link, &st, S_IFDIR, &why), -1);
		assert_non_null(strstr(why.buf, "symbolic link"));
		strbuf_release(&why);
	}
	free(real);
	free(link);
	free(loose);
	free(via);
	tu_rmtree(top);
	free(top);
}

/* Builds top/tree with a file, a directory and a link, and its manifest. */
static char *make_tree(const char *top, struct manifest *m)
{
	char *tree = xstrfmt("%s/tree", top), *file, *sub, *lnk, *man;
	struct strbuf list = STRBUF_INIT, why = STRBUF_INIT;

	assert_int_equal(mkdir(tree, 0755), 0);
	file = xstrfmt("%s/f.py", tree);
	sub = xstrfmt("%s/sub", tree);
	lnk = xstrfmt("%s/lnk", tree);
	tu_write_str(file, "x = 1\n", 0664);
	assert_int_equal(mkdir(sub, 0775), 0);
	assert_int_equal(symlink("sub", lnk), 0);
	/* Group-writable whatever the umask: manifest_build takes it away. */
	assert_int_equal(chmod(file, 0664), 0);
	assert_int_equal(chmod(sub, 0775), 0);
	assert_int_equal(manifest_build(tree, &list), 0);
	man = xstrfmt("%s/%s", tree, MANIFEST_NAME);
	tu_write(man, list.buf, list.len, 0644);
	assert_int_equal(manifest_load(m, man, &why), 0);
	assert_int_equal(m->n, 3);
	strbuf_release(&list);
	strbuf_release(&why);
	free(file);
	free(sub);
	free(lnk);
	free(man);
	return tree;
}

/* Checks every entry of tree against m: 0 all as recorded, -1 not. */
static int check_all(struct manifest *m, const char *tree)
{
	static const char *const names[] = { "f.py", "sub", "lnk" };
	struct strbuf why = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < m->n; i++)
		m->v[i].seen = 0;
	m->seen = 0;
	for (size_t i = 0; i < 3 && !ret; i++) {
		char *path = xstrfmt("%s/%s", tree, names[i]), target[64] = "";
		struct stat st;
		ssize_t n;

		if (lstat(path, &st)) {
			free(path);
			continue;
		}
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		ret = manifest_check(m, names[i], &st, target, &why);
		free(path);
	}
	if (!ret)
		ret = manifest_all_seen(m, &why);
	strbuf_release(&why);
	return ret;
}

static void manifest_detects_changes(void **state)
{
	char *top = tu_mkdtemp();
	struct manifest m = MANIFEST_INIT;
	char *tree = make_tree(top, &m), *file = xstrfmt("%s/f.py", tree), *lnk = xstrfmt("%s/lnk", tree);
	struct stat st;

	(void)state;
	/* Recorded without group write (taken away when building). */
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(check_all(&m, tree), 0);
	/* Changed in place (size and time). */
	tu_write_str(file, "x = 2 # longer\n", 0644);
	assert_int_equal(check_all(&m, tree), -1);
	manifest_release(&m);
	tu_rmtree(tree);
	free(tree);
	free(file);
	free(lnk);

	tree = make_tree(top, &m);
	file = xstrfmt("%s/f.py", tree);
	lnk = xstrfmt("%s/lnk", tree);
	/* Re-moded. */
	chmod(file, 0646);
	assert_int_equal(check_all(&m, tree), -1);
	chmod(file, 0644);
	assert_int_equal(check_all(&m, tree), 0);
	/* Replaced by another file (same contents, time and mode, other inode). */
	{
		char *copy = xstrfmt("%s/copy", top);
		struct timespec t[2];

		assert_int_equal(stat(file, &st), 0);
		t[0] = st.st_atim;
		t[1] = st.st_mtim;
		tu_write_str(copy, "x = 1\n", 0644);
		assert_int_equal(utimensat(AT_FDCWD, copy, t, 0), 0);
		assert_int_equal(rename(copy, file), 0);
		assert_int_equal(check_all(&m, tree), -1);
		free(copy);
	}
	/* A link that leads elsewhere; one removed. */
	unlink(lnk);
	assert_int_equal(symlink("elsewhere", lnk), 0);
	assert_int_equal(check_all(&m, tree), -1);
	unlink(lnk);
	assert_int_equal(check_all(&m, tree), -1);
	manifest_release(&m);
	free(tree);
	free(file);
	free(lnk);
	tu_rmtree(top);
	free(top);
}

static void manifest_refuses_malformed(void **state)
{
	char *top = tu_mkdtemp(), *path = xstrfmt("%s/m", top);
	static const char bad1[] = "not a manifest";
	static const char bad2[] = MANIFEST_MAGIC "\0f 644 1 2 3\0b\0\0f 644 1 2 3\0a\0"; /* unsorted */
	static const char bad3[] = MANIFEST_MAGIC "\0f 644 x 2 3\0a\0";
	const char *const cases[] = { bad1, bad2, bad3 };
	const size_t lens[] = { sizeof(bad1), sizeof(bad2), sizeof(bad3) };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct manifest m = MANIFEST_INIT;
		struct strbuf why = STRBUF_INIT;

		tu_write(path, cases[i], lens[i] - 1, 0644);
		assert_int_equal(manifest_load(&m, path, &why), -1);
		assert_true(why.len > 0);
		manifest_release(&m);
		strbuf_release(&why);
	}
	free(path);
	tu_rmtree(top);
	free(top);
}

static void lock_files(void **state)
{
	char *top = tu_mkdtemp(), *path = xstrfmt("%s/x.lock", top), *target = xstrfmt("%s/target", top);
	const mode_t old = umask(0);
	struct stat st;
	int fd, other;

	(void)state;
	fd = lock_file(path, "the test");
	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(lock_file_try(path), LOCK_BUSY);
	lock_file_release(fd, path);
	assert_int_equal(access(path, F_OK), -1);
	/* A waiter granted the lock on a removed file starts over on a new
	 * one: hold an old descriptor of it here, remove it, lock anew. */
	other = open(path, O_RDWR | O_CREAT, 0600);
	assert_true(other >= 0);
	assert_int_equal(flock(other, LOCK_EX), 0);
	unlink(path);
	fd = lock_file_try(path);
	assert_true(fd >= 0); /* not blocked by the removed file's lock */
	lock_file_release(fd, path);
	close(other);
	/* Never through a symbolic link. */
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(lock_file_try(path), -1);
	assert_int_equal(access(target, F_OK), -1);
	free(path);
	free(target);
	tu_rmtree(top);
	free(top);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trust_modes),
		cmocka_unit_test(trust_links_and_owners),
		cmocka_unit_test(manifest_detects_changes),
		cmocka_unit_test(manifest_refuses_malformed),
		cmocka_unit_test(lock_files),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
