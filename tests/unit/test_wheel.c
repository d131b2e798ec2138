/*
 * Unit tests for wheel.h: console script names, and wheel_install end to
 * end on wheels built here with libarchive.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "script.h"
#include "strbuf.h"
#include "testutil.h"
#include "wheel.h"

#include <archive.h>
#include <archive_entry.h>

/* --- wheel_script_names ------------------------------------------------------ */

static void check_names(const char *name, int major, int minor, int want_n, const char *const *want)
{
	char *names[3] = { NULL, NULL, NULL };
	int n = wheel_script_names(name, major, minor, names);

	if (n != want_n)
		fail_msg("wheel_script_names(\"%s\", %d, %d) gave %d names, expected %d", name, major, minor, n,
			 want_n);
	for (int i = 0; i < n; i++) {
		assert_string_equal(names[i], want[i]);
		free(names[i]);
	}
}

static void script_names_pip(void **state)
{
	static const char *const pip312[] = { "pip", "pip3", "pip3.12" };
	static const char *const pip39[] = { "pip", "pip3", "pip3.9" };

	(void)state;
	check_names("pip", 3, 12, 3, pip312);
	check_names("pip", 3, 9, 3, pip39);
	/* versioned names of the machine that built the wheel: dropped */
	check_names("pip3", 3, 12, 0, NULL);
	check_names("pip3.9", 3, 12, 0, NULL);
	check_names("pip3.12", 3, 12, 0, NULL);
}

static void script_names_easy_install(void **state)
{
	static const char *const ei[] = { "easy_install", "easy_install-3.12" };

	(void)state;
	check_names("easy_install", 3, 12, 2, ei);
	check_names("easy_install-3.9", 3, 12, 0, NULL);
	check_names("easy_install-3.12", 3, 12, 0, NULL);
}

static void script_names_others_kept(void **state)
{
	static const char *const black[] = { "black" };
	static const char *const pipx[] = { "pipx" };
	static const char *const pipenv[] = { "pipenv" };
	static const char *const pip_audit[] = { "pip-audit" };
	static const char *const eix[] = { "easy_installer" };
	static const char *const wheel[] = { "wheel" };

	(void)state;
	check_names("black", 3, 12, 1, black);
	check_names("pipx", 3, 12, 1, pipx);
	check_names("pipenv", 3, 12, 1, pipenv);
	check_names("pip-audit", 3, 12, 1, pip_audit);
	check_names("easy_installer", 3, 12, 1, eix);
	check_names("wheel", 3, 12, 1, wheel);
}

/* --- building wheels ---------------------------------------------------------- */

struct member {
	const char *name;
	const char *data; /* NULL for a directory; for a symlink, its target */
	mode_t perm;      /* 0: 0644 */
	unsigned type;    /* 0: regular file, else AE_IFDIR / AE_IFLNK */
};

/* Appends a RECORD row "name,sha256=...,size" (CSV-quoted as needed). */
static void record_row(struct strbuf *rec, const char *name, const char *data)
{
	unsigned char digest[HASH_LEN];

	hash_buffer(data, strlen(data), digest);
	if (strchr(name, ','))
		strbuf_addf(rec, "\"%s\",", name);
	else
		strbuf_addf(rec, "%s,", name);
	hash_record_digest(rec, digest);
	strbuf_addf(rec, ",%zu\n", strlen(data));
}

/* Writes a zip with the members, in order; asserts that reading it back
 * gives exactly those names (libarchive does not rewrite them). */
static void write_zip(const char *path, const struct member *m, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t i = 0;
	int r;

	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		const unsigned type = m[i].type ? m[i].type : AE_IFREG;

		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_filetype(e, type);
		archive_entry_set_perm(e, m[i].perm ? m[i].perm : type == AE_IFDIR ? 0755 : 0644);
		archive_entry_set_mtime(e, 1700000000, 0);
		if (type == AE_IFREG)
			archive_entry_set_size(e, (la_int64_t)strlen(m[i].data));
		else if (type == AE_IFLNK)
			archive_entry_set_symlink(e, m[i].data);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (type == AE_IFREG && *m[i].data)
			assert_int_equal(archive_write_data(a, m[i].data, strlen(m[i].data)),
					 (la_ssize_t)strlen(m[i].data));
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	a = archive_read_new();
	archive_read_support_format_zip_seekable(a);
	assert_int_equal(archive_read_open_filename(a, path, 10240), ARCHIVE_OK);
	for (i = 0; (r = archive_read_next_header(a, &e)) == ARCHIVE_OK; i++) {
		assert_true(i < n);
		assert_string_equal(archive_entry_pathname(e), m[i].name);
	}
	assert_int_equal(r, ARCHIVE_EOF);
	assert_int_equal(i, n);
	archive_read_free(a);
}

#define DI "demo-1.0.dist-info/"
#define DD "demo-1.0.data/"

static const char init_py[] = "def main():\n    print('demo main')\n    return 0\n";
static const char cli_py[] = "import sys\ndef main():\n    print('cli', sys.argv[1:])\n    return 4\n";
static const char run_sh[] = "#!/bin/sh\necho run\n";
static const char comma_txt[] = "a comma in my name\n";
static const char metadata[] = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n";
static const char wheel_meta[] = "Wheel-Version: 1.0\nGenerator: test_wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
static const char entry_points[] =
	"[console_scripts]\n"
	"demo-cli = demo.cli:main [extra]\n"
	"\n"
	"[gui_scripts]\n"
	"demo-gui = demo:main\n"
	"\n"
	"[demo.plugins]\n"
	"plug = demo:main\n";
