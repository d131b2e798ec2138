/*
 * Unit tests for activate.h: shell quoting, prompt escaping and template
 * rendering, with the quoting proven in real shells (sh always; bash, dash,
 * zsh, fish, tcsh when installed) and the prompt forms proven by bash's and
 * zsh's own prompt expansion (${P@P}, ${(%%)P}). What interactive shells
 * draw is tested in tests/cli/activation-prompt.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "activate.h"
#include "embed.h"
#include "strbuf.h"
#include "testutil.h"

static void check_quote(enum activate_shell shell, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "<");
	activate_quote(&sb, shell, in);
	assert_string_equal(sb.buf + 1, want);
	assert_int_equal(sb.buf[0], '<');
	strbuf_release(&sb);
}

static void quote_posix(void **state)
{
	(void)state;
	check_quote(SHELL_POSIX, "abc", "'abc'");
	check_quote(SHELL_POSIX, "", "''");
	check_quote(SHELL_POSIX, "it's", "'it'\\''s'");
	check_quote(SHELL_POSIX, "''", "''\\'''\\'''");
	check_quote(SHELL_POSIX, "a\\b \"c\" $d `e` !f ;&|*?", "'a\\b \"c\" $d `e` !f ;&|*?'");
}

static void quote_fish(void **state)
{
	(void)state;
	check_quote(SHELL_FISH, "abc", "'abc'");
	check_quote(SHELL_FISH, "", "''");
	check_quote(SHELL_FISH, "it's", "'it\\'s'");
	check_quote(SHELL_FISH, "a\\b", "'a\\\\b'");
	check_quote(SHELL_FISH, "\\'", "'\\\\\\''");
	check_quote(SHELL_FISH, "\"c\" $d `e` (f) {g} ;&|*?~", "'\"c\" $d `e` (f) {g} ;&|*?~'");
}

static void quote_csh(void **state)
{
	(void)state;
	check_quote(SHELL_CSH, "abc", "'abc'");
	check_quote(SHELL_CSH, "", "''");
	check_quote(SHELL_CSH, "it's", "'it'\\''s'");
	check_quote(SHELL_CSH, "hi!", "'hi\\!'");
	check_quote(SHELL_CSH, "a\\b \"c\" $d `e` ;&|*?", "'a\\b \"c\" $d `e` ;&|*?'");
}

static void quote_powershell(void **state)
{
	(void)state;
	check_quote(SHELL_POWERSHELL, "abc", "'abc'");
	check_quote(SHELL_POWERSHELL, "", "''");
	check_quote(SHELL_POWERSHELL, "it's", "'it''s'");
	check_quote(SHELL_POWERSHELL, "''", "''''''");
	check_quote(SHELL_POWERSHELL, "a\\b \"c\" $d `e` $(f) ;&|", "'a\\b \"c\" $d `e` $(f) ;&|'");
}

/* Regression (fixed): PowerShell also ends a single-quoted (verbatim) string at the
 * typographic single quotes U+2018, U+2019, U+201A and U+201B (PowerShell
 * language specification, 2.3.5.2 "single-quote-character"); inside the
 * string each must be doubled like '. activate_quote(SHELL_POWERSHELL, ...)
 * only doubles U+0027, so a directory or prompt such as "Bob’s env" (U+2019,
 * the apostrophe many keyboards and macOS produce) renders as 'Bob’s env':
 * PowerShell ends the string after "Bob" and parses "s env'" as code, which
 * breaks Activate.ps1 (and lets a crafted name inject commands). */
static void quote_powershell_typographic_quotes(void **state)
{
	(void)state;
	check_quote(SHELL_POWERSHELL, "Bob\xe2\x80\x99s env", "'Bob\xe2\x80\x99\xe2\x80\x99s env'");
	check_quote(SHELL_POWERSHELL, "\xe2\x80\x98x\xe2\x80\x9a\xe2\x80\x9b",
		    "'\xe2\x80\x98\xe2\x80\x98x\xe2\x80\x9a\xe2\x80\x9a\xe2\x80\x9b\xe2\x80\x9b'");
}

static void check_escape(unsigned escapes, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "<");
	activate_prompt_escape(&sb, escapes, in);
	assert_string_equal(sb.buf + 1, want);
	strbuf_release(&sb);
}

