/*
 * Unit tests for script.h: shebangs, /bin/sh trampolines and console
 * scripts, including running them for real from hostile directories.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "msg.h"
#include "script.h"
#include "strbuf.h"
#include "testutil.h"

#include <glob.h>

#define TRAMP_START "#!/bin/sh\n'''exec' "
#define TRAMP_END " \"$0\" \"$@\"\n' '''\n"

static void check_header(const char *python, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	script_header(&sb, python);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void header_short_path(void **state)
{
	(void)state;
	check_header("/usr/bin/python3", "#!/usr/bin/python3\n");
	check_header("/e/bin/python", "#!/e/bin/python\n");
	/* Quotes and backslashes need no quoting on a kernel shebang line. */
	check_header("/x/it's\\\"$/python", "#!/x/it's\\\"$/python\n");
}

static void header_blank_gives_trampoline(void **state)
{
	(void)state;
	check_header("/a b/python", TRAMP_START "'/a b/python'" TRAMP_END);
	check_header("/a\tb/python", TRAMP_START "'/a\tb/python'" TRAMP_END);
	check_header("/a\nb/python", TRAMP_START "'/a\nb/python'" TRAMP_END);
}

static void header_quotes_in_trampoline(void **state)
{
	(void)state;
	/* ' becomes '"'"' */
	check_header("/it's here/py", TRAMP_START "'/it'\"'\"'s here/py'" TRAMP_END);
	/* \ becomes '"\\"' */
	check_header("/a\\b c/py", TRAMP_START "'/a'\"\\\\\"'b c/py'" TRAMP_END);
	/* " and $ and ` are literal inside '' */
	check_header("/\"q\" $x `y`/py", TRAMP_START "'/\"q\" $x `y`/py'" TRAMP_END);
	/* two quotes in a row: never three quote characters in a row */
	check_header("/a ''/py", TRAMP_START "'/a '\"'\"''\"'\"'/py'" TRAMP_END);
}

/* "#!" + path + newline must fit in 127 bytes, as pip decides: a 124-byte
 * path is the longest plain shebang, 125 bytes needs the trampoline. */
static void header_length_limit(void **state)
{
	char path[200];
	struct strbuf want = STRBUF_INIT;

	(void)state;
	memset(path, 'x', sizeof(path));
	path[0] = '/';
	path[124] = '\0';
	strbuf_addf(&want, "#!%s\n", path);
	check_header(path, want.buf);
	assert_int_equal(want.len, 127); /* newline included */
	path[124] = 'x';
	path[125] = '\0';
	strbuf_reset(&want);
	strbuf_addf(&want, TRAMP_START "'%s'" TRAMP_END, path);
	check_header(path, want.buf);
	path[190] = '\0';
	path[125] = 'x';
	strbuf_reset(&want);
	strbuf_addf(&want, TRAMP_START "'%s'" TRAMP_END, path);
	check_header(path, want.buf);
	strbuf_release(&want);
}

static void check_round_trip(const char *python)
{
	struct strbuf script = STRBUF_INIT, got = STRBUF_INIT, show = STRBUF_INIT;
	size_t header_len = 0, hlen;

	script_header(&script, python);
	hlen = script.len;
	strbuf_addstr(&script, "# -*- coding: utf-8 -*-\nimport sys\n");
	strbuf_addstr(&got, "pre:");
	if (script_parse_header(script.buf, script.len, &got, &header_len))
		fail_msg("cannot parse the header written for \"%s\"", tu_show(&show, python));
	if (strcmp(got.buf + 4, python) || strncmp(got.buf, "pre:", 4))
		fail_msg("round trip of \"%s\" gave \"%s\"", tu_show(&show, python), got.buf);
	assert_int_equal(header_len, hlen);
	/* Also when the buffer holds exactly the header. */
	strbuf_reset(&got);
	assert_int_equal(script_parse_header(script.buf, hlen, &got, &header_len), 0);
	assert_string_equal(got.buf, python);
	assert_int_equal(header_len, hlen);
	strbuf_release(&script);
	strbuf_release(&got);
	strbuf_release(&show);
}