static const char tool[] = "#!python\nprint('tool')\n";
static const char plain_sh[] = "#!/bin/sh\necho plain\n";
static const char header_h[] = "int demo;\n";
static const char readme[] = "hello\n";

/* The good demo wheel's members, RECORD last (filled in by build_demo). */
static struct member demo_members[] = {
	{ "demo/", NULL, 0, AE_IFDIR },
	{ "demo/__init__.py", init_py, 0, 0 },
	{ "demo/cli.py", cli_py, 0, 0 },
	{ "demo/run.sh", run_sh, 0755, 0 },
	{ "demo/a,b.txt", comma_txt, 0, 0 },
	{ DI "METADATA", metadata, 0, 0 },
	{ DI "WHEEL", wheel_meta, 0, 0 },
	{ DI "entry_points.txt", entry_points, 0, 0 },
	{ DD "scripts/tool", tool, 0755, 0 },
	{ DD "scripts/plain.sh", plain_sh, 0, 0 },
	{ DD "headers/demo.h", header_h, 0, 0 },
	{ DD "data/share/demo/readme.txt", readme, 0, 0 },
	{ DI "RECORD", NULL, 0, 0 },
};
#define NDEMO (sizeof(demo_members) / sizeof(demo_members[0]))

/*
 * Writes a wheel made of members (the last one must be DI "RECORD" with data
 * NULL: its text is computed, a correct row for every regular member, then
 * "extra" appended). Members listed in skip_record are left out of it.
 */
static void build_wheel(const char *path, struct member *members, size_t n, const char *extra,
			const char *skip_record)
{
	struct strbuf rec = STRBUF_INIT;

	for (size_t i = 0; i + 1 < n; i++) {
		if (members[i].type || (skip_record && !strcmp(skip_record, members[i].name)))
			continue;
		record_row(&rec, members[i].name, members[i].data);
	}
	strbuf_addstr(&rec, DI "RECORD,,\n");
	if (extra)
		strbuf_addstr(&rec, extra);
	assert_string_equal(members[n - 1].name, DI "RECORD");
	members[n - 1].data = rec.buf;
	write_zip(path, members, n);
	members[n - 1].data = NULL;
	strbuf_release(&rec);
}

/* --- the destination ---------------------------------------------------------- */

struct env {
	char *top;     /* the test's temporary directory */
	char *root;    /* top/env */
	char *purelib, *platlib, *scripts, *headers;
	char *wheel;   /* top/demo-1.0-py3-none-any.whl */
	struct wheel_dest dest;
};

static void env_init(struct env *e, const char *python)
{
	memset(e, 0, sizeof(*e));
	umask(022);
	e->top = tu_mkdtemp();
	e->root = tu_path(e->top, "env");
	e->purelib = tu_path(e->root, "lib/python3.12/site-packages");
	e->platlib = tu_path(e->root, "lib64/python3.12/site-packages");
	e->scripts = tu_path(e->root, "bin");
	e->headers = tu_path(e->root, "include/site/python3.12/demo");
	e->wheel = tu_path(e->top, "demo-1.0-py3-none-any.whl");
	assert_int_equal(fs_mkdir_p(e->purelib, 0755), 0);
	assert_int_equal(fs_mkdir_p(e->platlib, 0755), 0);
	assert_int_equal(fs_mkdir_p(e->scripts, 0755), 0);
	e->dest.purelib = e->purelib;
	e->dest.platlib = e->platlib;
	e->dest.scripts = e->scripts;
	e->dest.headers = e->headers;
	e->dest.data = e->root;
	e->dest.python = python;
	e->dest.py_major = 3;
	e->dest.py_minor = 12;
}

static void env_free(struct env *e)
{
	tu_rmtree(e->top);
	free(e->top);
	free(e->root);
	free(e->purelib);
	free(e->platlib);
	free(e->scripts);
	free(e->headers);
	free(e->wheel);
}

/* Every regular file under dir, as "relative/path mode" lines, sorted. */
static struct strbuf *walk_acc;
static const char *walk_root;

static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_F && S_ISREG(st->st_mode))
		strbuf_addf(walk_acc, "%s %04o\n", path + strlen(walk_root) + 1, (unsigned)(st->st_mode & 07777));
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sort_lines(char *text)
{
	char *lines[256], *save = NULL, *l;
	size_t n = 0;
	struct strbuf out = STRBUF_INIT;

	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		assert_true(n < 256);
		lines[n++] = l;
	}
	qsort(lines, n, sizeof(lines[0]), line_cmp);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&out, "%s\n", lines[i]);
	free(text);
	return strbuf_detach(&out);
}

static char *list_files(const char *dir)
{
	struct strbuf acc = STRBUF_INIT;

	walk_acc = &acc;
	walk_root = dir;
	if (tu_exists(dir))
		assert_int_equal(nftw(dir, walk_one, 16, FTW_PHYS), 0);
	walk_acc = NULL;
	return sort_lines(strbuf_detach(&acc));
}

static void check_file(const char *dir, const char *rel, const char *want, int mode)
{
	char *path = tu_path(dir, rel);
	size_t len = 0;
	char *got = tu_read(path, &len);

	if (!got)
		fail_msg("'%s' was not installed", rel);
	assert_int_equal(len, strlen(want));
	assert_string_equal(got, want);
	assert_int_equal(tu_mode(path), mode);
	free(got);
	free(path);
}

#define PYTHON_FINAL "/opt/final env/bin/python3"
#define TRAMP(p) "#!/bin/sh\n'''exec' '" p "' \"$0\" \"$@\"\n' '''\n"