static void prompt_escape_each_flag(void **state)
{
	static const char all[] = "a\\b$c`d%e!f'g\"h \xc3\xbc";

	(void)state;
	check_escape(0, all, all);
	check_escape(0, "", "");
	check_escape(PROMPT_ESC_EXPAND, all, "a\\\\b\\$c\\`d%e!f'g\"h \xc3\xbc");
	check_escape(PROMPT_ESC_PERCENT, all, "a\\b$c`d%%e!f'g\"h \xc3\xbc");
	check_escape(PROMPT_ESC_BANG, all, "a\\b$c`d%e!!f'g\"h \xc3\xbc");
	check_escape(PROMPT_ESC_BACKSLASH, all, "a\\\\b$c`d%e!f'g\"h \xc3\xbc");
	check_escape(PROMPT_ESC_PERCENT, "%%", "%%%%");
	check_escape(PROMPT_ESC_BANG, "!!", "!!!!");
	check_escape(PROMPT_ESC_BACKSLASH, "\\\\", "\\\\\\\\");
}

/* bash decodes \ sequences before it expands $ and `: what EXPAND adds gets
 * its backslash doubled too. */
static void prompt_escape_bash(void **state)
{
	const unsigned bash = PROMPT_ESC_EXPAND | PROMPT_ESC_BACKSLASH;

	(void)state;
	check_escape(bash, "$", "\\\\$");
	check_escape(bash, "`", "\\\\`");
	check_escape(bash, "\\", "\\\\\\\\");
	check_escape(bash, "\\$(id)", "\\\\\\\\\\\\$(id)");
	check_escape(bash, "!%'\"", "!%'\"");
	check_escape(bash | PROMPT_ESC_BANG, "a!b", "a!!b");
}

static void prompt_escape_tcsh(void **state)
{
	(void)state;
	check_escape(PROMPT_ESC_TCSH, "abc XYZ 09", "abc XYZ 09");
	check_escape(PROMPT_ESC_TCSH, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
		     "\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~");
	check_escape(PROMPT_ESC_TCSH, "\xc3\xbcn\xc3\xaf\ttab", "\xc3\xbcn\xc3\xaf\ttab");
}

static const char *const hostile[] = {
	"plain",
	"",
	"it's",
	"''",
	"'\"'\"'",
	"say \"hi\"",
	"$HOME ${HOME} $(id) `id`",
	"back\\slash \\\\ \\n \\' \\\"",
	"a;b&c|d",
	"*?[a-z]~",
	"bang! !! !$ !-1 !#",
	"  spaces  around  ",
	"tab\there",
	"\xc3\xbcn\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	"(paren) {brace} <lt> >gt #hash %pct ^caret =eq ,comma",
	"/tmp/my env's \"dir\"/$x;rm -rf ~",
	"end\\",
	"-n",
	"%s %d",
};

static char *find_shell(const char *name)
{
	static const char *const dirs[] = { "/bin", "/usr/bin", "/usr/local/bin" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *p = xstrfmt("%s/%s", dirs[i], name);

		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

/* Runs `<shell> -c "printf %s <quoted>"` for every hostile string and
 * compares its output with the string. Returns 0 if the shell is missing. */
static int round_trip_in(const char *shell_name, enum activate_shell kind)
{
	char *shell = find_shell(shell_name);
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, show = STRBUF_INIT;
	static const char *const env[] = { "HOME=/home/nobody", "LC_ALL=C.UTF-8", NULL };

	if (!shell) {
		print_message("(%s is not installed: not tried)\n", shell_name);
		return 0;
	}
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *argv[] = { shell, "-c", NULL, NULL };
		int rc;

		strbuf_reset(&cmd);
		strbuf_reset(&out);
		strbuf_reset(&err);
		strbuf_addstr(&cmd, "printf %s ");
		activate_quote(&cmd, kind, hostile[i]);
		argv[2] = cmd.buf;
		rc = tu_run(argv, env, "/", &out, &err);
		if (rc || strcmp(out.buf, hostile[i]) || err.len)
			fail_msg("%s: \"%s\" quoted as [%s] gave status %d, output \"%s\", stderr [%s]",
				 shell_name, tu_show(&show, hostile[i]), cmd.buf, rc, out.buf, err.buf);
	}
	strbuf_release(&cmd);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&show);
	free(shell);
	return 1;
}