static void parse_round_trip_hostile_paths(void **state)
{
	static const char *const paths[] = {
		"/usr/bin/python3",
		"/a b/bin/python",
		"/it's/p y",
		"/it's/python",
		"/a\\b/c d",
		"/a\\\\b c/\\",
		"/'''/x y",
		"/x y/'''",
		"/''",
		"/'' ''",
		"/ends with quote'",
		"/'starts' with quote",
		"/ends with backslash\\",
		"/\"q\" x/\"",
		"/\"unbalanced x",
		"/$HOME `id` $(id) x",
		"/tab\there",
		"/new\nline/python",
		"/new\n' '''\n/python",
		"/a;b&c|d*e!f g?h[i]{j}~k#l%m",
		"/\xc3\xbcn\xc3\xaf code/\xe6\x97\xa5\xe6\x9c\xac py",
		"/x'\"'\"y z",
		"/a \"$0\" \"$@\"/python",
		"/cr\r here",
	};
	char longp[400];

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		check_round_trip(paths[i]);
	/* Long paths: with no blank at all, and with every hostile character. */
	memset(longp, 'd', sizeof(longp));
	longp[0] = '/';
	longp[300] = '\0';
	check_round_trip(longp);
	for (size_t i = 1; i < 299; i += 7)
		longp[i] = "' \\\"$`"[i % 6];
	check_round_trip(longp);
}

static void check_parse(const char *data, int want_rc, const char *want_python, size_t want_len)
{
	struct strbuf got = STRBUF_INIT;
	size_t header_len = 12345;

	strbuf_addstr(&got, "keep");
	assert_int_equal(script_parse_header(data, strlen(data), &got, &header_len), want_rc);
	if (want_rc == 0) {
		assert_string_equal(got.buf + 4, want_python);
		assert_int_equal(header_len, want_len);
	} else {
		/* nothing appended on failure */
		assert_string_equal(got.buf, "keep");
	}
	strbuf_release(&got);
}

static void parse_pip_forms(void **state)
{
	static const char pip_tramp[] = "#!/bin/sh\n'''exec' \"/a b/bin/python\" \"$0\" \"$@\"\n' '''\n";
	/* pip escapes nothing: backslashes are the path's own */
	static const char backslashes[] = "#!/bin/sh\n'''exec' \"/a b/\\\"q\\\"/\\$x/python\" \"$0\" \"$@\"\n' '''\n";

	(void)state;
	check_parse("#!/x/bin/python3\n# -*- coding: utf-8 -*-\nimport re\n", 0, "/x/bin/python3", 17);
	check_parse(pip_tramp, 0, "/a b/bin/python", strlen(pip_tramp));
	check_parse("#!/bin/sh\n'''exec' \"/a b/bin/python\" \"$0\" \"$@\"\n' '''\n# -*- coding: utf-8 -*-\n", 0,
		    "/a b/bin/python", strlen(pip_tramp));
	check_parse(backslashes, 0, "/a b/\\\"q\\\"/\\$x/python", strlen(backslashes));
	/* a plain /bin/sh script is a plain shebang to /bin/sh */
	check_parse("#!/bin/sh\necho hi\n", 0, "/bin/sh", 10);
}

static void parse_rejects_other_forms(void **state)
{
	(void)state;
	check_parse("#!/usr/bin/env python\n", -1, NULL, 0);
	check_parse("#!/usr/bin/python3 -E\nimport sys\n", -1, NULL, 0);
	check_parse("#!python\nimport sys\n", -1, NULL, 0);
	check_parse("#! /usr/bin/python3\n", -1, NULL, 0);
	check_parse("", -1, NULL, 0);
	check_parse("#!", -1, NULL, 0);
	check_parse("import sys\n", -1, NULL, 0);
	check_parse("#!/x/bin/python", -1, NULL, 0); /* no end of line */
	check_parse("#!/bin/sh\n'''exec' '/a b", -1, NULL, 0);
	check_parse("#!/bin/sh\n'''exec' \"/a b", -1, NULL, 0);
	check_parse("#!/bin/sh\n'''exec' '/a b/py' \"$0\"", -1, NULL, 0);
}

static void parse_respects_length(void **state)
{
	static const char data[] = "#!/x/bin/python3\nmore\n";
	static const char tramp[] = TRAMP_START "'/a b/python'" TRAMP_END "rest";
	struct strbuf got = STRBUF_INIT;
	size_t header_len = 0;

	(void)state;
	/* The newline lies beyond len: not a complete shebang line. */
	assert_int_equal(script_parse_header(data, 16, &got, &header_len), -1);
	assert_int_equal(got.len, 0);
	assert_int_equal(script_parse_header(data, 17, &got, &header_len), 0);
	assert_string_equal(got.buf, "/x/bin/python3");
	assert_int_equal(header_len, 17);
	/* A trampoline cut short. */
	strbuf_reset(&got);
	assert_int_equal(script_parse_header(tramp, strlen(tramp) - 8, &got, &header_len), -1);
	assert_int_equal(got.len, 0);
	strbuf_release(&got);
}