static void install_demo_wheel(void **state)
{
	struct env e;
	char *files;

	(void)state;
	env_init(&e, PYTHON_FINAL);
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);

	files = list_files(e.root);
	assert_string_equal(files,
			    "bin/demo-cli 0755\n"
			    "bin/demo-gui 0755\n"
			    "bin/plain.sh 0644\n"
			    "bin/tool 0755\n"
			    "include/site/python3.12/demo/demo.h 0644\n"
			    "lib/python3.12/site-packages/demo-1.0.dist-info/INSTALLER 0644\n"
			    "lib/python3.12/site-packages/demo-1.0.dist-info/METADATA 0644\n"
			    "lib/python3.12/site-packages/demo-1.0.dist-info/RECORD 0644\n"
			    "lib/python3.12/site-packages/demo-1.0.dist-info/REQUESTED 0644\n"
			    "lib/python3.12/site-packages/demo-1.0.dist-info/WHEEL 0644\n"
			    "lib/python3.12/site-packages/demo-1.0.dist-info/entry_points.txt 0644\n"
			    "lib/python3.12/site-packages/demo/__init__.py 0644\n"
			    "lib/python3.12/site-packages/demo/a,b.txt 0644\n"
			    "lib/python3.12/site-packages/demo/cli.py 0644\n"
			    "lib/python3.12/site-packages/demo/run.sh 0755\n"
			    "share/demo/readme.txt 0644\n");
	free(files);

	check_file(e.purelib, "demo/__init__.py", init_py, 0644);
	check_file(e.purelib, "demo/cli.py", cli_py, 0644);
	check_file(e.purelib, "demo/run.sh", run_sh, 0755);
	check_file(e.purelib, "demo/a,b.txt", comma_txt, 0644);
	check_file(e.purelib, DI "METADATA", metadata, 0644);
	check_file(e.purelib, DI "WHEEL", wheel_meta, 0644);
	check_file(e.purelib, DI "entry_points.txt", entry_points, 0644);
	check_file(e.purelib, DI "INSTALLER", "pyvenv\n", 0644);
	check_file(e.purelib, DI "REQUESTED", "", 0644);
	check_file(e.headers, "demo.h", header_h, 0644);
	check_file(e.root, "share/demo/readme.txt", readme, 0644);
	/* #!python becomes the header for the final python; other scripts
	 * are copied as they are, executable only when the zip says so, as
	 * pip keeps them. */
	check_file(e.scripts, "tool", TRAMP(PYTHON_FINAL) "print('tool')\n", 0755);
	check_file(e.scripts, "plain.sh", plain_sh, 0644);
	check_file(e.scripts, "demo-cli",
		   TRAMP(PYTHON_FINAL) "# -*- coding: utf-8 -*-\n"
				       "import sys\n"
				       "from demo.cli import main\n"
				       "if __name__ == \"__main__\":\n"
				       "    sys.exit(main())\n",
		   0755);
	check_file(e.scripts, "demo-gui",
		   TRAMP(PYTHON_FINAL) "# -*- coding: utf-8 -*-\n"
				       "import sys\n"
				       "from demo import main\n"
				       "if __name__ == \"__main__\":\n"
				       "    sys.exit(main())\n",
		   0755);
	env_free(&e);
}

/* The installed RECORD lists every file written, with its sha256 and size as
 * on disk, paths relative to site-packages, sorted, RECORD itself with empty
 * fields; CSV quoting where needed. */
/* wheel_install sets TZ while reading the zip (a speed-up) and must leave
 * the environment as it found it: unset stays unset, a value stays. */
static void install_leaves_tz_alone(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, PYTHON_FINAL);
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	unsetenv("TZ");
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	assert_null(getenv("TZ"));
	tu_rmtree(e.root);
	assert_int_equal(fs_mkdir_p(e.purelib, 0755), 0);
	assert_int_equal(fs_mkdir_p(e.scripts, 0755), 0);
	setenv("TZ", "Europe/Paris", 1);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	assert_string_equal(getenv("TZ"), "Europe/Paris");
	unsetenv("TZ");
	env_free(&e);
}

