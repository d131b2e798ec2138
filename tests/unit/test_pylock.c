/*
 * Unit tests for pylock.h: PEP 751 lock files read and checked, their
 * names, and every refusal the header lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pylock.h"
#include "strbuf.h"
#include "testutil.h"

#define SHA_A "c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a"
#define SHA_B "67C7495B760168D931A10233F979B28DC04DAF853B30752246F4F8471C6D68D0"

/* The specification's example, but for shorter URLs and two more packages. */
static const char example[] =
	"lock-version = '1.0'\n"
	"environments = [\"sys_platform == 'win32'\", \"sys_platform == 'linux'\"]\n"
	"requires-python = '== 3.12.*'\n"
	"created-by = 'mousebender'\n"
	"\n"
	"[[packages]]\n"
	"name = 'attrs'\n"
	"version = '25.1.0'\n"
	"requires-python = '>= 3.8'\n"
	"\n"
	"    [[packages.wheels]]\n"
	"    name = 'attrs-25.1.0-py3-none-any.whl'\n"
	"    upload-time = 2025-01-25T11:30:10.164985+00:00\n"
	"    url = 'https://files.pythonhosted.org/packages/fc/30/attrs-25.1.0-py3-none-any.whl'\n"
	"    size = 63152\n"
	"    hashes = {sha256 = '" SHA_A "'}\n"
	"\n"
	"    [[packages.attestation-identities]]\n"
	"    environment = 'release-pypi'\n"
	"    kind = 'GitHub'\n"
	"    repository = 'python-attrs/attrs'\n"
	"    workflow = 'pypi-package.yml'\n"
	"\n"
	"[[packages]]\n"
	"name = 'cattrs'\n"
	"version = '24.1.2'\n"
	"requires-python = '>= 3.8'\n"
	"dependencies = [\n"
	"    {name = 'attrs'},\n"
	"]\n"
	"\n"
	"    [[packages.wheels]]\n"
	"    upload-time = 2024-09-22T14:58:34.812643Z\n"
	"    url = 'https://files.pythonhosted.org/packages/c8/d5/cattrs-24.1.2%2Bx-py3-none-any.whl?a=b#c'\n"
	"    hashes = {SHA256 = '" SHA_B "', blake2b = 'ab'}\n"
	"\n"
	"    [[packages.wheels]]\n"
	"    path = 'wheels\\cattrs-24.1.2-py3-none-win32.whl'\n"
	"    hashes = {sha256 = '" SHA_A "'}\n"
	"\n"
	"    [packages.sdist]\n"
	"    path = 'sdists/cattrs-24.1.2.tar.gz'\n"
	"    hashes = {sha256 = '" SHA_A "'}\n"
	"\n"
	"[[packages]]\n"
	"name = 'numpy'\n"
	"marker = \"sys_platform == 'linux'\"\n"
	"index = 'https://pypi.org/simple/'\n"
	"sdist = {url = 'https://example.com/numpy-2.2.3.tar.gz', size = 20, hashes = {md5 = '0123456789abcdef0123456789abcdef'}}\n"
	"\n"
	"[tool.mousebender]\n"
	"command = ['.', 'lock', '--platform', 'cpython3.12-windows-x64', 'cattrs', 'numpy']\n"
	"run-on = 2025-03-06T12:28:57.760769\n";

/* The lock file doc, asserting that it is accepted. */
static void parse_ok(const char *doc, struct pylock *lock)
{
	struct strbuf why = STRBUF_INIT;

	if (pylock_parse(doc, strlen(doc), "pylock.toml", lock, &why))
		fail_msg("refused: %s\n%s", why.buf, doc);
	strbuf_release(&why);
}

/* Asserts that the lock file doc is refused with exactly the message want,
 * and that out is left empty. */