/* --- pip's launcher ---------------------------------------------------------- */

#define PIP_BODY "# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pk3 import main\n"

/*
 * The header pip writes for python (distlib's ScriptMaker._build_shebang and
 * enquote_executable, pip 22.0.4 to 25.0.1): a plain "#!" line when the path
 * has no space and the line fits in 127 bytes, else the /bin/sh launcher with
 * the path as it is, in double quotes if it has a space. Nothing is escaped.
 */
static void pip_header(struct strbuf *out, const char *python)
{
	const int space = strchr(python, ' ') != NULL;

	if (!space && strlen(python) + 3 <= 127) {
		strbuf_addf(out, "#!%s\n", python);
		return;
	}
	strbuf_addstr(out, TRAMP_START);
	strbuf_addstr(out, space ? "\"" : "");
	strbuf_addstr(out, python);
	strbuf_addstr(out, space ? "\"" : "");
	strbuf_addstr(out, TRAMP_END);
}

/* Paths pip writes as they are, each with a blank, then each without. */
static const char *const pip_spaced_paths[] = {
	"/q b\"c/.env.pyvenv-tmp-Ab12Cd/bin/python3",
	"/q b\\c/.env.pyvenv-tmp-Ab12Cd/bin/python3",
	"/q b\\\\c/e/bin/python3",
	"/q b$c/$HOME/${x}/bin/python3",
	"/q b\\$c\\\"d\\`e\\\\/bin/python3",
	"/q b`c`/$(id)/bin/python3",
	"/q b'c/it's/bin/python3",
	"/q b\"/bin/python3",
	"/q \"b\" \"c\"/bin/python3",
	"/q b\" \"$0\" \"$@\"/bin/python3",
	"/q b\t\"c\"/bin/python3",
	"/\xc3\xbcn\xc3\xaf c\xc3\xb6" "de/\xe6\x97\xa5\xe6\x9c\xac/bin/python3",
	"/ends with a quote\"",
	"/ends with a backslash\\",
};
static const char *const pip_bare_paths[] = {
	"/q\"c\\d$e`f'g/bin/python3",
	"/\"/bin/python3",
	"/'/bin/python3",
	"/\\/bin/python3",
	"/q\tb/bin/python3",
	"/\xc3\xbcn\xc3\xaf/\xe6\x97\xa5\xe6\x9c\xac/bin/python3",
};

/* pip's header for python (made pad bytes long by a directory of x's before
 * its last part, if pad is more), then a body: it parses to the path as it
 * is, with the header's length as header_len. */
static void check_pip_parse(const char *python, size_t pad)
{
	struct strbuf path = STRBUF_INIT, script = STRBUF_INIT, got = STRBUF_INIT, show = STRBUF_INIT;
	const char *last = strrchr(python, '/');
	size_t header_len = 0, hlen;

	strbuf_add(&path, python, (size_t)(last - python));
	if (strlen(python) + 1 < pad) {
		strbuf_addch(&path, '/');
		while (path.len + strlen(last) < pad)
			strbuf_addch(&path, 'x');
	}
	strbuf_addstr(&path, last);
	pip_header(&script, path.buf);
	hlen = script.len;
	strbuf_addstr(&script, PIP_BODY);
	strbuf_addstr(&got, "pre:");
	if (script_parse_header(script.buf, script.len, &got, &header_len))
		fail_msg("cannot parse pip's header for \"%s\"", tu_show(&show, path.buf));
	if (strcmp(got.buf + 4, path.buf))
		fail_msg("pip's header for \"%s\" gave \"%s\"", tu_show(&show, path.buf), got.buf + 4);
	assert_int_equal(header_len, hlen);
	strbuf_release(&path);
	strbuf_release(&script);
	strbuf_release(&got);
	strbuf_release(&show);
}