static void install_writes_exact_record(void **state)
{
	static const char *const files[] = {
		/* path under env, RECORD path */
		"bin/demo-cli", "../../../bin/demo-cli",
		"bin/demo-gui", "../../../bin/demo-gui",
		"bin/plain.sh", "../../../bin/plain.sh",
		"bin/tool", "../../../bin/tool",
		"include/site/python3.12/demo/demo.h", "../../../include/site/python3.12/demo/demo.h",
		"share/demo/readme.txt", "../../../share/demo/readme.txt",
		"lib/python3.12/site-packages/demo-1.0.dist-info/INSTALLER", DI "INSTALLER",
		"lib/python3.12/site-packages/demo-1.0.dist-info/METADATA", DI "METADATA",
		"lib/python3.12/site-packages/demo-1.0.dist-info/REQUESTED", DI "REQUESTED",
		"lib/python3.12/site-packages/demo-1.0.dist-info/WHEEL", DI "WHEEL",
		"lib/python3.12/site-packages/demo-1.0.dist-info/entry_points.txt", DI "entry_points.txt",
		"lib/python3.12/site-packages/demo/__init__.py", "demo/__init__.py",
		"lib/python3.12/site-packages/demo/a,b.txt", "\"demo/a,b.txt\"",
		"lib/python3.12/site-packages/demo/cli.py", "demo/cli.py",
		"lib/python3.12/site-packages/demo/run.sh", "demo/run.sh",
	};
	struct env e;
	struct strbuf want = STRBUF_INIT;
	char *record, *record_path, *sorted_want;

	(void)state;
	env_init(&e, PYTHON_FINAL);
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i += 2) {
		char *path = tu_path(e.root, files[i]);
		size_t len;
		char *data = tu_read(path, &len);
		unsigned char digest[HASH_LEN];

		assert_non_null(data);
		hash_buffer(data, len, digest);
		strbuf_addf(&want, "%s,", files[i + 1]);
		hash_record_digest(&want, digest);
		strbuf_addf(&want, ",%zu\n", len);
		free(data);
		free(path);
	}
	strbuf_addstr(&want, DI "RECORD,,\n");
	/* Sorted as the RECORD is (byte order of the unquoted path: the quote
	 * of "demo/a,b.txt" sorts it where demo/a... would be, so sort by the
	 * line with quotes removed). */
	sorted_want = sort_lines(strbuf_detach(&want));
	record_path = tu_path(e.purelib, DI "RECORD");
	record = tu_read(record_path, NULL);
	assert_non_null(record);
	{
		/* Compare as sets of lines, and the RECORD's own order separately. */
		char *sorted_record = sort_lines(xstrdup(record));

		assert_string_equal(sorted_record, sorted_want);
		free(sorted_record);
	}
	/* The rows are in byte order of their paths. */
	{
		char *copy = xstrdup(record), *save = NULL, *prev = NULL;

		for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *p = l[0] == '"' ? l + 1 : l;
			char *end = l[0] == '"' ? strchr(p, '"') : strchr(p, ',');

			assert_non_null(end);
			*end = '\0';
			if (prev)
				assert_true(strcmp(prev, p) < 0);
			prev = p;
		}
		free(copy);
	}
	/* The REQUESTED row: the sha256 of nothing, size 0. */
	assert_non_null(strstr(record, DI "REQUESTED,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n"));
	free(record);
	free(record_path);
	free(sorted_want);
	env_free(&e);
}

/* The console script, installed for a real interpreter in a hostile
 * directory, runs the entry point and passes its status on. */
static void install_console_script_runs(void **state)
{
	struct env e;
	char *pydir, *python, *script, *pythonpath;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *argv[] = { NULL, "a b", "it's", NULL };
	const char *env[2];

	(void)state;
	if (access("/usr/bin/python3", X_OK))
		skip();
	env_init(&e, "/unused"); /* dest.python is set below */
	pydir = tu_path(e.top, "py dir's \\ $x");
	python = tu_path(pydir, "python");
	assert_int_equal(mkdir(pydir, 0755), 0);
	assert_int_equal(symlink("/usr/bin/python3", python), 0);
	e.dest.python = python;
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	script = tu_path(e.scripts, "demo-cli");
	pythonpath = xstrfmt("PYTHONPATH=%s", e.purelib);
	env[0] = pythonpath;
	env[1] = NULL;
	argv[0] = script;
	assert_int_equal(tu_run(argv, env, NULL, &out, &err), 4);
	assert_string_equal(err.buf, "");
	assert_string_equal(out.buf, "cli ['a b', \"it's\"]\n");
	strbuf_reset(&out);
	free(script);
	script = tu_path(e.scripts, "tool");
	argv[0] = script;
	assert_int_equal(tu_run(argv, env, NULL, &out, &err), 0);
	assert_string_equal(err.buf, "");
	assert_string_equal(out.buf, "tool\n");
	strbuf_release(&out);
	strbuf_release(&err);
	free(pythonpath);
	free(script);
	free(python);
	free(pydir);
	env_free(&e);
}

/* Root-Is-Purelib: false sends the root to platlib (RECORD there too). */
static void install_platlib_wheel(void **state)
{
	static const char wheel_plat[] = "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n";
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "WHEEL", wheel_plat, 0, 0 },
		{ DD "purelib/demo_pure.py", readme, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct env e;
	char *files, *record_path, *record;

	(void)state;
	env_init(&e, "/e/bin/python3");
	build_wheel(e.wheel, m, sizeof(m) / sizeof(m[0]), NULL, NULL);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	files = list_files(e.root);
	assert_string_equal(files,
			    "lib/python3.12/site-packages/demo_pure.py 0644\n"
			    "lib64/python3.12/site-packages/demo-1.0.dist-info/INSTALLER 0644\n"
			    "lib64/python3.12/site-packages/demo-1.0.dist-info/METADATA 0644\n"
			    "lib64/python3.12/site-packages/demo-1.0.dist-info/RECORD 0644\n"
			    "lib64/python3.12/site-packages/demo-1.0.dist-info/REQUESTED 0644\n"
			    "lib64/python3.12/site-packages/demo-1.0.dist-info/WHEEL 0644\n"
			    "lib64/python3.12/site-packages/demo/__init__.py 0644\n");
	record_path = tu_path(e.platlib, DI "RECORD");
	record = tu_read(record_path, NULL);
	/* purelib file relative to platlib */
	assert_non_null(strstr(record, "../../../lib/python3.12/site-packages/demo_pure.py,sha256="));
	free(record);
	free(record_path);
	free(files);
	env_free(&e);
}

