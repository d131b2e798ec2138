/*
 * fuzz_unpack: a template archive, held in memory, unpacked as seeding
 * does: template_extract_memory() (the extraction template_extract() does)
 * into a fresh scratch directory, then, when that succeeded, relocate_tree()
 * from the template's prefix to another one.
 *
 * Each run gets its own directory, made with mkdtemp beside a sentinel
 * directory in /tmp/pyvenv-fuzz-unpack-XXXXXX, and removed afterwards (all
 * of it at exit; a crash leaves it to look at). After each run: the sentinel is exactly
 * as it was (nothing was written outside the destination, through a link or
 * a "..", whatever prefix the metadata claims), nothing else appeared beside
 * it, the working directory is where it was, and everything extracted is a
 * directory, a regular file or a symbolic link with permission bits only.
 *
 * Under libFuzzer, a custom mutator recomputes the header checksums of a
 * mutated plain tar, so that mutations reach the extraction instead of
 * stopping at libarchive's "damaged tar archive".
 *
 * Files are limited to RLIMIT_FSIZE (SIGXFSZ ignored: writing beyond fails)
 * so that a compressed bomb cannot fill the disk.
 */
#include "fuzz.h"

#include "fsutil.h"
#include "strbuf.h"
#include "template.h"
#include "relocate.h"
#include "venv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_LIMIT (16 << 20)
#define NEW_PREFIX "/tmp/pyvenv-fuzz-moved/env"

/* What the sentinel holds: files a relocation would want to rewrite. */
static const struct {
	const char *name;
	const char *text;
} sentinel_files[] = {
	{ "keep", "/ a file that holds / and /tmp/ and /usr/ and /root/ and /home/\n" },
	{ "RECORD", "bin/script,sha256=AAAA,1\n../../../bin/script,sha256=AAAA,1\n" },
	{ "script", "#!/usr/bin/python3\n# / /tmp/ /usr/ /root/ /home/\n" },
};

static char base[] = "/tmp/pyvenv-fuzz-unpack-XXXXXX";
static char cwd_at_start[PATH_MAX];

static char *path_in(const char *dir, const char *name)
{
	return xstrfmt("%s/%s", dir, name);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int open_up(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || (flag == FTW_DNR && S_ISDIR(st->st_mode)))
		chmod(path, 0700);
	return 0;
}

/* rm -rf that never follows a link. */
static void remove_tree(const char *dir)
{
	chmod(dir, 0700);
	nftw(dir, open_up, 16, FTW_PHYS);
	FUZZ_CHECK(!nftw(dir, remove_one, 16, FTW_PHYS | FTW_DEPTH) || errno == ENOENT);
}

static void cleanup(void)
{
	remove_tree(base);
}

static void setup(void)
{
	struct rlimit lim = { FILE_LIMIT, FILE_LIMIT };
	char *sentinel;

	FUZZ_CHECK(mkdtemp(base));
	FUZZ_CHECK(getcwd(cwd_at_start, sizeof(cwd_at_start)));
	sentinel = path_in(base, "sentinel");
	FUZZ_CHECK(!mkdir(sentinel, 0755));
	for (size_t i = 0; i < sizeof(sentinel_files) / sizeof(*sentinel_files); i++) {
		char *path = path_in(sentinel, sentinel_files[i].name);

		FUZZ_CHECK(!fs_write_file(path, sentinel_files[i].text, strlen(sentinel_files[i].text), 0755));
		free(path);
	}
	free(sentinel);
	signal(SIGXFSZ, SIG_IGN);
	FUZZ_CHECK(!setrlimit(RLIMIT_FSIZE, &lim));
	atexit(cleanup);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	FUZZ_CHECK(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* The sentinel is as setup() made it, and the destination is alone beside it. */
static void check_outside(void)
{
	char *sentinel = path_in(base, "sentinel");
	struct strbuf text = STRBUF_INIT;
	char cwd[PATH_MAX];
	struct stat st;

	FUZZ_CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, cwd_at_start));
	FUZZ_CHECK(count_entries(base) == 2);
	FUZZ_CHECK(!lstat(sentinel, &st) && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755);
	FUZZ_CHECK(count_entries(sentinel) == sizeof(sentinel_files) / sizeof(*sentinel_files));
	for (size_t i = 0; i < sizeof(sentinel_files) / sizeof(*sentinel_files); i++) {
		char *path = path_in(sentinel, sentinel_files[i].name);

		strbuf_reset(&text);
		FUZZ_CHECK(!lstat(path, &st) && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0755);
		FUZZ_CHECK(!strbuf_read_file(&text, path) && !strcmp(text.buf, sentinel_files[i].text));
		free(path);
	}
	strbuf_release(&text);
	free(sentinel);
}

static int check_extracted(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path;
	(void)flag;
	(void)ftw;
	FUZZ_CHECK(S_ISDIR(st->st_mode) || S_ISREG(st->st_mode) || S_ISLNK(st->st_mode));
	FUZZ_CHECK(S_ISLNK(st->st_mode) || !(st->st_mode & 07000));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char scripts_dir[] = "bin", purelib[] = "lib/python3.11/site-packages";
	static int ready;
	const struct pyinfo py = { .scripts_dir = scripts_dir, .purelib = purelib };
	struct template_meta meta;
	char *dest;

	fuzz_quiet();
	if (!ready) {
		setup();
		ready = 1;
	}
	dest = path_in(base, "dest-XXXXXX");
	FUZZ_CHECK(mkdtemp(dest));
	if (!template_extract_memory(data, size, "fuzz.tar", dest, &meta)) {
		FUZZ_CHECK(meta.prefix && meta.prefix[0] == '/');
		FUZZ_CHECK(!nftw(dest, check_extracted, 16, FTW_PHYS));
		relocate_tree(dest, &py, meta.prefix, NEW_PREFIX, meta.files, meta.nfiles);
		template_meta_release(&meta);
	}
	check_outside();
	remove_tree(dest);
	free(dest);
	return 0;
}

#ifdef PYVENV_LIBFUZZER
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define TAR_BLOCK 512

/* An octal field of a tar header; -1 when it is not one. */
static long long tar_octal(const uint8_t *field, size_t len)
{
	long long v = 0;
	size_t i = 0;

	while (i < len && field[i] == ' ')
		i++;
	for (; i < len && field[i] >= '0' && field[i] <= '7'; i++) {
		if (v > (1LL << 40))
			return -1;
		v = v * 8 + (field[i] - '0');
	}
	return v;
}

/* Gives each header of a plain tar (ustar magic first) its right checksum. */
static void tar_fix_checksums(uint8_t *data, size_t size)
{
	size_t off = 0;

	if (size < TAR_BLOCK || memcmp(data + 257, "ustar", 5))
		return;
	while (off + TAR_BLOCK <= size) {
		uint8_t *h = data + off;
		unsigned sum = 0;
		long long len;

		if (!h[0])
			break;
		memset(h + 148, ' ', 8);
		for (int i = 0; i < TAR_BLOCK; i++)
			sum += h[i];
		snprintf((char *)h + 148, 8, "%06o", sum & 0777777);
		h[155] = ' ';
		len = tar_octal(h + 124, 12);
		if (len < 0 || (unsigned long long)len > size)
			break;
		off += TAR_BLOCK + ((size_t)len + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
	}
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	(void)seed;
	size = LLVMFuzzerMutate(data, size, max_size);
	tar_fix_checksums(data, size);
	return size;
}
#endif
