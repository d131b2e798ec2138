/*
 * Unit tests for template.h: the parsers of the metadata and of the
 * per-file digests, and pack then extract of a small environment made here, with
 * the digests recorded and checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msg.h"
#include "strbuf.h"
#include "template.h"
#include "testutil.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static int parse(const char *text)
{
	struct template_meta m;
	int r;

	msg_mute();
	r = template_parse_meta(text, strlen(text), &m, "t.tar.zst");
	msg_unmute();
	template_meta_release(&m);
	return r;
}

#define META(extra) \
	"{\"format\": 1, \"prefix\": \"/old/env\", \"python\": \"/usr/bin/python3\", \"version\": \"3.11.2\"," \
	" \"real_executable\": \"/usr/bin/python3.11\", \"prefix_files\": [\"bin/activate\"]" extra "}"

static int digests(const char *text)
{
	struct template_meta m = { 0 };
	int r;

	msg_mute();
	r = template_parse_digests(text, strlen(text), &m, "t.tar.zst");
	msg_unmute();
	template_meta_release(&m);
	return r;
}

static void parses_metadata(void **state)
{
	struct template_meta m;
	const char *text = META(""), *d = "{\"bin/activate\": \"" HEX64 "\"}";

	(void)state;
	assert_int_equal(template_parse_meta(text, strlen(text), &m, "t"), 0);
	assert_string_equal(m.prefix, "/old/env");
	assert_string_equal(m.version, "3.11.2");
	assert_int_equal(m.nfiles, 1);
	assert_null(m.digests); /* the digests are a member of their own */
	assert_int_equal(template_parse_digests(d, strlen(d), &m, "t"), 0);
	assert_string_equal(json_string_value(json_object_get(m.digests, "bin/activate")), HEX64);
	template_meta_release(&m);
	assert_int_equal(digests("{}"), 0);
}

static void refuses_broken_metadata(void **state)
{
	static const char *const bad_digests[] = {
		"[]",
		"{",
		"{\"a\": \"xyz\"}",
		"{\"a\": \"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef\"}",
		"{\"../a\": \"" HEX64 "\"}",
		"{\"/a\": \"" HEX64 "\"}",
		"{\"dir/\": \"" HEX64 "\"}",
		"{\"a\": 1}",
		NULL,
	};
	static const char *const bad[] = {
		"{\"format\": 1, \"prefix\": \"relative\", \"python\": \"p\", \"version\": \"v\","
		" \"real_executable\": \"r\", \"prefix_files\": []}",
		"{\"format\": 2, \"prefix\": \"/p\", \"python\": \"p\", \"version\": \"v\","
		" \"real_executable\": \"r\", \"prefix_files\": []}",
		"[]",
		"{",
		NULL,
	};

	(void)state;
	for (const char *const *t = bad; *t; t++)
		assert_int_equal(parse(*t), -1);
	for (const char *const *t = bad_digests; *t; t++)
		assert_int_equal(digests(*t), -1);
}

/* A small environment: what pack needs of one, and no more. */
static char *fake_env(const char *root)
{
	char *env = tu_path(root, "env"), *p;
	char *text;

	assert_int_equal(mkdir(env, 0755), 0);
	p = tu_path(env, "pyvenv.cfg");
	tu_write_str(p, "home = /usr/bin\n", 0644);
	free(p);
	p = tu_path(env, "bin");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = tu_path(env, "bin/python");
	assert_int_equal(symlink("/bin/sh", p), 0);
	free(p);
	p = tu_path(env, "bin/activate");
	text = xstrfmt("VIRTUAL_ENV=%s\n", env);
	tu_write_str(p, text, 0644);
	free(text);
	free(p);
	p = tu_path(env, "lib");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = tu_path(env, "lib/data.bin");
	tu_write(p, "\0\1\2binary", 9, 0600);
	free(p);
	return env;
}

static void packs_and_extracts_with_digests(void **state)
{
	char *root = tu_mkdtemp(), *env = fake_env(root);
	char *archive = tu_path(root, "t.tar.gz"), *dest = tu_path(root, "dest"), *p;
	struct pyinfo py = { 0 };
	struct template_meta meta;
	size_t len;
	char *text;

	(void)state;
	py.path = "/bin/sh";
	py.version = "3.11.2";
	py.real_executable = "/bin/sh";
	py.scripts_dir = "bin";
	py.purelib = "lib/python3.11/site-packages";
	assert_int_equal(template_pack(env, archive, &py), 0);
	assert_int_equal(mkdir(dest, 0755), 0);
	assert_int_equal(template_extract(archive, dest, &meta, NULL), 0);
	/* The digests: one per regular file, none for links or directories. */
	assert_non_null(meta.digests);
	assert_int_equal(json_object_size(meta.digests), 3);
	assert_non_null(json_object_get(meta.digests, "lib/data.bin"));
	assert_null(json_object_get(meta.digests, "bin/python"));
	/* The prefix files, and the contents and modes as they were. */
	assert_int_equal(meta.nfiles, 1);
	assert_string_equal(meta.files[0], "bin/activate");
	p = tu_path(dest, "lib/data.bin");
	text = tu_read(p, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(text, "\0\1\2binary", 9);
	assert_int_equal(tu_mode(p), 0600);
	free(text);
	free(p);
	template_meta_release(&meta);
	free(env);
	free(archive);
	free(dest);
	free(root);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_metadata),
		cmocka_unit_test(refuses_broken_metadata),
		cmocka_unit_test(packs_and_extracts_with_digests),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