/* A RECORD written on Windows (CRLF, every field quoted) is read as well. */
static void install_record_with_crlf_and_quotes(void **state)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct strbuf rec = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	struct env e;
	char *path;

	(void)state;
	env_init(&e, "/e/bin/python3");
	for (size_t i = 0; i < 2; i++) {
		hash_buffer(m[i].data, strlen(m[i].data), digest);
		strbuf_addf(&rec, "\"%s\",\"", m[i].name);
		hash_record_digest(&rec, digest);
		strbuf_addf(&rec, "\",\"%zu\"\r\n", strlen(m[i].data));
	}
	strbuf_addstr(&rec, "\"" DI "RECORD\",\"\",\"\"\r\n");
	m[2].data = rec.buf;
	write_zip(e.wheel, m, 3);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	path = tu_path(e.purelib, "demo/__init__.py");
	assert_int_equal(tu_mode(path), 0644);
	free(path);
	strbuf_release(&rec);
	env_free(&e);
}

/* Links already in the destination where the wheel has files (a planted
 * site-packages/demo/__init__.py, a console script) are replaced, their
 * targets left alone (1.0.0 wrote through them). */
static void install_replaces_links_not_targets(void **state)
{
	struct env e;
	char *outside, *init, *pkg, *script, *got;
	struct stat st;
	size_t len;

	(void)state;
	env_init(&e, PYTHON_FINAL);
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	outside = tu_path(e.top, "outside.txt");
	tu_write(outside, "precious\n", 9, 0644);
	pkg = tu_path(e.purelib, "demo");
	assert_int_equal(fs_mkdir_p(pkg, 0755), 0);
	init = tu_path(pkg, "__init__.py");
	assert_int_equal(symlink(outside, init), 0);
	script = tu_path(e.scripts, "demo-cli");
	assert_int_equal(symlink(outside, script), 0);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), 0);
	got = tu_read(outside, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(got, "precious\n", 9);
	free(got);
	assert_int_equal(lstat(init, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(lstat(script, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	got = tu_read(init, &len);
	assert_int_equal(len, strlen(init_py));
	assert_memory_equal(got, init_py, len);
	free(got);
	free(outside);
	free(init);
	free(pkg);
	free(script);
	env_free(&e);
}

/* --- refused wheels ------------------------------------------------------------ */

/* Installs a bad wheel: -1; no metadata written; and nothing at all outside
 * the destination tree (the test's directory holds only the wheel and env). */
/* --- verify: what it saw is what is installed ------------------------------ */

struct swap {
	const char *wheel, *other;
	int calls;
	int refuse;
};

/* Puts another wheel at the path once the install has opened it. */
static int swap_wheel(void *arg, int fd)
{
	struct swap *sw = arg;

	sw->calls++;
	assert_true(fd >= 0);
	if (sw->refuse)
		return error("refused by verify");
	assert_int_equal(rename(sw->other, sw->wheel), 0);
	return 0;
}

static void install_reads_what_verify_saw(void **state)
{
	static const char evil_py[] = "print('evil')\n";
	struct member other[NDEMO];
	struct env e;
	struct swap sw = { .calls = 0 };
	struct wheel_opts opts = { .verify = swap_wheel, .verify_arg = &sw };
	char *other_path;

	(void)state;
	env_init(&e, PYTHON_FINAL);
	other_path = tu_path(e.top, "other.whl");
	memcpy(other, demo_members, sizeof(other));
	other[1].data = evil_py;
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	build_wheel(other_path, other, NDEMO, NULL, NULL);
	sw.wheel = e.wheel;
	sw.other = other_path;
	assert_int_equal(wheel_install(e.wheel, &e.dest, &opts), 0);
	assert_int_equal(sw.calls, 1);
	/* the wheel at the path is now the other one; the one opened was installed */
	check_file(e.purelib, "demo/__init__.py", init_py, 0644);
	free(other_path);
	env_free(&e);
}

static void verify_refuses_before_anything_is_written(void **state)
{
	struct env e;
	struct swap sw = { .refuse = 1 };
	struct wheel_opts opts = { .verify = swap_wheel, .verify_arg = &sw };
	char *all;

	(void)state;
	env_init(&e, PYTHON_FINAL);
	build_wheel(e.wheel, demo_members, NDEMO, NULL, NULL);
	msg_mute();
	assert_int_equal(wheel_install(e.wheel, &e.dest, &opts), -1);
	msg_unmute();
	assert_int_equal(sw.calls, 1);
	all = list_files(e.top);
	assert_string_equal(all, "demo-1.0-py3-none-any.whl 0644\n");
	free(all);
	env_free(&e);
}

static void check_refused(struct env *e, int nothing_written)
{
	char *all, *installer;

	msg_mute();
	assert_int_equal(wheel_install(e->wheel, &e->dest, NULL), -1);
	msg_unmute();
	installer = tu_path(e->purelib, DI "INSTALLER");
	assert_false(tu_exists(installer));
	free(installer);
	all = list_files(e->top);
	if (nothing_written)
		assert_string_equal(all, "demo-1.0-py3-none-any.whl 0644\n");
	else
		assert_null(strstr(all, "evil"));
	/* Only the wheel and env/ at the top. */
	{
		char *p = tu_path(e->top, "evil");

		assert_false(tu_exists(p));
		free(p);
		p = tu_path(e->root, "lib/python3.12/evil");
		assert_false(tu_exists(p));
		free(p);
		p = tu_path(e->root, "lib/evil");
		assert_false(tu_exists(p));
		free(p);
	}
	free(all);
}

/* A wheel: init, METADATA, WHEEL, <extra member>, RECORD (with a correct
 * row for the extra member, so only its name can be the reason to refuse). */
static void refuse_member(const char *name, const char *data, unsigned type)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ name, data, 0, type },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct env e;

	env_init(&e, "/e/bin/python3");
	build_wheel(e.wheel, m, sizeof(m) / sizeof(m[0]), NULL, NULL);
	check_refused(&e, 1);
	env_free(&e);
}

static void refuses_parent_member(void **state)
{
	(void)state;
	refuse_member("../evil", "evil\n", 0);
	refuse_member("../../../evil", "evil\n", 0);
	refuse_member("demo/../../evil", "evil\n", 0);
	refuse_member("demo/..", "evil\n", 0);
	refuse_member(DD "data/../../../../evil", "evil\n", 0);
	refuse_member("demo/./evil", "evil\n", 0);
	refuse_member("demo//evil", "evil\n", 0);
	/* (No backslash case: libarchive's zip reader turns "\\" into "/".) */
}

static void refuses_absolute_member(void **state)
{
	struct env probe_env;
	char *abs;

	(void)state;
	refuse_member("/abs", "evil\n", 0);
	/* An absolute name pointing into a directory we can check. */
	env_init(&probe_env, "/e/bin/python3");
	abs = tu_path(probe_env.top, "evil");
	refuse_member(abs, "evil\n", 0);
	assert_false(tu_exists(abs));
	free(abs);
	env_free(&probe_env);
}

/* A RECORD row that is not path,hash,size (an unterminated quote, two
 * fields) makes the wheel unusable: nothing installed (1.0.0 read on). */
static void refuses_malformed_record(void **state)
{
	static const char *const bad[] = {
		"\"demo/__init__.py,sha256=x,1\n",
		"demo/__init__.py,sha256=x\n",
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct member m[] = {
			{ "demo/__init__.py", init_py, 0, 0 },
			{ DI "WHEEL", wheel_meta, 0, 0 },
			{ DI "RECORD", bad[i], 0, 0 },
		};
		struct env e;

		env_init(&e, "/e/bin/python3");
		write_zip(e.wheel, m, 3);
		check_refused(&e, 1);
		env_free(&e);
	}
}

static void refuses_symlink_member(void **state)
{
	(void)state;
	refuse_member("demo/evil-link", "/etc/passwd", AE_IFLNK);
}

static void refuses_wrong_hash(void **state)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct env e;
	struct strbuf extra = STRBUF_INIT;

	(void)state;
	/* The row for __init__.py describes other content of the same size. */
	env_init(&e, "/e/bin/python3");
	record_row(&extra, "demo/__init__.py", "def main():\n    print('evil main')\n    return 0\n");
	build_wheel(e.wheel, m, 4, extra.buf, "demo/__init__.py");
	check_refused(&e, 0);
	env_free(&e);
	strbuf_release(&extra);
}

static void refuses_wrong_size(void **state)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct env e;
	struct strbuf extra = STRBUF_INIT;
	unsigned char digest[HASH_LEN];

	(void)state;
	env_init(&e, "/e/bin/python3");
	hash_buffer(init_py, strlen(init_py), digest);
	strbuf_addstr(&extra, "demo/__init__.py,");
	hash_record_digest(&extra, digest);
	strbuf_addf(&extra, ",%zu\n", strlen(init_py) + 1);
	build_wheel(e.wheel, m, 4, extra.buf, "demo/__init__.py");
	check_refused(&e, 0);
	env_free(&e);
	strbuf_release(&extra);
}