static void parse_pip_launcher_raw_paths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pip_spaced_paths) / sizeof(*pip_spaced_paths); i++) {
		check_pip_parse(pip_spaced_paths[i], 0);
		check_pip_parse(pip_spaced_paths[i], 300);
	}
	/* Without a blank: the launcher only for a long path. */
	for (size_t i = 0; i < sizeof(pip_bare_paths) / sizeof(*pip_bare_paths); i++)
		check_pip_parse(pip_bare_paths[i], 200);
}

/* data is a header only: it parses to python, header_len all of it. */
static void check_parse_all(const char *data, const char *python)
{
	check_parse(data, 0, python, strlen(data));
}

static void parse_pip_launcher_exact(void **state)
{
	static const char quoted[] = TRAMP_START "\"/q b\"c/e/bin/python3\"" TRAMP_END;
	static const char bare[] = TRAMP_START "/q\"c\\d$e`f'g/e/bin/python3" TRAMP_END;

	(void)state;
	check_parse_all(quoted, "/q b\"c/e/bin/python3");
	check_parse_all(bare, "/q\"c\\d$e`f'g/e/bin/python3");
	/* With other arguments: a bare path ends at the first space, a quoted
	 * one at the last quote. */
	check_parse_all(TRAMP_START "\"/q b\"c/py\" -E -s" TRAMP_END, "/q b\"c/py");
	check_parse_all(TRAMP_START "/q\"c/py -E" TRAMP_END, "/q\"c/py");
	check_parse_all(TRAMP_START "'/a b/py' -E" TRAMP_END, "/a b/py");
	/* Malformed: no closing quote, no "$0" "$@", nothing after the closing
	 * quote but a space, empty, cut short, a NUL (below). */
	check_parse(TRAMP_START "\"/q b/py" TRAMP_END, -1, NULL, 0);
	check_parse_all(TRAMP_START "\"/q b\"/py\"" TRAMP_END, "/q b\"/py"); /* the last quote */
	check_parse(TRAMP_START "\"/q b\"/py" TRAMP_END, -1, NULL, 0);
	check_parse(TRAMP_START "\"/q b\"x" TRAMP_END, -1, NULL, 0);
	check_parse(TRAMP_START "\"/q b/py\"\n' '''\n", -1, NULL, 0);
	check_parse(TRAMP_START "/q/py\n' '''\n", -1, NULL, 0);
	check_parse(TRAMP_START "/q/py \"$0\"\n' '''\n", -1, NULL, 0);
	check_parse(TRAMP_START "\"\"" TRAMP_END, -1, NULL, 0);
	check_parse(TRAMP_START TRAMP_END, -1, NULL, 0);
	check_parse(TRAMP_START "\"" TRAMP_END, -1, NULL, 0);
	check_parse(TRAMP_START, -1, NULL, 0);
	check_parse(TRAMP_START "\"/q b/py\" \"$0\" \"$@\"\n' '''", -1, NULL, 0);
	check_parse(TRAMP_START "/q/py \"$0\" \"$@\"", -1, NULL, 0);
}

static void parse_pip_launcher_refuses_nul(void **state)
{
	static const char quoted[] = TRAMP_START "\"/q b\0c/py\"" TRAMP_END;
	static const char bare[] = TRAMP_START "/q\0c/py" TRAMP_END;
	struct strbuf got = STRBUF_INIT;
	size_t header_len = 0;

	(void)state;
	assert_int_equal(script_parse_header(quoted, sizeof(quoted) - 1, &got, &header_len), -1);
	assert_int_equal(script_parse_header(bare, sizeof(bare) - 1, &got, &header_len), -1);
	assert_int_equal(got.len, 0);
	strbuf_release(&got);
}

/* pip's script for old/rest moved to new: the helper's header for new/rest,
 * the body unchanged; the result parses back to new/rest. */
static void check_pip_relocate(const char *old_prefix, const char *new_prefix, const char *rest)
{
	struct strbuf script = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT, path = STRBUF_INIT;
	struct strbuf show = STRBUF_INIT;
	size_t header_len;

	strbuf_addf(&path, "%s%s", old_prefix, rest);
	pip_header(&script, path.buf);
	strbuf_addstr(&script, PIP_BODY);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s%s", new_prefix, rest);
	script_header(&want, path.buf);
	strbuf_addstr(&want, PIP_BODY);
	strbuf_addstr(&out, "X");
	if (script_relocate(&out, script.buf, script.len, old_prefix, new_prefix) != 1)
		fail_msg("pip's script under \"%s\" was not moved", tu_show(&show, old_prefix));
	assert_string_equal(out.buf + 1, want.buf);
	strbuf_reset(&want);
	assert_int_equal(script_parse_header(out.buf + 1, out.len - 1, &want, &header_len), 0);
	assert_string_equal(want.buf, path.buf);
	/* Not under the prefix: left alone. */
	strbuf_reset(&out);
	assert_int_equal(script_relocate(&out, script.buf, script.len, new_prefix, old_prefix), 0);
	assert_int_equal(out.len, 0);
	strbuf_release(&script);
	strbuf_release(&out);
	strbuf_release(&want);
	strbuf_release(&path);
	strbuf_release(&show);
}