static void posix_quote_round_trip_sh(void **state)
{
	(void)state;
	assert_int_equal(round_trip_in("sh", SHELL_POSIX), 1);
	round_trip_in("dash", SHELL_POSIX);
	round_trip_in("bash", SHELL_POSIX);
	round_trip_in("zsh", SHELL_POSIX);
}

static void fish_quote_round_trip(void **state)
{
	(void)state;
	if (!round_trip_in("fish", SHELL_FISH))
		skip();
}

static void csh_quote_round_trip(void **state)
{
	(void)state;
	if (!round_trip_in("tcsh", SHELL_CSH))
		skip();
}

static void render(struct strbuf *out, enum activate_shell shell, const char *tmpl, const char *dir,
		   const char *prompt, const char *bin)
{
	strbuf_reset(out);
	activate_render(out, shell, tmpl, dir, prompt, bin);
}

static void render_replaces_placeholders(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render(&sb, SHELL_POSIX, "VIRTUAL_ENV=__VENV_DIR__\nP=__VENV_PROMPT__\nPATH=\"$VIRTUAL_ENV/\"__VENV_BIN__\n",
	       "/e nv/it's", "(it's)", "bin");
	assert_string_equal(sb.buf, "VIRTUAL_ENV='/e nv/it'\\''s'\nP='(it'\\''s)'\nPATH=\"$VIRTUAL_ENV/\"'bin'\n");
	/* Several times, adjacent, at both ends. */
	render(&sb, SHELL_FISH, "__VENV_DIR____VENV_DIR__ __VENV_PROMPT__", "a\\b", "p", "bin");
	assert_string_equal(sb.buf, "'a\\\\b''a\\\\b' 'p'");
	render(&sb, SHELL_POWERSHELL, "$x = __VENV_BIN__", "d", "p", "Scripts");
	assert_string_equal(sb.buf, "$x = 'Scripts'");
	render(&sb, SHELL_CSH, "setenv VIRTUAL_ENV __VENV_DIR__", "/a!b", "p", "bin");
	assert_string_equal(sb.buf, "setenv VIRTUAL_ENV '/a\\!b'");
	/* No placeholder: copied as is; empty template: nothing. */
	render(&sb, SHELL_POSIX, "echo hi\n", "d", "p", "b");
	assert_string_equal(sb.buf, "echo hi\n");
	render(&sb, SHELL_POSIX, "", "d", "p", "b");
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void render_leaves_other_venv_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render(&sb, SHELL_POSIX, "# filling in the __VENV_*__ placeholders\n", "d", "p", "b");
	assert_string_equal(sb.buf, "# filling in the __VENV_*__ placeholders\n");
	render(&sb, SHELL_POSIX, "__VENV_NAME__ __VENV_PYTHON__ __VENV_BIN_NAME__ __VENV_ __VENV", "d", "p", "b");
	/* (__VENV_BIN_NAME__ is not __VENV_BIN__ followed by text.) */
	assert_string_equal(sb.buf, "__VENV_NAME__ __VENV_PYTHON__ __VENV_BIN_NAME__ __VENV_ __VENV");
	render(&sb, SHELL_POSIX, "x__VENV_DIR_", "d", "p", "b");
	assert_string_equal(sb.buf, "x__VENV_DIR_");
	render(&sb, SHELL_POSIX, "__VENV___VENV_DIR__", "d", "p", "b");
	assert_string_equal(sb.buf, "__VENV_'d'");
	strbuf_release(&sb);
}

/* Values are inserted once: a value holding a placeholder stays literal. */
static void render_does_not_expand_values(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render(&sb, SHELL_POSIX, "__VENV_DIR__|__VENV_PROMPT__|__VENV_BIN__", "__VENV_PROMPT__", "__VENV_BIN__",
	       "__VENV_DIR__");
	assert_string_equal(sb.buf, "'__VENV_PROMPT__'|'__VENV_BIN__'|'__VENV_DIR__'");
	strbuf_release(&sb);
}

/* Regression (fixed): a placeholder that overlaps a preceding unknown "__VENV_" is
 * missed. In the template "__VENV__VENV_DIR__" the placeholder __VENV_DIR__
 * starts at offset 6; activate_render() first finds "__VENV_" at offset 0,
 * copies those 7 bytes as unknown text and resumes at offset 7, past the
 * placeholder's first byte, so the template comes out unchanged. Expected, as
 * Python's venv (str.replace) gives: "__VENV" + the quoted value. No shipped
 * template has this shape, so it is harmless today. */