static void refuses_wrong_hash_of_script(void **state)
{
	struct member m[] = {
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DD "scripts/tool", tool, 0755, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct env e;
	struct strbuf extra = STRBUF_INIT;
	char *tool_path;

	(void)state;
	env_init(&e, "/e/bin/python3");
	record_row(&extra, DD "scripts/tool", "#!python\nprint('evil')\n");
	build_wheel(e.wheel, m, 4, extra.buf, DD "scripts/tool");
	check_refused(&e, 0);
	tool_path = tu_path(e.scripts, "tool");
	assert_false(tu_exists(tool_path));
	free(tool_path);
	env_free(&e);
	strbuf_release(&extra);
}

static void refuses_member_not_in_record(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, "/e/bin/python3");
	build_wheel(e.wheel, demo_members, NDEMO, NULL, "demo/cli.py");
	check_refused(&e, 0);
	env_free(&e);
}

/* An empty RECORD lists nothing: every member is missing from it. */
static void refuses_empty_record(void **state)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DI "RECORD", "", 0, 0 },
	};
	struct env e;

	(void)state;
	env_init(&e, "/e/bin/python3");
	write_zip(e.wheel, m, 4);
	check_refused(&e, 1);
	env_free(&e);
}

static void refuses_wheel_without_dist_info(void **state)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ "demo/RECORD", "demo/__init__.py,,\n", 0, 0 },
		{ "demo-1.0.info/WHEEL", wheel_meta, 0, 0 },
	};
	struct env e;

	(void)state;
	env_init(&e, "/e/bin/python3");
	write_zip(e.wheel, m, 3);
	check_refused(&e, 1);
	env_free(&e);
}