/* As `pyvenv create` moves them, from .NAME.pyvenv-tmp-XXXXXX to NAME. */
static void relocate_pip_launcher(void **state)
{
	static const char *const parents[] = {
		"/tmp/q b\"c", "/tmp/q b\\c", "/tmp/q b$c", "/tmp/q b`c", "/tmp/q b'c",
		"/tmp/q b\\\\ \\$ \\` \\\" 'c", "/tmp/\xc3\xbc b", "/tmp/q\"c\\d$e`f'g", "/tmp/q",
		"/tmp/q\tb", "/tmp/q\tb\"c\\d",
	};
	char longname[160];
	struct strbuf old_prefix = STRBUF_INIT, new_prefix = STRBUF_INIT;

	(void)state;
	memset(longname, 'L', sizeof(longname));
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	for (size_t i = 0; i < sizeof(parents) / sizeof(*parents); i++) {
		for (int is_long = 0; is_long < 2; is_long++) {
			strbuf_reset(&old_prefix);
			strbuf_reset(&new_prefix);
			strbuf_addf(&old_prefix, "%s%s/.env.pyvenv-tmp-Ab12Cd", parents[i], is_long ? longname : "");
			strbuf_addf(&new_prefix, "%s%s/env", parents[i], is_long ? longname : "");
			check_pip_relocate(old_prefix.buf, new_prefix.buf, "/bin/python3");
		}
	}
	/* A temporary path too long for a plain shebang, a final one that fits. */
	check_pip_relocate("/tmp/q\"c/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			   "xxxxxxxxxx/.env.pyvenv-tmp-Ab12Cd",
			   "/tmp/q\"c/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			   "xxxxxxxxxx/env",
			   "/bin/python3");
	strbuf_release(&old_prefix);
	strbuf_release(&new_prefix);
}

/* pip gives a wheel's "#!python" script (.data/scripts) "#!" and the
 * interpreter whatever it holds: moved when the line is the old prefix and
 * a rest without blanks, left alone otherwise. */
static void relocate_pip_data_script(void **state)
{
	static const char *const prefixes[] = {
		"/tmp/q b\"c/.env.pyvenv-tmp-Ab12Cd", "/tmp/q\tb/.env.pyvenv-tmp-Ab12Cd",
		"/tmp/q b\\\\ \\$ \\` \\\" 'c/.env.pyvenv-tmp-Ab12Cd", "/tmp/\xc3\xbc b/e",
	};
	struct strbuf script = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT;
	size_t header_len;

	(void)state;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		strbuf_reset(&script);
		strbuf_reset(&out);
		strbuf_reset(&want);
		strbuf_addf(&script, "#!%s/bin/python3\nimport sys\n", prefixes[i]);
		assert_int_equal(script_relocate(&out, script.buf, script.len, prefixes[i], "/new env"), 1);
		script_header(&want, "/new env/bin/python3");
		strbuf_addstr(&want, "import sys\n");
		assert_string_equal(out.buf, want.buf);
		/* The parser alone cannot tell such a line from one with an argument. */
		strbuf_reset(&want);
		assert_int_equal(script_parse_header(script.buf, script.len, &want, &header_len), -1);
	}
	/* An argument after the prefix, another prefix, no path after it, a
	 * NUL, no end of line: left alone. */
	strbuf_reset(&out);
#define LEFT_ALONE(text, old) assert_int_equal(script_relocate(&out, text, sizeof(text) - 1, old, "/new"), 0)
	LEFT_ALONE("#!/old/bin/python3 -E\n", "/old");
	LEFT_ALONE("#!/q b/e/bin/python3\t-E\n", "/q b/e");
	LEFT_ALONE("#!/q b/ex/bin/python3\n", "/q b/e");
	LEFT_ALONE("#!/q b/e\n", "/q b/e");
	LEFT_ALONE("#!/q b/e/bin/py\0thon3\n", "/q b/e");
	LEFT_ALONE("#!/q b/e/bin/python3", "/q b/e");
