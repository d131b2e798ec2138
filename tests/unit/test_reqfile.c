/*
 * Unit tests for reqfile.h: requirements files read as pip 23.2 reads them
 * (line joining, comments, ${VAR}s, options as optparse takes them, what
 * pip keeps of each line), what requirements refer to (names, local files
 * and directories, URLs), and where nested files and find-links are.
 *
 * A parse is shown as one line per reqfile_line,
 *   LINENO KIND OPTION VALUE [hash=...] [C=...] [G=...]
 * with KIND req, edit, -r, -c, -f, index or opt, and "-" for a NULL; a
 * reference as KIND PATH URL NAME SPECIFIER MARKERS, paths under the test's
 * directory written "$/...".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msg.h"
#include "reqfile.h"
#include "strbuf.h"
#include "testutil.h"

static const char *const kind_names[] = { "req", "edit", "-r", "-c", "-f", "index", "opt" };
static const char *const ref_names[] = { "name", "file", "dir", "url" };

/* ${VAR} values for the tests: "NAME=value" strings, NULL-ended. */
static const char *getvar(const char *name, void *data)
{
	const char *const *vars = data;
	const size_t n = strlen(name);

	for (; vars && *vars; vars++)
		if (!strncmp(*vars, name, n) && (*vars)[n] == '=')
			return *vars + n + 1;
	return NULL;
}

static void add_strs(struct strbuf *sb, const char *label, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, " %s=%s", label, v[i]);
}

static void show_line(struct strbuf *sb, const struct reqfile_line *l)
{
	strbuf_addf(sb, "%s%zu %s %s %s", sb->len ? "\n" : "", l->lineno, kind_names[l->kind],
		    l->option ? l->option : "-", l->value ? l->value : "-");
	add_strs(sb, "hash", l->hashes, l->nhashes);
	add_strs(sb, "C", l->config_settings, l->nconfig_settings);
	add_strs(sb, "G", l->global_options, l->nglobal_options);
}

/* The parse of len bytes of text, shown; "error" when refused. */
static char *parse_n(const char *text, size_t len, const char *const *vars)
{
	struct reqfile rf = REQFILE_INIT;
	struct strbuf sb = STRBUF_INIT;

	msg_mute();
	if (reqfile_parse(text, len, "req.txt", getvar, (void *)vars, &rf)) {
		msg_unmute();
		assert_int_equal(rf.n, 0);
		assert_null(rf.v);
		return xstrdup("error");
	}
	msg_unmute();
	for (size_t i = 0; i < rf.n; i++)
		show_line(&sb, &rf.v[i]);
	reqfile_release(&rf);
	return strbuf_detach(&sb);
}

static void check_vars(const char *text, const char *const *vars, const char *want)
{
	char *got = parse_n(text, strlen(text), vars);

	assert_string_equal(got, want);
	free(got);
}

static void check(const char *text, const char *want)
{
	check_vars(text, NULL, want);
}

/* --- lines, comments, continuations -------------------------------------- */

static void blank_lines_and_comments(void **state)
{
	(void)state;
	check("\n\n# a comment\n   # indented\nfoo  # trailing\n\n", "5 req - foo");
	check("", "");
	check("# only\n", "");
}

static void comment_needs_whitespace_before_hash(void **state)
{
	(void)state;
	check("foo#bar\nhttps://h/x.tar.gz#egg=x\n", "1 req - foo#bar\n2 req - https://h/x.tar.gz#egg=x");
}

static void unicode_whitespace_starts_comment_and_strips(void **state)
{
	(void)state;
	/* U+3000 before '#', U+00A0 after a name, U+2003 before one. */
	check("foo\xe3\x80\x80# c\nbar\xc2\xa0\n\xe2\x80\x83" "baz\n",
	      "1 req - foo\n2 req - bar\n3 req - baz");
}

static void continuation_joins_lines(void **state)
{
	(void)state;
	check("foo\\\n==1.0\nbar \\\n  >=2 \\\n  ,<3\nbaz\n",
	      "1 req - foo==1.0\n3 req - bar   >=2   ,<3\n6 req - baz");
}

static void continuation_at_end_of_file(void **state)
{
	(void)state;
	check("foo\\", "1 req - foo");
	check("foo\\\n", "1 req - foo");
}

static void comment_line_ends_continuation(void **state)
{
	(void)state;
	check("foo\\\n# comment\nbar\n", "1 req - foo\n3 req - bar");
	/* A comment line ending in "\" does not continue. */
	check("# comment \\\nfoo\n", "2 req - foo");
}

static void continuation_after_comment_is_commented_out(void **state)
{
	(void)state;
	/* pip joins first, then strips "# c bar" as one comment. */
	check("foo # c \\\nbar\nbaz\n", "1 req - foo\n3 req - baz");
}

static void backslashes_stripped_at_both_ends(void **state)
{
	(void)state;
	check("\\\\foo\\\\\n==1\n", "1 req - foo==1");
}