static void refuses_bad_metadata(void **state)
{
	struct member no_wheel[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "METADATA", metadata, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct member v2[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "WHEEL", "Wheel-Version: 2.0\nRoot-Is-Purelib: true\n", 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct member two_dist_infos[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ "other-2.0.dist-info/WHEEL", wheel_meta, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct member unknown_data[] = {
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DD "unknown/x", readme, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	struct env e;

	(void)state;
	env_init(&e, "/e/bin/python3");
	build_wheel(e.wheel, no_wheel, 3, NULL, NULL);
	check_refused(&e, 1);
	build_wheel(e.wheel, v2, 3, NULL, NULL);
	check_refused(&e, 1);
	build_wheel(e.wheel, two_dist_infos, 4, NULL, NULL);
	check_refused(&e, 1);
	build_wheel(e.wheel, unknown_data, 3, NULL, NULL);
	check_refused(&e, 0); /* WHEEL, before it, may have been extracted */
	env_free(&e);
}

static void refuses_bad_entry_points(void **state)
{
	struct member m[] = {
		{ "demo/__init__.py", init_py, 0, 0 },
		{ DI "WHEEL", wheel_meta, 0, 0 },
		{ DI "entry_points.txt", NULL, 0, 0 },
		{ DI "RECORD", NULL, 0, 0 },
	};
	static const char *const bad[] = {
		"[console_scripts]\nx = not-a-module\n",
		"[console_scripts]\n../evil = demo:main\n",
	};
	struct env e;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		env_init(&e, "/e/bin/python3");
		m[2].data = bad[i];
		build_wheel(e.wheel, m, 4, NULL, NULL);
		check_refused(&e, 0);
		env_free(&e);
	}
}

static void refuses_missing_or_non_zip(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, "/e/bin/python3");
	msg_mute();
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), -1); /* no such file */
	tu_write_str(e.wheel, "PK\3\4 not really a zip\n", 0644);
	assert_int_equal(wheel_install(e.wheel, &e.dest, NULL), -1);
	msg_unmute();
	env_free(&e);
}

/* --- the hostile corpus: tests/stress/hostile_wheels.py ------------------------- */

/*
 * Every wheel of the corpus, installed into a scratch environment top/a/env
 * (five levels of ".." from its site-packages lead to top, where the scan
 * sees them) beside a sentinel directory top/a/sentinel, which absolute
 * names and links aim at: a refused wheel gives -1 with a first error that
 * names the wheel, holds the case's fragment and names its member, and
 * (when the case says so) nothing was written at all; an accepted one
 * gives 0 and installs no set-uid, set-gid or sticky bit. Either way
 * nothing outside the destination changed, and no symbolic link and no
 * name with "evil" is anywhere below top.
 */

/* Everything below walk_root as "path type mode size" lines, and in
 * walk_bad what must not be there. */
static struct strbuf *walk_bad;

static int walk_all(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + strlen(walk_root);

	(void)ftw;
	strbuf_addf(walk_acc, ".%s %c %04o %lld\n", rel, type == FTW_D ? 'd' : type == FTW_SL ? 'l' : 'f',
		    (unsigned)(st->st_mode & 07777), type == FTW_D ? 0LL : (long long)st->st_size);
	if (type == FTW_SL)
		strbuf_addf(walk_bad, "a symbolic link .%s\n", rel);
	if (strstr(rel, "evil"))
		strbuf_addf(walk_bad, "an attack's name .%s\n", rel);
	if (type != FTW_SL && (st->st_mode & 07000))
		strbuf_addf(walk_bad, "mode %04o on .%s\n", (unsigned)(st->st_mode & 07777), rel);
	return 0;
}

/* The listing of dir; the lines for below skip (a relative path) are left out. */
static char *list_tree(const char *dir, const char *skip, struct strbuf *bad)
{
	struct strbuf acc = STRBUF_INIT, kept = STRBUF_INIT;
	char *save = NULL, *text;
	const size_t n = skip ? strlen(skip) : 0;

	walk_acc = &acc;
	walk_bad = bad;
	walk_root = dir;
	assert_int_equal(nftw(dir, walk_all, 16, FTW_PHYS), 0);
	walk_acc = NULL;
	text = strbuf_detach(&acc);
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (!skip || strncmp(l + 2, skip, n) || (l[2 + n] != '/' && l[2 + n] != ' '))
			strbuf_addf(&kept, "%s\n", l);
	free(text);
	return strbuf_detach(&kept);
}

/* One line of cases.tsv, split in place. */
struct hostile_case {
	char *name, *wheel, *expect, *fragment, *member, *written;
};