#undef LEFT_ALONE
	assert_int_equal(out.len, 0);
	strbuf_release(&script);
	strbuf_release(&out);
	strbuf_release(&want);
}

/* --- running scripts for real ---------------------------------------------- */

static const char *system_python(void)
{
	return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : NULL;
}

/* A CPython 3.12+ (where invalid escapes are a visible SyntaxWarning), if
 * pyenv has one; caller frees; NULL if none. */
static char *new_python(void)
{
	const char *home = getenv("HOME");
	const char *root = getenv("PYENV_ROOT");
	char *pattern, *found = NULL;
	glob_t g;

	if (root)
		pattern = xstrfmt("%s/versions/3.1[2-9]*/bin/python3", root);
	else if (home)
		pattern = xstrfmt("%s/.pyenv/versions/3.1[2-9]*/bin/python3", home);
	else
		return NULL;
	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc)
		found = xstrdup(g.gl_pathv[g.gl_pathc - 1]);
	if (!found && access("/usr/bin/python3.12", X_OK) == 0)
		found = xstrdup("/usr/bin/python3.12");
	globfree(&g);
	free(pattern);
	return found;
}

static const char *const run_args[] = { "one", "two words", "$HOME", "it's", "a\\b", "", NULL };
#define RUN_OUTPUT "['one', 'two words', '$HOME', \"it's\", 'a\\\\b', '']\n"

/*
 * In top/<dirname>: a symlink python -> interpreter, and a script with
 * script_header(that python) + body. Runs it through the kernel (and, when
 * run_w_error, as `interpreter -W error script`), checks exact stdout and an
 * empty stderr. want_trampoline: 1/0 the header form expected, -1 either.
 */
static void run_in_dir(const char *top, const char *dirname, const char *interpreter, int want_trampoline,
		       int run_w_error)
{
	char *dir = tu_path(top, dirname);
	char *python = tu_path(dir, "python");
	char *script = tu_path(dir, "run me");
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, show = STRBUF_INIT;
	const char *argv[16];
	size_t n = 0;
	int rc;

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(symlink(interpreter, python), 0);
	script_header(&text, python);
	if (want_trampoline >= 0)
		assert_int_equal(!strncmp(text.buf, TRAMP_START, strlen(TRAMP_START)), want_trampoline);
	strbuf_addstr(&text, "import sys; print(sys.argv[1:])\n");
	tu_write(script, text.buf, text.len, 0755);

	argv[n++] = script;
	for (size_t i = 0; run_args[i]; i++)
		argv[n++] = run_args[i];
	argv[n] = NULL;
	rc = tu_run(argv, NULL, NULL, &out, &err);
	if (rc || strcmp(out.buf, RUN_OUTPUT) || err.len)
		fail_msg("running a script in \"%s\" with %s: status %d, stdout [%s], stderr [%s]",
			 tu_show(&show, dirname), interpreter, rc, out.buf, err.buf);

	if (run_w_error) {
		/* The same file read by Python with every warning an error: the
		 * header must be clean Python (no invalid escape sequence). */
		n = 0;
		argv[n++] = interpreter;
		argv[n++] = "-W";
		argv[n++] = "error";
		argv[n++] = script;
		for (size_t i = 0; run_args[i]; i++)
			argv[n++] = run_args[i];
		argv[n] = NULL;
		strbuf_reset(&out);
		strbuf_reset(&err);
		rc = tu_run(argv, NULL, NULL, &out, &err);
		if (rc || strcmp(out.buf, RUN_OUTPUT) || err.len)
			fail_msg("%s -W error on the script in \"%s\": status %d, stdout [%s], stderr [%s]",
				 interpreter, tu_show(&show, dirname), rc, out.buf, err.buf);
	}
	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&show);
	free(script);
	free(python);
	free(dir);
}