static void render_placeholder_after_partial_match(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render(&sb, SHELL_POSIX, "__VENV__VENV_DIR__", "d", "p", "b");
	assert_string_equal(sb.buf, "__VENV'd'");
	strbuf_release(&sb);
}

/* The real POSIX template, rendered for a hostile directory and prompt and
 * sourced by sh: VIRTUAL_ENV, VIRTUAL_ENV_PROMPT and PATH come out exact. */
static void render_real_posix_template_sourced(void **state)
{
	const struct embedded_file *tmpl = embed_find("activate");
	char *top, *script;
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	static const char dir[] = "/tmp/my env's \"dir\"/$x;`id` \\ \xc3\xbc";
	static const char prompt[] = "(it's $HOME `id`)";
	const char *argv[] = { "sh", "-c", NULL, "sh", NULL, NULL };
	static const char *const env[] = { "PATH=/usr/bin:/bin", "PS1=$ ", NULL };

	(void)state;
	assert_non_null(tmpl);
	top = tu_mkdtemp();
	script = tu_path(top, "activate");
	activate_render(&text, SHELL_POSIX, tmpl->data, dir, prompt, "bin");
	tu_write(script, text.buf, text.len, 0644);
	argv[2] = ". \"$1\" && printf '%s\\n%s\\n%s' \"$VIRTUAL_ENV\" \"$VIRTUAL_ENV_PROMPT\" \"$PATH\"";
	argv[4] = script;
	assert_int_equal(tu_run(argv, env, top, &out, &err), 0);
	assert_string_equal(err.buf, "");
	strbuf_addf(&want, "%s\n%s\n%s/bin:/usr/bin:/bin", dir, prompt, dir);
	assert_string_equal(out.buf, want.buf);
	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
	free(script);
	tu_rmtree(top);
	free(top);
}

/* Each prompt placeholder is the prompt escaped, then quoted. */
static void render_prompt_forms(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render(&sb, SHELL_POSIX, "__VENV_PROMPT__|__VENV_PROMPT_SH__|__VENV_PROMPT_BASH__", "d", "it's $x", "b");
	assert_string_equal(sb.buf, "'it'\\''s $x'|'it'\\''s \\$x'|'it'\\''s \\\\$x'");
	render(&sb, SHELL_POSIX, "__VENV_PROMPT_BASH_POSIX__|__VENV_PROMPT_BASH_NOVARS__", "d", "!\\", "b");
	assert_string_equal(sb.buf, "'!!\\\\\\\\'|'!\\\\'");
	render(&sb, SHELL_POSIX, "__VENV_PROMPT_ZSH__|__VENV_PROMPT_ZSH_SUBST__|__VENV_PROMPT_ZSH_BANG__|"
	       "__VENV_PROMPT_ZSH_SUBST_BANG__", "d", "%$!", "b");
	assert_string_equal(sb.buf, "'%%$!'|'%%\\$!'|'%%$!!'|'%%\\$!!'");
	render(&sb, SHELL_POSIX, "__VENV_PROMPT_ZSH_NOPERCENT__|__VENV_PROMPT_ZSH_NOPERCENT_SUBST__|"
	       "__VENV_PROMPT_ZSH_NOPERCENT_BANG__|__VENV_PROMPT_ZSH_NOPERCENT_SUBST_BANG__", "d", "%$!", "b");
	assert_string_equal(sb.buf, "'%$!'|'%\\$!'|'%$!!'|'%\\$!!'");
	/* csh quoting puts its own backslash before the ! of \!: csh reads
	 * '\\!' as \!. */
	render(&sb, SHELL_CSH, "__VENV_PROMPT_TCSH__", "d", "a!%", "b");
	assert_string_equal(sb.buf, "'a\\\\!\\%'");
	/* The directory is never escaped for a prompt. */
	render(&sb, SHELL_POSIX, "__VENV_DIR__", "/a$b%c", "p", "b");
	assert_string_equal(sb.buf, "'/a$b%c'");
	strbuf_release(&sb);
}

/* A shell, the code that sets the options a prompt form is for, and the
 * form: expanding P=<form> as a prompt there must give the bare prompt. */
struct prompt_mode {
	const char *setup;
	const char *placeholder;
};