static void line_breaks_as_splitlines(void **state)
{
	(void)state;
	check("a\r\nb\rc\x0b" "d\x0c" "e\x1c" "f\xc2\x85g\xe2\x80\xa8h\n",
	      "1 req - a\n2 req - b\n3 req - c\n4 req - d\n5 req - e\n6 req - f\n7 req - g\n8 req - h");
}

static void utf8_bom_skipped(void **state)
{
	(void)state;
	check("\xef\xbb\xbf" "foo\n", "1 req - foo");
}

static void nul_byte_refused(void **state)
{
	char *got = parse_n("foo\n# \0\n", 8, NULL);

	(void)state;
	assert_string_equal(got, "error");
	free(got);
}

static void invalid_utf8_refused(void **state)
{
	(void)state;
	check("foo\nb\xe9r\n", "error");
	check("\xed\xa0\x80\n", "error"); /* a surrogate */
	check("\xc0\xaf\n", "error");     /* overlong */
}

/* --- options --------------------------------------------------------------- */

static void requirement_option_forms(void **state)
{
	(void)state;
	check("-r a.txt\n-rb.txt\n--requirement=c.txt\n--requirement d.txt\n-r=e.txt\n",
	      "1 -r -r a.txt\n2 -r -r b.txt\n3 -r --requirement c.txt\n4 -r --requirement d.txt\n"
	      "5 -r -r =e.txt");
	check("-c a.txt\n--constraint=b.txt\n", "1 -c -c a.txt\n2 -c --constraint b.txt");
}

static void long_options_abbreviated(void **state)
{
	(void)state;
	check("--requirem a.txt\n--no-i\n--ex https://x/simple\n--cons b.txt\n",
	      "1 -r --requirem a.txt\n2 index --no-i -\n3 index --ex https://x/simple\n"
	      "4 -c --cons b.txt");
}

static void long_option_names_in_full(void **state)
{
	struct reqfile rf = REQFILE_INIT;
	const char *text = "--requirem a\n--pypi-url https://x/simple\n";

	(void)state;
	assert_int_equal(reqfile_parse(text, strlen(text), "req.txt", NULL, NULL, &rf), 0);
	assert_int_equal(rf.n, 2);
	assert_string_equal(rf.v[0].longopt, "--requirement");
	assert_string_equal(rf.v[1].longopt, "--index-url");
	assert_int_equal(rf.v[1].kind, REQFILE_INDEX);
	reqfile_release(&rf);
}

static void ambiguous_abbreviation_refused(void **state)
{
	(void)state;
	check("--requir a.txt\n", "error"); /* --requirement, --require-hashes */
	check("--pr\n", "error");
	check("--con a.txt\n", "error");    /* --constraint, --config-settings */
	check("--=x\n", "error");
}

static void unknown_option_refused(void **state)
{
	(void)state;
	check("--frobnicate\n", "error");
	check("-x foo\n", "error");
	check("foo --prefix=/x\n", "error"); /* on a requirement line too */
}

static void missing_value_refused(void **state)
{
	(void)state;
	check("-r\n", "error");
	check("--index-url\n", "error");
	check("foo --hash\n", "error");
}

static void flag_given_a_value_refused(void **state)
{
	(void)state;
	check("--pre=yes\n", "error");
	check("--no-index=1\n", "error");
}

static void value_taken_even_if_it_starts_with_dash(void **state)
{
	(void)state;
	check("-r --pre\n", "1 -r -r --pre");
	check("-foo\n", "1 -f -f oo");
}

static void index_options_in_pip_order(void **state)
{
	(void)state;
	/* The last -i of a line; extra indexes after it, as pip applies them. */
	check("--extra-index-url https://b/s -i https://a/s -i https://c/s\n--no-index\n",
	      "1 index -i https://c/s\n1 index --extra-index-url https://b/s\n2 index --no-index -");
}

static void option_line_order(void **state)
{
	(void)state;
	check("--trusted-host h --pre -f ./w --require-hashes --use-feature fast-deps --prefer-binary --pre\n",
	      "1 opt --require-hashes -\n1 opt --use-feature fast-deps\n1 -f -f ./w\n1 opt --pre -\n"
	      "1 opt --prefer-binary -\n1 opt --trusted-host h");
}

static void only_first_nested_file(void **state)
{
	(void)state;
	check("-r a -r b\n-r a -c b\n-c b -r a\n-r a --pre -i https://x/s\n",
	      "1 -r -r a\n2 -r -r a\n3 -r -r a\n4 -r -r a");
	check("-c a -c b\n", "1 -c -c a");
}

static void only_first_find_links(void **state)
{
	(void)state;
	check("-f a -f b --find-links c\n", "1 -f -f a");
}

static void editable_first_wins_and_takes_the_line(void **state)
{
	(void)state;
	check("-e ./a -e ./b -r x.txt --hash=sha256:0\n", "1 edit -e ./a");
	check("--editable=./a[x]\n", "1 edit --editable ./a[x]");
}