static void run_hostile_dirs(const char *interpreter, int run_w_error)
{
	char *top = tu_mkdtemp();
	char longname[200];

	memset(longname, 'l', sizeof(longname));
	longname[140] = '\0';
	run_in_dir(top, "a b'c\\d $x", interpreter, 1, run_w_error);
	run_in_dir(top, "q'c\\d$x`y`\"z", interpreter, 0, run_w_error);
	run_in_dir(top, "tri'''ple \"dq\" \\n \\x", interpreter, 1, run_w_error);
	run_in_dir(top, "two'' quotes' '", interpreter, 1, run_w_error);
	run_in_dir(top, "line\nbreak", interpreter, 1, run_w_error);
	run_in_dir(top, "ends with backslash\\", interpreter, 1, run_w_error);
	run_in_dir(top, "\xc3\xbcn\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac", interpreter, 1, run_w_error);
	run_in_dir(top, "semi;amp&pipe|star* bang!", interpreter, 1, run_w_error);
	run_in_dir(top, longname, interpreter, 1, run_w_error);
	tu_rmtree(top);
	free(top);
}

static void header_runs_for_real(void **state)
{
	const char *py = system_python();

	(void)state;
	if (!py) {
		print_message("SKIP: /usr/bin/python3 is not installed\n");
		skip();
	}
	run_hostile_dirs(py, 1);
}

/* With a 3.12+ interpreter a bad escape would print a SyntaxWarning on
 * stderr even through the shebang; run_in_dir checks stderr is empty. */
static void header_runs_for_real_new_python(void **state)
{
	char *py = new_python();

	(void)state;
	if (!py) {
		print_message("SKIP: no Python 3.12 or later found\n");
		skip();
	}
	run_hostile_dirs(py, 1);
	free(py);
}

/* Regression (fixed): a carriage return in the interpreter's path. script_header() only
 * counts " \t\n" as blanks, so "/dir/cr\rdir/python" gets the plain shebang
 * "#!/dir/cr\rdir/python\n". The kernel execs the right interpreter, but
 * Python reads a lone \r as a line break, so "dir/python" becomes line 2 of
 * the program: NameError: name 'python' is not defined, status 1. Expected:
 * the trampoline (which works: see parse_round_trip_hostile_paths and the
 * \r case below, run through the trampoline by adding a blank). */
static void header_runs_with_carriage_return_in_path(void **state)
{
	const char *py = system_python();
	char *top;

	(void)state;
	if (!py)
		skip();
	top = tu_mkdtemp();
	run_in_dir(top, "cr\r with blank", py, 1, 1); /* trampoline: works */
	run_in_dir(top, "cr\rdir", py, -1, 0);          /* plain shebang: fails */
	tu_rmtree(top);
	free(top);
}

/* A directory name that is not UTF-8 (legal on Linux) cannot be written into
 * a script Python will read (it reads source as UTF-8). script_header()
 * requires UTF-8 and `pyvenv create` refuses other paths up front, as pip
 * refuses such a shebang: see tests/cli/t0013-bad-paths.sh. */

/* --- console scripts -------------------------------------------------------- */

static void check_console(const char *python, const char *entry, const char *want_body)
{
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;

	assert_int_equal(script_console(&got, python, entry), 0);
	script_header(&want, python);
	strbuf_addstr(&want, want_body);
	assert_string_equal(got.buf, want.buf);
	strbuf_release(&got);
	strbuf_release(&want);
}

#define CONSOLE(imp, call)                          \
	"# -*- coding: utf-8 -*-\n"                 \
	"import sys\n"                              \
	imp "\n"                                    \
	"if __name__ == \"__main__\":\n"            \
	"    sys.exit(" call "())\n"

static void console_script_pip(void **state)
{
	struct strbuf got = STRBUF_INIT;

	(void)state;
	assert_int_equal(script_console(&got, "/e/bin/python", "pip._internal.cli.main:main"), 0);
	assert_string_equal(got.buf, "#!/e/bin/python\n"
				     "# -*- coding: utf-8 -*-\n"
				     "import sys\n"
				     "from pip._internal.cli.main import main\n"
				     "if __name__ == \"__main__\":\n"
				     "    sys.exit(main())\n");
	strbuf_release(&got);
	/* Appends after what the buffer holds; trampoline for a blank. */
	strbuf_addstr(&got, "X");
	assert_int_equal(script_console(&got, "/a b/python", "m:f"), 0);
	assert_string_equal(got.buf, "X" TRAMP_START "'/a b/python'" TRAMP_END CONSOLE("from m import f", "f"));
	strbuf_release(&got);
}