static void refused(const char *doc, const char *want)
{
	struct strbuf why = STRBUF_INIT;
	struct pylock lock = PYLOCK_INIT;
	const struct pylock empty = PYLOCK_INIT;

	if (!pylock_parse(doc, strlen(doc), "pylock.toml", &lock, &why))
		fail_msg("accepted:\n%s", doc);
	if (strcmp(why.buf, want))
		fail_msg("for:\n%s\ngot  '%s'\nwant '%s'", doc, why.buf, want);
	assert_memory_equal(&lock, &empty, sizeof(lock));
	strbuf_release(&why);
}

/* A lock file with one package of the given body. */
static char *one_package(const char *body)
{
	return xstrfmt("lock-version = '1.0'\ncreated-by = 'test'\n[[packages]]\nname = 'foo'\n%s", body);
}

static void refused_package(const char *body, const char *want)
{
	char *doc = one_package(body);

	refused(doc, want);
	free(doc);
}

static void lock_names(void **state)
{
	static const char *const yes[] = {
		"pylock.toml", "/a/b/pylock.toml", "pylock.dev.toml", "x/pylock.spam.toml",
		"pylock.toml.toml", "pylock.a-b_c.toml", "./pylock.1.toml",
	};
	static const char *const no[] = {
		"pylock.TOML", "Pylock.toml", "pylock..toml", "pylock.a.b.toml", "pylock.toml/",
		"pylock", "pylock.", "xpylock.toml", "pylock.tomlx", "pylock_dev.toml", "",
		"pylock.dev.toml/x", "a.pylock.toml", "pylock.x.yaml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		if (!pylock_is_lock_name(yes[i]))
			fail_msg("'%s' is a lock file's name", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		if (pylock_is_lock_name(no[i]))
			fail_msg("'%s' is not a lock file's name", no[i]);
}

static void the_example(void **state)
{
	struct pylock lock = PYLOCK_INIT;
	const struct pylock_package *p;

	(void)state;
	parse_ok(example, &lock);
	assert_string_equal(lock.lock_version, "1.0");
	assert_string_equal(lock.created_by, "mousebender");
	assert_string_equal(lock.requires_python, "== 3.12.*");
	assert_int_equal(lock.nenvironments, 2);
	assert_string_equal(lock.environments[1], "sys_platform == 'linux'");
	assert_int_equal(lock.nextras + lock.ndependency_groups + lock.ndefault_groups, 0);
	assert_int_equal(lock.npackages, 3);

	p = &lock.packages[0];
	assert_string_equal(p->name, "attrs");
	assert_string_equal(p->version, "25.1.0");
	assert_string_equal(p->requires_python, ">= 3.8");
	assert_null(p->marker);
	assert_int_equal(p->source, PYLOCK_WHEELS);
	assert_false(p->has_sdist);
	assert_int_equal(p->line, 6);
	assert_int_equal(p->nwheels, 1);
	assert_string_equal(p->wheels[0].name, "attrs-25.1.0-py3-none-any.whl");
	assert_string_equal(p->wheels[0].upload_time, "2025-01-25T11:30:10.164985+00:00");
	assert_null(p->wheels[0].path);
	assert_true(p->wheels[0].size == 63152);
	assert_int_equal(p->wheels[0].nhashes, 1);
	assert_string_equal(p->wheels[0].hashes[0].algorithm, "sha256");
	assert_string_equal(p->wheels[0].hashes[0].hex, SHA_A);

	p = &lock.packages[1];
	assert_string_equal(p->name, "cattrs");
	assert_int_equal(p->line, 24);
	assert_int_equal(p->source, PYLOCK_WHEELS);
	assert_true(p->has_sdist);
	assert_int_equal(p->nwheels, 2);
	/* Names from the URL (decoded, without query and fragment) and the path. */
	assert_string_equal(p->wheels[0].name, "cattrs-24.1.2+x-py3-none-any.whl");
	assert_true(p->wheels[0].size == -1);
	assert_int_equal(p->wheels[0].nhashes, 2);
	assert_string_equal(p->wheels[0].hashes[0].algorithm, "sha256");
	assert_string_equal(p->wheels[0].hashes[0].hex,
			    "67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0");
	assert_string_equal(p->wheels[0].hashes[1].algorithm, "blake2b");
	assert_string_equal(p->wheels[1].name, "cattrs-24.1.2-py3-none-win32.whl");
	assert_string_equal(p->wheels[1].path, "wheels\\cattrs-24.1.2-py3-none-win32.whl");
	assert_null(p->wheels[1].upload_time);
	assert_string_equal(p->sdist.name, "cattrs-24.1.2.tar.gz");
	assert_string_equal(p->sdist.path, "sdists/cattrs-24.1.2.tar.gz");

	p = &lock.packages[2];
	assert_string_equal(p->name, "numpy");
	assert_int_equal(p->line, 45);
	assert_null(p->version);
	assert_string_equal(p->marker, "sys_platform == 'linux'");
	assert_string_equal(p->index, "https://pypi.org/simple/");
	assert_int_equal(p->source, PYLOCK_SDIST);
	assert_true(p->has_sdist);
	assert_int_equal(p->nwheels, 0);
	assert_string_equal(p->sdist.name, "numpy-2.2.3.tar.gz");
	assert_true(p->sdist.size == 20);
	assert_string_equal(p->sdist.hashes[0].algorithm, "md5");

	pylock_release(&lock);
	pylock_release(&lock);
	assert_null(lock.packages);
	assert_int_equal(lock.npackages, 0);
}

static void other_sources(void **state)
{
	static const char doc[] =
		"lock-version = '1.7'\ncreated-by = 'x'\nextras = ['a']\ndependency-groups = ['dev', 'test']\n"
		"default-groups = ['default']\n"
		"packages = [\n"
		"  {name = 'v', vcs = {type = 'git', url = 'https://x/y.git', requested-revision = 'main',"
		" commit-id = 'abc123', subdirectory = 'sub'}},\n"
		"  {name = 'd', directory = {path = '.', editable = true}},\n"
		"  {name = 'a', archive = {path = 'a.tar.gz', subdirectory = 's', hashes = {sha256 = '" SHA_A "'},"
		" upload-time = 2025-01-01T00:00:00z, size = 0}},\n"
		"]\n";
	struct pylock lock = PYLOCK_INIT;
	const struct pylock_package *p;

	(void)state;
	parse_ok(doc, &lock);
	assert_string_equal(lock.lock_version, "1.7");
	assert_int_equal(lock.nextras, 1);
	assert_int_equal(lock.ndependency_groups, 2);
	assert_string_equal(lock.dependency_groups[1], "test");
	assert_string_equal(lock.default_groups[0], "default");
	assert_int_equal(lock.npackages, 3);
	p = &lock.packages[0];
	assert_int_equal(p->source, PYLOCK_VCS);
	assert_int_equal(p->line, 7);
	assert_string_equal(p->vcs.type, "git");
	assert_string_equal(p->vcs.url, "https://x/y.git");
	assert_null(p->vcs.path);
	assert_string_equal(p->vcs.requested_revision, "main");
	assert_string_equal(p->vcs.commit_id, "abc123");
	assert_string_equal(p->subdirectory, "sub");
	p = &lock.packages[1];
	assert_int_equal(p->source, PYLOCK_DIRECTORY);
	assert_int_equal(p->line, 8);
	assert_string_equal(p->directory, ".");
	assert_true(p->editable);
	assert_null(p->subdirectory);
	p = &lock.packages[2];
	assert_int_equal(p->source, PYLOCK_ARCHIVE);
	assert_string_equal(p->archive.path, "a.tar.gz");
	assert_null(p->archive.name);
	assert_true(p->archive.size == 0);
	assert_string_equal(p->archive.upload_time, "2025-01-01T00:00:00z");
	assert_string_equal(p->subdirectory, "s");
	pylock_release(&lock);
}

static void toml_errors(void **state)
{
	(void)state;
	refused("lock-version = '1.0'\ncreated-by = 'x'\n[[packages]]\nname = 'a'\nname = 'b'\n",
		"pylock.toml:5: duplicate key 'name'");
	refused("lock-version = '1.0\n", "pylock.toml:1: unterminated string (a newline before its closing quote)");
	refused("\xff", "pylock.toml:1: invalid UTF-8");
}

static void the_file_refused(void **state)
{
	(void)state;
	refused("created-by = 'x'\npackages = []\n", "pylock.toml: 'lock-version' is missing");
	refused("lock-version = 1.0\ncreated-by = 'x'\npackages = []\n",
		"pylock.toml: 'lock-version' must be a string");
	refused("lock-version = '2.0'\ncreated-by = 'x'\npackages = []\n",
		"pylock.toml: unsupported lock-version '2.0' (this reads 1.x)");
	refused("lock-version = '10.0'\ncreated-by = 'x'\npackages = []\n",
		"pylock.toml: unsupported lock-version '10.0' (this reads 1.x)");
	refused("lock-version = '1.x'\ncreated-by = 'x'\npackages = []\n",
		"pylock.toml: 'lock-version' must be a version like \"1.0\", not '1.x'");
	refused("lock-version = '1.0'\npackages = []\n", "pylock.toml: 'created-by' is missing");
	refused("lock-version = '1.0'\ncreated-by = 'x'\n", "pylock.toml: 'packages' is missing");
	refused("lock-version = '1.0'\ncreated-by = 'x'\npackages = [1]\n",
		"pylock.toml: 'packages' must be an array of tables");
	refused("lock-version = '1.0'\ncreated-by = 'x'\npackages = [2025-01-01]\n",
		"pylock.toml: 'packages' must be an array of tables");
	refused("lock-version = '1.0'\ncreated-by = 'x'\nenvironments = 'linux'\npackages = []\n",
		"pylock.toml: 'environments' must be an array of strings");
	refused("lock-version = '1.0'\ncreated-by = 'x'\nextras = ['a', 1]\npackages = []\n",
		"pylock.toml: 'extras' must be an array of strings");
	refused("lock-version = '1.0'\ncreated-by = 'x'\nrequires-python = 3\npackages = []\n",
		"pylock.toml: 'requires-python' must be a string");
	refused("lock-version = '1.0'\ncreated-by = 'x'\ntool = 1\npackages = []\n",
		"pylock.toml: 'tool' must be a table");
	refused("lock-version = '1.0'\ncreated-by = \"x\\u0000y\"\npackages = []\n",
		"pylock.toml: 'created-by' holds a NUL character");
	refused("lock-version = '1.0'\ncreated-by = 2025-01-01T00:00:00Z\npackages = []\n",
		"pylock.toml: 'created-by' must be a string");
}

static void packages_refused(void **state)
{
	static const char wheel[] = "[[packages.wheels]]\nurl = 'https://x/foo-1-py3-none-any.whl'\n";

	(void)state;
	refused("lock-version = '1.0'\ncreated-by = 'x'\n[[packages]]\nversion = '1'\n",
		"pylock.toml: packages[0]: 'name' is missing");
	refused("lock-version = '1.0'\ncreated-by = 'x'\n[[packages]]\nname = 'a'\nwheels = []\n"
		"[[packages]]\nname = 2\n",
		"pylock.toml: packages[0] (a): no source: one of 'vcs', 'directory', 'archive', 'sdist' or "
		"'wheels' is needed");
	refused_package("version = 1\n", "pylock.toml: packages[0] (foo): 'version' must be a string");
	refused_package("marker = ['x']\n", "pylock.toml: packages[0] (foo): 'marker' must be a string");
	refused_package("dependencies = {name = 'x'}\n",
			"pylock.toml: packages[0] (foo): 'dependencies' must be an array of tables");
	refused_package("vcs = 'git'\n", "pylock.toml: packages[0] (foo): 'vcs' must be a table");
	refused_package("directory = {path = '.'}\nvcs = {type = 'git', url = 'u', commit-id = 'c'}\n",
			"pylock.toml: packages[0] (foo): 'vcs' and 'directory' exclude each other");
	refused_package("archive = {url = 'u', hashes = {sha256 = '" SHA_A "'}}\n"
			"sdist = {url = 'u/x.tar.gz', hashes = {sha256 = '" SHA_A "'}}\n",
			"pylock.toml: packages[0] (foo): 'archive' and 'sdist/wheels' exclude each other");
	refused_package("directory = {path = '.'}\n[[packages.wheels]]\nurl = 'https://x/a-1-py3-none-any.whl'\n"
			"hashes = {sha256 = '" SHA_A "'}\n",
			"pylock.toml: packages[0] (foo): 'directory' and 'sdist/wheels' exclude each other");
	refused_package("vcs = {url = 'u', commit-id = 'c'}\n",
			"pylock.toml: packages[0] (foo): vcs: 'type' is missing");
	refused_package("vcs = {type = 'git', url = 'u'}\n",
			"pylock.toml: packages[0] (foo): vcs: 'commit-id' is missing");
	refused_package("vcs = {type = 'git', commit-id = 'c'}\n",
			"pylock.toml: packages[0] (foo): vcs: neither 'path' nor 'url' is given");
	refused_package("directory = {editable = true}\n",
			"pylock.toml: packages[0] (foo): directory: 'path' is missing");
	refused_package("directory = {path = '.', editable = 'yes'}\n",
			"pylock.toml: packages[0] (foo): directory: 'editable' must be a boolean");
	refused_package("archive = {url = 'u'}\n", "pylock.toml: packages[0] (foo): archive: 'hashes' is missing");
	refused_package(wheel, "pylock.toml: packages[0] (foo): wheels[0]: 'hashes' is missing");
	refused_package("[[packages.attestation-identities]]\nrepository = 'x'\n",
			"pylock.toml: packages[0] (foo): attestation-identities[0]: 'kind' is missing");
	refused_package("tool = []\n", "pylock.toml: packages[0] (foo): 'tool' must be a table");
}

static void files_refused(void **state)
{
	static const char *const cases[][2] = {
		{ "hashes = {sha256 = '" SHA_A "'}\n", "wheels[0]: neither 'path' nor 'url' is given" },
		{ "url = 'https://x/'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: '' is not a file name: give 'name'" },
		{ "url = 'https://x/a%00b.whl'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'https://x/a%00b.whl' names no file: give 'name'" },
		{ "url = 'https://x/..%2Fa.whl'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: '../a.whl' is not a file name: give 'name'" },
		{ "name = '../a.whl'\npath = 'a.whl'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: '../a.whl' is not a file name: give 'name'" },
		{ "name = '..'\npath = 'a.whl'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: '..' is not a file name: give 'name'" },
		{ "path = 'dist/foo.tar.gz'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'foo.tar.gz' is not a wheel's file name" },
		{ "path = '.whl'\nhashes = {sha256 = '" SHA_A "'}\n", "wheels[0]: '.whl' is not a wheel's file name" },
		{ "path = 'a.whl'\nhashes = {}\n", "wheels[0]: 'hashes' is empty" },
		{ "path = 'a.whl'\nhashes = 'sha256:" SHA_A "'\n", "wheels[0]: 'hashes' must be a table" },
		{ "path = 'a.whl'\nhashes = {sha256 = 1}\n", "wheels[0]: 'hashes.sha256' must be a string" },
		{ "path = 'a.whl'\nhashes = {sha256 = 'xyz'}\n", "wheels[0]: 'hashes.sha256' must be hexadecimal" },
		{ "path = 'a.whl'\nhashes = {sha256 = ''}\n", "wheels[0]: 'hashes.sha256' must be hexadecimal" },
		{ "path = 'a.whl'\nhashes = {sha256 = 'abcd'}\n",
		  "wheels[0]: 'hashes.sha256' must have 64 hexadecimal digits, not 4" },
		{ "path = 'a.whl'\nhashes = {\"\" = 'ab'}\n",
		  "wheels[0]: 'hashes' holds an empty or invalid algorithm name" },
		{ "path = 'a.whl'\nsize = -1\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'size' must be an integer of 0 or more" },
		{ "path = 'a.whl'\nsize = 1.5\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'size' must be an integer of 0 or more" },
		{ "path = 'a.whl'\nupload-time = '2025-01-01T00:00:00Z'\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'upload-time' must be a date-time with an offset" },
		{ "path = 'a.whl'\nupload-time = 2025-01-01T00:00:00\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'upload-time' must be a date-time with an offset" },
		{ "path = 'a.whl'\nupload-time = 2025-01-01T00:00:00+01:00\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'upload-time' must be in UTC, not '2025-01-01T00:00:00+01:00'" },
		{ "path = 'a.whl'\nupload-time = {\"$toml\" = 'datetime', value = 'Z'}\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'upload-time' must be a date-time with an offset" },
		{ "path = 'a.whl'\nurl = 7\nhashes = {sha256 = '" SHA_A "'}\n", "wheels[0]: 'url' must be a string" },
		{ "path = \"a\\u0000.whl\"\nhashes = {sha256 = '" SHA_A "'}\n",
		  "wheels[0]: 'path' holds a NUL character" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *body = xstrfmt("[[packages.wheels]]\n%s", cases[i][0]);
		char *want = xstrfmt("pylock.toml: packages[0] (foo): %s", cases[i][1]);

		refused_package(body, want);
		free(body);
		free(want);
	}
	refused_package("wheels = [1]\n", "pylock.toml: packages[0] (foo): 'wheels' must be an array of tables");
	refused_package("[packages.sdist]\nurl = 'https://x/'\nhashes = {sha256 = '" SHA_A "'}\n",
			"pylock.toml: packages[0] (foo): sdist: '' is not a file name: give 'name'");
	refused_package("[[packages.wheels]]\npath = 'a.whl'\nhashes = {sha256 = '" SHA_A "'}\n"
			"[[packages.wheels]]\npath = 'b.whl'\n",
			"pylock.toml: packages[0] (foo): wheels[1]: 'hashes' is missing");
}

static void what_is_ignored(void **state)
{
	static const char doc[] =
		"lock-version = '1.0'\ncreated-by = 'x'\nunknown = {a = 1}\n[[packages]]\nname = 'a'\n"
		"directory = {path = 'p', unknown = 1979-05-27}\ndependencies = [{name = 'b', any = [1]}]\n"
		"[packages.tool.x]\ny = nan\n[tool.z]\nw = 1\n";
	struct pylock lock = PYLOCK_INIT;

	(void)state;
	parse_ok(doc, &lock);
	assert_int_equal(lock.npackages, 1);
	assert_string_equal(lock.packages[0].directory, "p");
	assert_false(lock.packages[0].editable);
	pylock_release(&lock);
	/* No packages at all is a lock file (of nothing). */
	parse_ok("lock-version = '1.0'\ncreated-by = 'x'\npackages = []\n", &lock);
	assert_int_equal(lock.npackages, 0);
	pylock_release(&lock);
}

static void released_on_failure_midway(void **state)
{
	/* Much is filled in before the last package fails: all of it is freed
	 * (the sanitizer build checks) and out is left empty. */
	char *doc = xstrfmt("lock-version = '1.0'\ncreated-by = 'x'\nenvironments = ['a', 'b']\n"
			    "[[packages]]\nname = 'a'\n[[packages.wheels]]\npath = 'a.whl'\nhashes = {sha256 = '%s'}\n"
			    "[[packages]]\nname = 'b'\n[[packages.wheels]]\npath = 'b.whl'\nhashes = {sha256 = '%s', md5 = 'x'}\n",
			    SHA_A, SHA_A);

	(void)state;
	refused(doc, "pylock.toml: packages[1] (b): wheels[0]: 'hashes.md5' must be hexadecimal");
	free(doc);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lock_names),
		cmocka_unit_test(the_example),
		cmocka_unit_test(other_sources),
		cmocka_unit_test(toml_errors),
		cmocka_unit_test(the_file_refused),
		cmocka_unit_test(packages_refused),
		cmocka_unit_test(files_refused),
		cmocka_unit_test(what_is_ignored),
		cmocka_unit_test(released_on_failure_midway),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