static void binary_options_on_any_line(void **state)
{
	(void)state;
	check("--only-binary :all:\nfoo --no-binary bar\n-r x --only-binary=:none:\n",
	      "1 opt --only-binary :all:\n2 opt --no-binary bar\n2 req - foo\n"
	      "3 opt --only-binary :none:\n3 -r -r x");
}

static void binary_value_starting_with_dash_refused(void **state)
{
	(void)state;
	check("--no-binary -x\n", "error");
}

static void shell_quoting_of_options(void **state)
{
	(void)state;
	check("--trusted-host 'a b' --trusted-host \"c\\\"d\" --trusted-host e\\ f --trusted-host ''\n",
	      "1 opt --trusted-host a b\n1 opt --trusted-host c\"d\n1 opt --trusted-host e f\n"
	      "1 opt --trusted-host ");
	/* In double quotes, a backslash escapes only '"' and '\'. */
	check("--trusted-host \"a\\b\\\\c\"\n", "1 opt --trusted-host a\\b\\c");
	check("-r'a b'c\n", "1 -r -r a bc");
}

static void unbalanced_quoting_refused(void **state)
{
	(void)state;
	check("--trusted-host 'abc\n", "error");
	check("foo --hash=\"sha256:a\n", "error");
}

static void positional_arguments_dropped(void **state)
{
	(void)state;
	check("--pre foo\n", "1 opt --pre -");
	check("--pre -- -r a.txt\n", "1 opt --pre -");
	check("--pre - ''\n", "1 opt --pre -");
}

static void words_split_at_single_spaces(void **state)
{
	(void)state;
	/* A tab does not start the options: all of it is the requirement. */
	check("foo==1.0\t--hash=sha256:abc\n", "1 req - foo==1.0\t--hash=sha256:abc");
	check("foo  --hash=sha256:abc\n", "1 req - foo  hash=sha256:abc");
	check("foo; python_version < \"3.9\" --hash=sha256:a\n",
	      "1 req - foo; python_version < \"3.9\" hash=sha256:a");
}

/* --- per-requirement options ---------------------------------------------- */

static void hashes_on_a_requirement_line(void **state)
{
	(void)state;
	check("foo==1.0 --hash=sha256:abc --hash=sha256:def \\\n    --hash sha512:0123\n",
	      "1 req - foo==1.0 hash=sha256:abc hash=sha256:def hash=sha512:0123");
	check("foo --hash=sha256:\n", "1 req - foo hash=sha256:");
}

static void hash_algorithm_checked(void **state)
{
	(void)state;
	check("foo --hash=md5:abc\n", "error");
	check("foo --hash=sha256\n", "error");
	check("foo --hash=SHA256:abc\n", "error");
}

static void hash_on_an_option_line_ignored(void **state)
{
	(void)state;
	check("--hash=sha256:abc\n", "");
}

static void config_settings_and_global_options(void **state)
{
	(void)state;
	check("foo -C a=b --config-settings c=d --config-settings=e=f=g --global-option=--x\n",
	      "1 req - foo C=a=b C=c=d C=e=f=g G=--x");
	check("foo -C ab\n", "error");
}

static void requirement_line_ignores_other_options(void **state)
{
	(void)state;
	check("foo --pre -i https://x/s -r nothere.txt -e ./x\n", "1 req - foo");
}

/* --- ${VAR} ----------------------------------------------------------------- */

static void variables_expanded(void **state)
{
	static const char *const vars[] = { "NAME=foo", "VERSION=1.0", "EMPTY=", "lower=x", NULL };

	(void)state;
	check_vars("${NAME}==${VERSION}\n${UNSET}\n${EMPTY}x\n$NAME ${lower}\n", vars,
		   "1 req - foo==1.0\n2 req - ${UNSET}\n3 req - ${EMPTY}x\n4 req - $NAME ${lower}");
}

static void variables_after_comments_before_options(void **state)
{
	static const char *const vars[] = { "OPT=-r", "HASH=# no comment", "SP= foo ", NULL };

	(void)state;
	check_vars("${OPT} a.txt\nfoo ${HASH}\n${SP}\n", vars,
		   "1 -r -r a.txt\n2 req - foo # no comment\n3 req -  foo ");
}

static void variables_replaced_as_str_replace(void **state)
{
	static const char *const vars[] = { "A=${B}", "B=bar", "C=x", NULL };

	(void)state;
	/* Found in the line as written, replaced in the line as it is by then. */
	check_vars("${A} ${B}\n${C}${C} ${C}\n", vars, "1 req - bar bar\n2 req - xx x");
}

static void variable_names_recorded(void **state)
{
	static const char *const vars[] = { "A=1", NULL };
	struct reqfile rf = REQFILE_INIT;
	const char *text = "${A}${B} ${A}\n# ${C}\nfoo # ${D}\n$E ${F\n${G_1}\n";

	(void)state;
	assert_int_equal(reqfile_parse(text, strlen(text), "req.txt", getvar, (void *)vars, &rf), 0);
	assert_int_equal(rf.nvars, 3);
	assert_string_equal(rf.vars[0], "A");
	assert_string_equal(rf.vars[1], "B");
	assert_string_equal(rf.vars[2], "G_1");
	reqfile_release(&rf);
}