static int hostile_split(char *line, struct hostile_case *c)
{
	char *f[7];
	size_t n = 0;

	for (char *p = line; n < 7; n++) {
		f[n] = p;
		p = strchr(p, '\t');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (n < 7)
		return -1;
	*c = (struct hostile_case){ f[0], f[1], f[2], f[3], f[4], f[5] };
	return 0;
}

static void collect_nothing(void *data, const struct pyvenv_message *m)
{
	(void)data;
	(void)m;
}

/* Installs c's wheel into e; appends to problems what went otherwise than c says. */
static void hostile_one(const struct hostile_case *c, struct env *e, const char *top, const char *baseline,
			pyvenv_ctx *ctx, struct strbuf *problems)
{
	struct strbuf bad = STRBUF_INIT, show = STRBUF_INIT;
	struct pyvenv_ctx *saved;
	char *before, *after, *outside;
	const struct pyvenv_error *err;
	int ret;

	before = list_tree(e->root, NULL, &bad);
	ctx_enter(ctx, &saved);
	ret = ctx_leave(saved, wheel_install(c->wheel, &e->dest, NULL));
	err = pyvenv_ctx_error(ctx);
	if (!strcmp(c->expect, "refuse")) {
		const char *msg = err ? err->message : "";

		if (ret != -1)
			strbuf_addf(problems, "%s: returned %d, not -1\n", c->name, ret);
		else if (!strstr(msg, c->wheel) || !strstr(msg, c->fragment) || !strstr(msg, c->member))
			strbuf_addf(problems, "%s: the message \"%s\" does not hold the wheel, \"%s\" and \"%s\"\n",
				    c->name, tu_show(&show, msg), c->fragment, c->member);
	} else if (ret != 0) {
		strbuf_addf(problems, "%s: refused (\"%s\"), expected to install\n", c->name,
			    err ? tu_show(&show, err->message) : "");
	}
	after = list_tree(e->root, NULL, &bad);
	if (!strcmp(c->expect, "refuse") && !strcmp(c->written, "nothing") && strcmp(before, after))
		strbuf_addf(problems, "%s: refused, but it wrote into the destination:\n%s", c->name, after);
	free(after);
	outside = list_tree(top, "a/env", &bad);
	if (strcmp(outside, baseline))
		strbuf_addf(problems, "%s: outside the destination, was:\n%snow:\n%s", c->name, baseline, outside);
	if (bad.len)
		strbuf_addf(problems, "%s: %s", c->name, bad.buf);
	free(outside);
	free(before);
	strbuf_release(&bad);
	strbuf_release(&show);
}

static void hostile_corpus(void **state)
{
	char *gen = tu_mkdtemp(), *wheels = tu_path(gen, "wheels"), *tsv_path = tu_path(wheels, "cases.tsv");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, problems = STRBUF_INIT, none = STRBUF_INIT;
	struct env e;
	char *a, *sentinel, *victim, *tsv, *baseline, *line, *save = NULL;
	const char *argv[] = { "python3", PYVENV_SOURCE_DIR "/tests/stress/hostile_wheels.py", wheels, "--outside",
			       NULL, NULL };
	pyvenv_ctx *ctx = pyvenv_ctx_new();
	size_t ncases = 0, nrefused = 0;

	(void)state;
	env_init(&e, "/e/bin/python3");
	/* The destination one level down, beside the sentinel. */
	tu_rmtree(e.root);
	free(e.root);
	free(e.purelib);
	free(e.platlib);
	free(e.scripts);
	free(e.headers);
	a = tu_path(e.top, "a");
	e.root = tu_path(a, "env");
	e.purelib = tu_path(e.root, "lib/python3.12/site-packages");
	e.platlib = tu_path(e.root, "lib64/python3.12/site-packages");
	e.scripts = tu_path(e.root, "bin");
	e.headers = tu_path(e.root, "include/site/python3.12/demo");
	e.dest = (struct wheel_dest){ e.purelib, e.platlib, e.scripts, e.headers, e.root, "/e/bin/python3", 3, 12 };
	sentinel = tu_path(a, "sentinel");
	victim = tu_path(sentinel, "victim");
	assert_int_equal(mkdir(a, 0755), 0);
	assert_int_equal(mkdir(sentinel, 0755), 0);
	tu_write_str(victim, "precious\n", 0644);
	argv[4] = sentinel;
	if (tu_run(argv, NULL, NULL, &out, &err))
		fail_msg("hostile_wheels.py failed: %s", err.buf);
	tsv = tu_read(tsv_path, NULL);
	assert_non_null(tsv);
	pyvenv_ctx_set_message_fn(ctx, collect_nothing, NULL);
	baseline = list_tree(e.top, "a/env", &none);
	for (line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct hostile_case c;

		assert_int_equal(hostile_split(line, &c), 0);
		tu_rmtree_quiet(e.root);
		assert_int_equal(fs_mkdir_p(e.purelib, 0755), 0);
		assert_int_equal(fs_mkdir_p(e.platlib, 0755), 0);
		assert_int_equal(fs_mkdir_p(e.scripts, 0755), 0);
		hostile_one(&c, &e, e.top, baseline, ctx, &problems);
		ncases++;
		nrefused += !strcmp(c.expect, "refuse");
	}
	print_message("%zu hostile wheels: %zu to refuse, %zu to install\n", ncases, nrefused, ncases - nrefused);
	if (problems.len) {
		fputs(problems.buf, stderr); /* whole: cmocka cuts long messages */
		fail_msg("the hostile corpus went otherwise than it says (above)");
	}
	assert_true(ncases >= 24);
	pyvenv_ctx_free(ctx);
	free(baseline);
	free(tsv);
	free(victim);
	free(sentinel);
	free(a);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&problems);
	strbuf_release(&none);
	tu_rmtree(gen);
	free(gen);
	free(wheels);
	free(tsv_path);
	env_free(&e);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(script_names_pip),
		cmocka_unit_test(script_names_easy_install),
		cmocka_unit_test(script_names_others_kept),
		cmocka_unit_test(install_demo_wheel),
		cmocka_unit_test(install_leaves_tz_alone),
		cmocka_unit_test(install_writes_exact_record),
		cmocka_unit_test(install_console_script_runs),
		cmocka_unit_test(install_platlib_wheel),
		cmocka_unit_test(install_record_with_crlf_and_quotes),
		cmocka_unit_test(install_replaces_links_not_targets),
		cmocka_unit_test(install_reads_what_verify_saw),
		cmocka_unit_test(verify_refuses_before_anything_is_written),
		cmocka_unit_test(refuses_malformed_record),
		cmocka_unit_test(refuses_parent_member),
		cmocka_unit_test(refuses_absolute_member),
		cmocka_unit_test(refuses_symlink_member),
		cmocka_unit_test(refuses_wrong_hash),
		cmocka_unit_test(refuses_wrong_size),
		cmocka_unit_test(refuses_wrong_hash_of_script),
		cmocka_unit_test(refuses_member_not_in_record),
		cmocka_unit_test(refuses_empty_record),
		cmocka_unit_test(refuses_wheel_without_dist_info),
		cmocka_unit_test(refuses_bad_metadata),
		cmocka_unit_test(refuses_bad_entry_points),
		cmocka_unit_test(refuses_missing_or_non_zip),
		cmocka_unit_test(hostile_corpus),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