static void console_script_forms(void **state)
{
	(void)state;
	check_console("/e/bin/python", "pkg.mod:obj.attr", CONSOLE("from pkg.mod import obj", "obj.attr"));
	check_console("/e/bin/python", "pkg.mod:obj.a.b", CONSOLE("from pkg.mod import obj", "obj.a.b"));
	check_console("/e/bin/python", "mod:func [extra]", CONSOLE("from mod import func", "func"));
	check_console("/e/bin/python", "mod:func[extra1,extra2]", CONSOLE("from mod import func", "func"));
	check_console("/e/bin/python", "mod : func", CONSOLE("from mod import func", "func"));
	check_console("/e/bin/python", "_m1.m_2:_f3", CONSOLE("from _m1.m_2 import _f3", "_f3"));
	check_console("/e/bin/python", "setuptools.command.easy_install:main",
		      CONSOLE("from setuptools.command.easy_install import main", "main"));
}

static void console_script_invalid(void **state)
{
	static const char *const bad[] = {
		"nocolon", "mod:", ":func", "mod:1x", "1mod:f", "a;b:c", "mod:f;g", "mod.:f", ".mod:f",
		"mod:f.", "mod:.f", "a..b:f", "mod:f-g", "", ":", "mod:os.system('x')", "m od:f",
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	msg_mute();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&sb);
		if (script_console(&sb, "/e/bin/python", bad[i]) != -1)
			fail_msg("entry point \"%s\" was accepted", bad[i]);
		assert_int_equal(sb.len, 0); /* nothing written */
	}
	msg_unmute();
	strbuf_release(&sb);
}

/* A console script written for an interpreter in a hostile directory
 * imports the module and calls the attribute, passing its exit status on. */
static void console_script_runs(void **state)
{
	const char *py = system_python();
	char *top, *libdir, *mod, *pydir, *python, *script, *pythonpath;
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	const char *argv[] = { NULL, "x y", "it's", NULL };
	const char *env[2];
	int rc;

	(void)state;
	if (!py)
		skip();
	top = tu_mkdtemp();
	libdir = tu_path(top, "lib dir");
	mod = tu_path(libdir, "mymod.py");
	pydir = tu_path(top, "py dir's \\ $x");
	python = tu_path(pydir, "python");
	script = tu_path(pydir, "tool");
	assert_int_equal(mkdir(libdir, 0755), 0);
	assert_int_equal(mkdir(pydir, 0755), 0);
	assert_int_equal(symlink(py, python), 0);
	tu_write_str(mod,
		     "import sys\n"
		     "class obj:\n"
		     "    @staticmethod\n"
		     "    def attr():\n"
		     "        print('called', sys.argv[1:])\n"
		     "        return 3\n",
		     0644);
	assert_int_equal(script_console(&text, python, "mymod:obj.attr [extra]"), 0);
	tu_write(script, text.buf, text.len, 0755);
	pythonpath = xstrfmt("PYTHONPATH=%s", libdir);
	env[0] = pythonpath;
	env[1] = NULL;
	argv[0] = script;
	rc = tu_run(argv, env, NULL, &out, &err);
	assert_string_equal(err.buf, "");
	assert_string_equal(out.buf, "called ['x y', \"it's\"]\n");
	assert_int_equal(rc, 3);
	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&err);
	free(pythonpath);
	free(script);
	free(python);
	free(pydir);
	free(mod);
	free(libdir);
	tu_rmtree(top);
	free(top);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_short_path),
		cmocka_unit_test(header_blank_gives_trampoline),
		cmocka_unit_test(header_quotes_in_trampoline),
		cmocka_unit_test(header_length_limit),
		cmocka_unit_test(parse_round_trip_hostile_paths),
		cmocka_unit_test(parse_pip_forms),
		cmocka_unit_test(parse_rejects_other_forms),
		cmocka_unit_test(parse_respects_length),
		cmocka_unit_test(parse_pip_launcher_raw_paths),
		cmocka_unit_test(parse_pip_launcher_exact),
		cmocka_unit_test(parse_pip_launcher_refuses_nul),
		cmocka_unit_test(relocate_pip_launcher),
		cmocka_unit_test(relocate_pip_data_script),
		cmocka_unit_test(header_runs_for_real),
		cmocka_unit_test(header_runs_for_real_new_python),
		cmocka_unit_test(header_runs_with_carriage_return_in_path),
		cmocka_unit_test(console_script_pip),
		cmocka_unit_test(console_script_forms),
		cmocka_unit_test(console_script_invalid),
		cmocka_unit_test(console_script_runs),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