static void line_numbers_and_file_in_messages(void **state)
{
	struct reqfile rf = REQFILE_INIT;
	const char *text = "a\nb \\\nc\n--bogus\n";

	(void)state;
	/* What went wrong is reported; the output is left empty and reusable. */
	msg_mute();
	assert_int_equal(reqfile_parse(text, strlen(text), "r.txt", NULL, NULL, &rf), -1);
	msg_unmute();
	assert_int_equal(rf.n, 0);
	reqfile_release(&rf);
	text = "a\nb \\\nc\n-r x\n";
	assert_int_equal(reqfile_parse(text, strlen(text), "r.txt", NULL, NULL, &rf), 0);
	assert_int_equal(rf.v[1].lineno, 2);
	assert_int_equal(rf.v[2].lineno, 4);
	reqfile_release(&rf);
}

/* --- what requirements refer to ------------------------------------------ */

static char *test_dir;

/* A new empty directory for the test at hand (removed at exit, see testutil.h). */
static void fresh_dir(void)
{
	if (test_dir) {
		tu_rmtree(test_dir);
		free(test_dir);
	}
	test_dir = tu_mkdtemp();
}

/* Makes test_dir/name: a directory when it ends in '/', else a file. */
static void make(const char *name)
{
	char *path = tu_path(test_dir, name), *slash;

	for (slash = strchr(path + strlen(test_dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	if (name[strlen(name) - 1] != '/')
		tu_write_str(path, "x", 0644);
	free(path);
}

static void add_path(struct strbuf *sb, const char *path)
{
	const size_t n = strlen(test_dir);

	if (!path)
		strbuf_addstr(sb, " -");
	else if (!strncmp(path, test_dir, n) && (!path[n] || path[n] == '/'))
		strbuf_addf(sb, " $%s", path + n);
	else
		strbuf_addf(sb, " %s", path);
}

static char *show_ref(int rc, const struct reqref *r)
{
	struct strbuf sb = STRBUF_INIT;

	if (rc)
		return xstrdup(rc < 0 ? "error" : "nothing");
	strbuf_addstr(&sb, ref_names[r->kind]);
	add_path(&sb, r->path);
	strbuf_addf(&sb, " %s %s %s %s", r->url ? r->url : "-", r->name ? r->name : "-",
		    r->specifier ? r->specifier : "-", r->markers ? r->markers : "-");
	return strbuf_detach(&sb);
}

static void check_ref(const char *requirement, const char *want)
{
	struct reqref r;
	int rc;
	char *got;

	msg_mute();
	rc = reqref_classify(requirement, test_dir, "req.txt:1", &r);
	msg_unmute();
	got = show_ref(rc, &r);
	assert_string_equal(got, want);
	free(got);
	reqref_release(&r);
}

static void check_editable(const char *value, const char *want)
{
	struct reqref r;
	int rc;
	char *got;

	msg_mute();
	rc = reqref_classify_editable(value, test_dir, "req.txt:1", &r);
	msg_unmute();
	got = show_ref(rc, &r);
	assert_string_equal(got, want);
	free(got);
	reqref_release(&r);
}

static void specifier_names_a_project(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("foo", "name - - foo - -");
	check_ref("Foo_Bar.baz[a,b]>=1,<2", "name - - Foo_Bar.baz >=1,<2 -");
	check_ref("foo (>=1)", "name - - foo >=1 -");
	check_ref("foo== 1.0", "name - - foo == 1.0 -");
	check_ref("foo[]", "name - - foo - -");
}

static void markers_split_off(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("foo; python_version < \"3.9\"", "name - - foo - python_version < \"3.9\"");
	check_ref("foo;python_version=='3'and os_name=='x'",
		  "name - - foo - python_version=='3'and os_name=='x'");
	check_ref("foo ;  ", "name - - foo - -");
	check_ref("foo; (os_name=='a' or extra == \"x\") and 'a' not in platform.machine",
		  "name - - foo - (os_name=='a' or extra == \"x\") and 'a' not in platform.machine");
}

static void invalid_markers_refused(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("foo; python_version <", "error");
	check_ref("foo; pyversion == '3'", "error");
	check_ref("foo; 'a' not  in extra", "error");
	check_ref("foo; os_name\xc2\xa0== 'x'", "error");
}

static void legacy_specifiers_accepted(void **state)
{
	(void)state;
	fresh_dir();
	/* packaging 21.3's LegacySpecifier takes almost anything after an operator. */
	check_ref("foo==", "name - - foo == -");
	check_ref("foo>=1.0.x-y", "name - - foo >=1.0.x-y -");
	check_ref("foo===a,>=1", "name - - foo ===a,>=1 -");
}

static void version_quirks_of_pip_23_2(void **state)
{
	(void)state;
	fresh_dir();
	/* "~=" stops after "a" (the first alternative), then the rest is left. */
	check_ref("foo~=1.0alpha1", "error");
	check_ref("foo~=1.0a1.post2.dev3", "name - - foo ~=1.0a1.post2.dev3 -");
	check_ref("foo~=1", "error");
	check_ref("foo===a,b", "error");
	check_ref("foo>=1.0[x]", "error"); /* extras after the version */
}

static void invalid_requirements_refused(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("foo bar", "error");
	check_ref("foo=1.0", "error");
	check_ref("foo-", "error");
	check_ref("foo[a b]", "error");
	check_ref("foo (>=1", "error");
	check_ref("caf\xc3\xa9", "error");
	check_ref("", "error");
}

static void direct_reference_to_a_file(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("foo @ file:///abs/foo-1.0-py3-none-any.whl",
		  "file /abs/foo-1.0-py3-none-any.whl file:///abs/foo-1.0-py3-none-any.whl foo - -");
	check_ref("foo @ file:///a%20b/x.tar.gz", "file /a b/x.tar.gz file:///a%20b/x.tar.gz foo - -");
	check_ref("foo @ file://localhost/abs/x", "file /abs/x file://localhost/abs/x foo - -");
	/* packaging wants the URL to survive urlunparse(urlparse()) */
	check_ref("foo @ file:/abs/x", "error");
	check_ref("foo @ file:../x", "error");
	check_ref("foo @ FILE:///abs/x", "error");
	check_ref("foo @ file://host/x", "error");
}

static void direct_reference_to_a_url(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("foo @ https://example.com/foo-1.0.tar.gz",
		  "url - https://example.com/foo-1.0.tar.gz foo - -");
	check_ref("foo[bar] @ https://e.com/f.whl ; python_version > '3'",
		  "url - https://e.com/f.whl foo - python_version > '3'");
	check_ref("foo @ git+https://github.com/x/foo@v1", "url - git+https://github.com/x/foo@v1 foo - -");
	check_ref("foo @ example.com/foo", "error");
	/* The first ';' ends the requirement, inside the URL too. */
	check_ref("foo @ https://example.com/a;b", "error");
}

static void urls_by_scheme(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("https://e.com/pkgs/foo_bar-1.0_1-py3-none-any.whl",
		  "url - https://e.com/pkgs/foo_bar-1.0_1-py3-none-any.whl foo-bar ==1.0-1 -");
	check_ref("https://e.com/foo.tar.gz#egg=foo", "url - https://e.com/foo.tar.gz#egg=foo foo - -");
	check_ref("https://e.com/foo.tar.gz", "url - https://e.com/foo.tar.gz - - -");
	check_ref("https://e.com/foo?x=1&egg=bar", "url - https://e.com/foo?x=1&egg=bar bar - -");
	check_ref("ftp://e.com/foo-1.0.tar.gz", "url - ftp://e.com/foo-1.0.tar.gz - - -");
	check_ref("git+https://github.com/x/foo.git@main#egg=foo",
		  "url - git+https://github.com/x/foo.git@main#egg=foo foo - -");
	check_ref("HTTPS://e.com/a-1.0-py3-none-any.whl", "url - HTTPS://e.com/a-1.0-py3-none-any.whl a ==1.0 -");
}

static void url_markers_need_semicolon_space(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("https://e.com/f.tar.gz#egg=f; python_version >= '3'",
		  "url - https://e.com/f.tar.gz#egg=f f - python_version >= '3'");
	check_ref("https://e.com/f.tar.gz;python_version>='3'",
		  "url - https://e.com/f.tar.gz;python_version>='3' - - -");
}

static void bad_urls_refused(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("https://e.com/notawheel.whl", "error");
	check_ref("https://e.com/foo.tar.gz#egg=", "error");
	check_ref("https://[::1/foo.whl", "error");
	check_ref("https://[1.2.3.4]/foo.whl", "error");
	check_ref("https://[::1]:8080/a-1-py3-none-any.whl", "url - https://[::1]:8080/a-1-py3-none-any.whl a ==1 -");
}

static void file_urls_decoded(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("file:///a%20b/x-1.0-py3-none-any.whl",
		  "file /a b/x-1.0-py3-none-any.whl file:///a%20b/x-1.0-py3-none-any.whl x ==1.0 -");
	check_ref("file://localhost/abs/x-1.0.tar.gz", "file /abs/x-1.0.tar.gz file://localhost/abs/x-1.0.tar.gz - - -");
	check_ref("file:/abs/x-1.0.zip", "file /abs/x-1.0.zip file:/abs/x-1.0.zip - - -");
	/* Bytes that are not UTF-8 become U+FFFD, as urllib's unquote() makes them. */
	check_ref("file:///x%FF%C3.tar.gz", "file /x\xef\xbf\xbd\xef\xbf\xbd.tar.gz file:///x%FF%C3.tar.gz - - -");
}

static void relative_file_urls(void **state)
{
	(void)state;
	fresh_dir();
	make("x-1.0.tar.gz");
	/* With "../", pip makes a normalized path of it (and drops the fragment). */
	{
		const char *base = strrchr(test_dir, '/') + 1;
		char *req = xstrfmt("file:../%s/sub/../x.tar.gz#egg=foo", base);
		char *want = xstrfmt("file $/x.tar.gz %s - - -", req);

		check_ref(req, want);
		free(want);
		free(req);
	}
	check_ref("file:x-1.0.tar.gz", "file $/x-1.0.tar.gz file:x-1.0.tar.gz - - -");
	check_ref("file:///tmp/../y-1.0.tar.gz#egg=y", "file /y-1.0.tar.gz file:///tmp/../y-1.0.tar.gz#egg=y - - -");
}

static void bad_file_urls_refused(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("file://host/x.whl", "error");
	check_ref("FILE:///x-1.0.tar.gz", "error");
}

static void local_directories(void **state)
{
	(void)state;
	fresh_dir();
	make("proj/pyproject.toml");
	make("legacy/setup.py");
	make(".dotted/setup.py");
	check_ref("./proj", "dir $/proj - - - -");
	check_ref("proj/", "dir $/proj - - - -");
	check_ref("legacy/[a,b]", "dir $/legacy - - - -");
	check_ref("./proj[extra1,extra2] ; python_version >= '3'", "dir $/proj - - - python_version >= '3'");
	check_ref(".dotted", "dir $/.dotted - - - -");
	{
		char *abs = xstrfmt("%s/proj", test_dir);

		check_ref(abs, "dir $/proj - - - -");
		free(abs);
	}
	check_ref(test_dir, "error"); /* no pyproject.toml there */
}

static void directories_that_pip_refuses(void **state)
{
	(void)state;
	fresh_dir();
	make("empty/");
	make("proj/setup.py");
	check_ref("./empty", "error");         /* no pyproject.toml or setup.py */
	check_ref("./proj[a b]", "error");     /* bad extras */
	check_ref("./proj[]", "error");        /* not extras: a path that is not there */
	check_ref("./proj#egg=x", "error");
	check_ref("./nothere", "error");
}

static void directory_that_does_not_look_like_a_path(void **state)
{
	(void)state;
	fresh_dir();
	make("proj/setup.py");
	check_ref("proj", "name - - proj - -");
}

static void archives_that_exist(void **state)
{
	static const char *const names[] = {
		"foo-1.0.tar.gz", "foo.ZIP", "foo.tar.bz2", "x.tbz", "x.tar.xz", "x.txz",
		"x.tlz", "x.tar.lz", "x.tar.lzma", "x.tgz", "x.tar", "X.TAR.GZ",
	};

	(void)state;
	fresh_dir();
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *want = xstrfmt("file $/%s - - - -", names[i]);

		make(names[i]);
		check_ref(names[i], want);
		free(want);
	}
	make("notes.txt");
	check_ref("./notes.txt", "error");
}

static void archive_names_that_do_not_exist(void **state)
{
	(void)state;
	fresh_dir();
	/* pip warns, and takes them for files all the same. */
	check_ref("foo-1.0.tar.gz", "file $/foo-1.0.tar.gz - - - -");
	check_ref("sub/../foo-1.0-py3-none-any.whl", "file $/foo-1.0-py3-none-any.whl - foo ==1.0 -");
	check_ref("/nonexistent/a.zip", "file /nonexistent/a.zip - - - -");
	check_ref("~/x-1.0.tar.gz", "file $/~/x-1.0.tar.gz - - - -");
}

static void archive_extension_rules(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("x.tar.zip", "name - - x.tar.zip - -"); /* ".tar.zip" is not an archive */
	make("x-1.0-py3-none-any.WHL");
	check_ref("x-1.0-py3-none-any.WHL", "file $/x-1.0-py3-none-any.WHL - - - -");
	/* A directory with an archive's name: pip takes it as the directory it is. */
	make("d-1.0.tar.gz/setup.py");
	check_ref("d-1.0.tar.gz", "dir $/d-1.0.tar.gz - - - -");
}

static void wheel_file_names(void **state)
{
	(void)state;
	fresh_dir();
	check_ref("./foo_bar-1.0_1-py3-none-any.whl", "file $/foo_bar-1.0_1-py3-none-any.whl - foo-bar ==1.0-1 -");
	check_ref("foo-1.0-1build-py3-none-any.whl", "file $/foo-1.0-1build-py3-none-any.whl - foo ==1.0 -");
	check_ref("./foo--py3-none-any.whl", "file $/foo--py3-none-any.whl - foo == -");
	check_ref("./foo%2Dbar-1.0-py3-none-any.whl", "file $/foo%2Dbar-1.0-py3-none-any.whl - foo ==bar -");
	check_ref("./notawheel.whl", "error");
	check_ref("./a-b-1-c-d-e-f.whl", "error");
	check_ref("./foo+bar-1.0-py3-none-any.whl", "error");
}

static void at_sign_in_an_archive_name(void **state)
{
	(void)state;
	fresh_dir();
	/* Not a path before the '@': a PEP 508 requirement (here a bad one). */
	check_ref("foo @ ./x/foo-1.0.tar.gz", "error");
	check_ref("foo @ https://e.com/foo-1.0.tar.gz", "url - https://e.com/foo-1.0.tar.gz foo - -");
	check_ref("./x@y/foo-1.0.tar.gz", "file $/x@y/foo-1.0.tar.gz - - - -");
}

static void editable_directories(void **state)
{
	(void)state;
	fresh_dir();
	make("proj/setup.py");
	make("empty/");
	check_editable("./proj", "dir $/proj - - - -");
	check_editable("proj[x]", "dir $/proj - - - -");
	check_editable("./empty", "dir $/empty - - - -"); /* pip checks that later */
	check_editable("./proj[a b]", "error");
	check_editable("./nothere", "error");
	check_editable("", "error");
}

static void editable_vcs_urls(void **state)
{
	(void)state;
	fresh_dir();
	check_editable("git+https://github.com/x/foo.git#egg=foo", "url - git+https://github.com/x/foo.git#egg=foo foo - -");
	check_editable("git://github.com/x/foo#egg=foo", "url - git+git://github.com/x/foo#egg=foo foo - -");
	check_editable("svn:host/x#egg=x", "url - svn+svn:host/x#egg=x x - -");
	check_editable("git+https://github.com/x/foo.git", "error"); /* no #egg= */
	check_editable("git+https://h/r#egg=foo bar", "error");
	check_editable("hg:host/x#egg=x", "error");                  /* hg+hg is no scheme */
	check_editable("https://example.com/foo.tar.gz", "error");
}

static void editable_file_urls(void **state)
{
	(void)state;
	fresh_dir();
	make("proj/setup.py");
	check_editable("file:./proj#egg=proj", "dir $/proj file:./proj#egg=proj proj - -");
	check_editable("file:./proj[a,b]", "dir $/proj file:./proj - - -");
	check_editable("file:///abs/x", "file /abs/x file:///abs/x - - -");
	check_editable("file:./proj#egg=", "error");
	check_editable("FILE:///abs/x", "error");
}

/* --- nested files and find-links ------------------------------------------ */

static char *resolve(const char *text, const char *file)
{
	struct reqfile rf = REQFILE_INIT;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(reqfile_parse(text, strlen(text), file, NULL, NULL, &rf), 0);
	for (size_t i = 0; i < rf.n; i++) {
		struct reqref r;
		int rc;
		char *one;

		msg_mute();
		rc = reqfile_resolve(&rf.v[i], file, test_dir, &r);
		msg_unmute();
		one = show_ref(rc, &r);
		strbuf_addf(&sb, "%s%s", i ? "\n" : "", one);
		free(one);
		reqref_release(&r);
	}
	reqfile_release(&rf);
	return strbuf_detach(&sb);
}

static void check_resolve(const char *text, const char *file, const char *want)
{
	char *got = resolve(text, file);

	assert_string_equal(got, want);
	free(got);
}

static void nested_files_beside_their_includer(void **state)
{
	(void)state;
	fresh_dir();
	check_resolve("-r a.txt\n-r ../top.txt\n-c /abs/c.txt\n", "sub/req.txt",
		      "file $/sub/a.txt - - - -\nfile $/sub/../top.txt - - - -\nfile /abs/c.txt - - - -");
	check_resolve("-r a.txt\n", "req.txt", "file $/a.txt - - - -");
}

static void nested_files_by_url(void **state)
{
	(void)state;
	fresh_dir();
	check_resolve("-r file:///abs/n.txt\n-r https://e.com/r.txt\n-r file:n.txt\n-r file://h/r.txt\n",
		      "sub/req.txt",
		      "file /abs/n.txt file:///abs/n.txt - - -\nurl - https://e.com/r.txt - - -\nerror\nerror");
	/* In a file read from a URL, relative names are joined to it. */
	check_resolve("-r c.txt\n-r ../d.txt\n-r /e.txt\n-r https://o.org/f.txt\n", "https://e.com/a/b/req.txt",
		      "url - https://e.com/a/b/c.txt - - -\nurl - https://e.com/a/d.txt - - -\n"
		      "url - https://e.com/e.txt - - -\nurl - https://o.org/f.txt - - -");
	check_resolve("-r c%20d.txt\n", "file:///x/req.txt", "file /x/c d.txt file:///x/c%20d.txt - - -");
}

static void find_links_beside_the_file_first(void **state)
{
	(void)state;
	fresh_dir();
	make("sub/wheels/");
	make("wheels/");
	make("sub/index.html");
	make("cwdonly/");
	check_resolve("-f wheels\n-f ./index.html\n-f cwdonly\n", "sub/req.txt",
		      "dir $/sub/wheels - - - -\nfile $/sub/index.html - - - -\ndir $/cwdonly - - - -");
}

static void find_links_urls_and_missing_paths(void **state)
{
	(void)state;
	fresh_dir();
	check_resolve("-f https://e.com/links\n-f file:///abs/w\n-f nothere\n-f file://h/x\n", "sub/req.txt",
		      "url - https://e.com/links - - -\nfile /abs/w file:///abs/w - - -\n"
		      "dir $/sub/nothere - - - -\nerror");
}

static void options_name_nothing(void **state)
{
	(void)state;
	fresh_dir();
	check_resolve("-i https://e.com/s\n--pre\n--no-binary :all:\n", "req.txt", "nothing\nnothing\nnothing");
}

static void resolve_requirements_and_editables(void **state)
{
	(void)state;
	fresh_dir();
	make("proj/setup.py");
	check_resolve("foo==1.0 --hash=sha256:0\n-e ./proj\n./proj\nbad=1\n", "req.txt",
		      "name - - foo ==1.0 -\ndir $/proj - - - -\ndir $/proj - - - -\nerror");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blank_lines_and_comments),
		cmocka_unit_test(comment_needs_whitespace_before_hash),
		cmocka_unit_test(unicode_whitespace_starts_comment_and_strips),
		cmocka_unit_test(continuation_joins_lines),
		cmocka_unit_test(continuation_at_end_of_file),
		cmocka_unit_test(comment_line_ends_continuation),
		cmocka_unit_test(continuation_after_comment_is_commented_out),
		cmocka_unit_test(backslashes_stripped_at_both_ends),
		cmocka_unit_test(line_breaks_as_splitlines),
		cmocka_unit_test(utf8_bom_skipped),
		cmocka_unit_test(nul_byte_refused),
		cmocka_unit_test(invalid_utf8_refused),
		cmocka_unit_test(requirement_option_forms),
		cmocka_unit_test(long_options_abbreviated),
		cmocka_unit_test(long_option_names_in_full),
		cmocka_unit_test(ambiguous_abbreviation_refused),
		cmocka_unit_test(unknown_option_refused),
		cmocka_unit_test(missing_value_refused),
		cmocka_unit_test(flag_given_a_value_refused),
		cmocka_unit_test(value_taken_even_if_it_starts_with_dash),
		cmocka_unit_test(index_options_in_pip_order),
		cmocka_unit_test(option_line_order),
		cmocka_unit_test(only_first_nested_file),
		cmocka_unit_test(only_first_find_links),
		cmocka_unit_test(editable_first_wins_and_takes_the_line),
		cmocka_unit_test(binary_options_on_any_line),
		cmocka_unit_test(binary_value_starting_with_dash_refused),
		cmocka_unit_test(shell_quoting_of_options),
		cmocka_unit_test(unbalanced_quoting_refused),
		cmocka_unit_test(positional_arguments_dropped),
		cmocka_unit_test(words_split_at_single_spaces),
		cmocka_unit_test(hashes_on_a_requirement_line),
		cmocka_unit_test(hash_algorithm_checked),
		cmocka_unit_test(hash_on_an_option_line_ignored),
		cmocka_unit_test(config_settings_and_global_options),
		cmocka_unit_test(requirement_line_ignores_other_options),
		cmocka_unit_test(variables_expanded),
		cmocka_unit_test(variables_after_comments_before_options),
		cmocka_unit_test(variables_replaced_as_str_replace),
		cmocka_unit_test(variable_names_recorded),
		cmocka_unit_test(line_numbers_and_file_in_messages),
		cmocka_unit_test(specifier_names_a_project),
		cmocka_unit_test(markers_split_off),
		cmocka_unit_test(invalid_markers_refused),
		cmocka_unit_test(legacy_specifiers_accepted),
		cmocka_unit_test(version_quirks_of_pip_23_2),
		cmocka_unit_test(invalid_requirements_refused),
		cmocka_unit_test(direct_reference_to_a_file),
		cmocka_unit_test(direct_reference_to_a_url),
		cmocka_unit_test(urls_by_scheme),
		cmocka_unit_test(url_markers_need_semicolon_space),
		cmocka_unit_test(bad_urls_refused),
		cmocka_unit_test(file_urls_decoded),
		cmocka_unit_test(relative_file_urls),
		cmocka_unit_test(bad_file_urls_refused),
		cmocka_unit_test(local_directories),
		cmocka_unit_test(directories_that_pip_refuses),
		cmocka_unit_test(directory_that_does_not_look_like_a_path),
		cmocka_unit_test(archives_that_exist),
		cmocka_unit_test(archive_names_that_do_not_exist),
		cmocka_unit_test(archive_extension_rules),
		cmocka_unit_test(wheel_file_names),
		cmocka_unit_test(at_sign_in_an_archive_name),
		cmocka_unit_test(editable_directories),
		cmocka_unit_test(editable_vcs_urls),
		cmocka_unit_test(editable_file_urls),
		cmocka_unit_test(nested_files_beside_their_includer),
		cmocka_unit_test(nested_files_by_url),
		cmocka_unit_test(find_links_beside_the_file_first),
		cmocka_unit_test(find_links_urls_and_missing_paths),
		cmocka_unit_test(options_name_nothing),
		cmocka_unit_test(resolve_requirements_and_editables),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