/* Expands every hostile prompt, in the form mode->placeholder, with the
 * shell's own prompt expansion (expand: code printing the expanded $P). */
static void prompt_round_trip(const char *shell, const char *flag, const struct prompt_mode *mode,
			      const char *expand)
{
	struct strbuf tmpl = STRBUF_INIT, cmd = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT,
		      show = STRBUF_INIT;
	static const char *const env[] = { "HOME=/home/nobody", "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", NULL };

	strbuf_addf(&tmpl, "%s P=%s; %s", mode->setup, mode->placeholder, expand);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *argv[] = { shell, flag, "-c", NULL, NULL };
		int rc;

		strbuf_reset(&cmd);
		strbuf_reset(&out);
		strbuf_reset(&err);
		activate_render(&cmd, SHELL_POSIX, tmpl.buf, "d", hostile[i], "b");
		argv[3] = cmd.buf;
		rc = tu_run(argv, env, "/", &out, &err);
		if (rc || strcmp(out.buf, hostile[i]) || err.len)
			fail_msg("%s (%s): \"%s\" as [%s] gave status %d, output \"%s\", stderr [%s]", shell,
				 mode->setup, tu_show(&show, hostile[i]), cmd.buf, rc, out.buf, err.buf);
	}
	strbuf_release(&tmpl);
	strbuf_release(&cmd);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&show);
}

static void prompt_forms_in_bash(void **state)
{
	static const struct prompt_mode modes[] = {
		{ "", "__VENV_PROMPT_BASH__" },
		{ "set -o posix;", "__VENV_PROMPT_BASH_POSIX__" },
		{ "shopt -u promptvars;", "__VENV_PROMPT_BASH_NOVARS__" },
	};
	char *bash = find_shell("bash");

	(void)state;
	if (!bash)
		skip();
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		prompt_round_trip(bash, "--norc", &modes[i], "printf %s \"${P@P}\"");
	free(bash);
}

static void prompt_forms_in_zsh(void **state)
{
	static const struct prompt_mode modes[] = {
		{ "", "__VENV_PROMPT_ZSH__" },
		{ "setopt prompt_subst;", "__VENV_PROMPT_ZSH_SUBST__" },
		{ "setopt prompt_bang;", "__VENV_PROMPT_ZSH_BANG__" },
		{ "setopt prompt_subst prompt_bang;", "__VENV_PROMPT_ZSH_SUBST_BANG__" },
		{ "unsetopt prompt_percent;", "__VENV_PROMPT_ZSH_NOPERCENT__" },
		{ "unsetopt prompt_percent; setopt prompt_subst;", "__VENV_PROMPT_ZSH_NOPERCENT_SUBST__" },
		{ "unsetopt prompt_percent; setopt prompt_bang;", "__VENV_PROMPT_ZSH_NOPERCENT_BANG__" },
		{ "unsetopt prompt_percent; setopt prompt_subst prompt_bang;",
		  "__VENV_PROMPT_ZSH_NOPERCENT_SUBST_BANG__" },
	};
	char *zsh = find_shell("zsh");

	(void)state;
	if (!zsh)
		skip();
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		prompt_round_trip(zsh, "-f", &modes[i], "print -rn -- \"${(%%)P}\"");
	free(zsh);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quote_posix),
		cmocka_unit_test(quote_fish),
		cmocka_unit_test(quote_csh),
		cmocka_unit_test(quote_powershell),
		cmocka_unit_test(quote_powershell_typographic_quotes),
		cmocka_unit_test(prompt_escape_each_flag),
		cmocka_unit_test(prompt_escape_bash),
		cmocka_unit_test(prompt_escape_tcsh),
		cmocka_unit_test(posix_quote_round_trip_sh),
		cmocka_unit_test(fish_quote_round_trip),
		cmocka_unit_test(csh_quote_round_trip),
		cmocka_unit_test(render_replaces_placeholders),
		cmocka_unit_test(render_leaves_other_venv_text),
		cmocka_unit_test(render_does_not_expand_values),
		cmocka_unit_test(render_placeholder_after_partial_match),
		cmocka_unit_test(render_real_posix_template_sourced),
		cmocka_unit_test(render_prompt_forms),
		cmocka_unit_test(prompt_forms_in_bash),
		cmocka_unit_test(prompt_forms_in_zsh),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
