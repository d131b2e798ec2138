/*
 * activate: shell quoting, prompt escaping and placeholder substitution.
 * Every value goes into a script as one quoted literal; a prompt form is
 * escaped first (for the shell's prompt), then quoted (for its parser).
 */
#include "activate.h"

#include "embed.h"
#include "fsutil.h"
#include "msg.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum activate_shell shell;
} scripts[] = {
	{ "activate", SHELL_POSIX },
	{ "activate.fish", SHELL_FISH },
	{ "activate.csh", SHELL_CSH },
	{ "Activate.ps1", SHELL_POWERSHELL },
};

void activate_quote(struct strbuf *out, enum activate_shell shell, const char *s)
{
	strbuf_addch(out, '\'');
	for (; *s; s++) {
		switch (shell) {
		case SHELL_POSIX:
			if (*s == '\'')
				strbuf_addstr(out, "'\\''");
			else
				strbuf_addch(out, *s);
			break;
		case SHELL_FISH:
			if (*s == '\\' || *s == '\'')
				strbuf_addch(out, '\\');
			strbuf_addch(out, *s);
			break;
		case SHELL_CSH:
			if (*s == '\'')
				strbuf_addstr(out, "'\\''");
			else if (*s == '!')
				strbuf_addstr(out, "\\!");
			else
				strbuf_addch(out, *s);
			break;
		case SHELL_POWERSHELL:
			/* PowerShell also ends '...' at U+2018..U+201B: double those. */
			if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
			    (unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9b) {
				strbuf_add(out, s, 3);
				strbuf_add(out, s, 3);
				s += 2;
				break;
			}
			if (*s == '\'')
				strbuf_addch(out, '\'');
			strbuf_addch(out, *s);
			break;
		}
	}
	strbuf_addch(out, '\'');
}

/* One character of a prompt, escaped as the flags say (not PROMPT_ESC_TCSH). */
static void escape_prompt_char(struct strbuf *out, unsigned escapes, char c)
{
	char piece[4] = { c, 0, 0, 0 };

	if ((escapes & PROMPT_ESC_BANG && c == '!') || (escapes & PROMPT_ESC_PERCENT && c == '%')) {
		piece[1] = c;
	} else if (escapes & PROMPT_ESC_EXPAND && (c == '\\' || c == '$' || c == '`')) {
		piece[0] = '\\';
		piece[1] = c;
	}
	/* bash decodes its \ sequences first: each \ above must come out of
	 * that as itself. */
	for (const char *p = piece; *p; p++) {
		if (escapes & PROMPT_ESC_BACKSLASH && *p == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *p);
	}
}

/* ASCII punctuation, !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~, in any locale. */
static int is_ascii_punct(char c)
{
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
	       !(c >= 'A' && c <= 'Z');
}

void activate_prompt_escape(struct strbuf *out, unsigned escapes, const char *s)
{
	assert(out && s);
	assert(!(escapes & PROMPT_ESC_TCSH) || escapes == PROMPT_ESC_TCSH);
	for (; *s; s++) {
		if (escapes & PROMPT_ESC_TCSH) {
			if (is_ascii_punct(*s))
				strbuf_addch(out, '\\');
			strbuf_addch(out, *s);
		} else {
			escape_prompt_char(out, escapes, *s);
		}
	}
}

enum value { VALUE_DIR, VALUE_PROMPT, VALUE_BIN };

/*
 * The placeholders. __VENV_PROMPT_<FORM>__ is the prompt escaped for a shell
 * that reads its prompt string in that way (templates/activate chooses):
 *   SH                       dash and other POSIX shells
 *   BASH, BASH_POSIX         bash with promptvars (the default), in POSIX mode
 *   BASH_NOVARS              bash after shopt -u promptvars
 *   ZSH[_SUBST][_BANG]       zsh (prompt_percent), with prompt_subst, prompt_bang
 *   ZSH_NOPERCENT[_SUBST][_BANG]   zsh without prompt_percent (sh, ksh emulation)
 *   TCSH                     tcsh
 */
#define EXPAND PROMPT_ESC_EXPAND
#define PERCENT PROMPT_ESC_PERCENT
#define BANG PROMPT_ESC_BANG
#define BACKSLASH PROMPT_ESC_BACKSLASH
static const struct placeholder {
	const char *key;
	enum value value;
	unsigned escapes;
} placeholders[] = {
	{ "__VENV_DIR__", VALUE_DIR, 0 },
	{ "__VENV_PROMPT__", VALUE_PROMPT, 0 },
	{ "__VENV_BIN__", VALUE_BIN, 0 },
	{ "__VENV_PROMPT_SH__", VALUE_PROMPT, EXPAND },
	{ "__VENV_PROMPT_BASH__", VALUE_PROMPT, EXPAND | BACKSLASH },
	{ "__VENV_PROMPT_BASH_POSIX__", VALUE_PROMPT, EXPAND | BANG | BACKSLASH },
	{ "__VENV_PROMPT_BASH_NOVARS__", VALUE_PROMPT, BACKSLASH },
	{ "__VENV_PROMPT_ZSH__", VALUE_PROMPT, PERCENT },
	{ "__VENV_PROMPT_ZSH_SUBST__", VALUE_PROMPT, PERCENT | EXPAND },
	{ "__VENV_PROMPT_ZSH_BANG__", VALUE_PROMPT, PERCENT | BANG },
	{ "__VENV_PROMPT_ZSH_SUBST_BANG__", VALUE_PROMPT, PERCENT | EXPAND | BANG },
	{ "__VENV_PROMPT_ZSH_NOPERCENT__", VALUE_PROMPT, 0 },
	{ "__VENV_PROMPT_ZSH_NOPERCENT_SUBST__", VALUE_PROMPT, EXPAND },
	{ "__VENV_PROMPT_ZSH_NOPERCENT_BANG__", VALUE_PROMPT, BANG },
	{ "__VENV_PROMPT_ZSH_NOPERCENT_SUBST_BANG__", VALUE_PROMPT, EXPAND | BANG },
	{ "__VENV_PROMPT_TCSH__", VALUE_PROMPT, PROMPT_ESC_TCSH },
};
#undef EXPAND
#undef PERCENT
#undef BANG
#undef BACKSLASH

/* The placeholder that text starts with, or NULL. */
static const struct placeholder *placeholder_at(const char *text)
{
	for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (!strncmp(text, placeholders[i].key, strlen(placeholders[i].key)))
			return &placeholders[i];
	return NULL;
}

/* Appends the placeholder's value, escaped for the prompt and quoted. */
static void add_value(struct strbuf *out, enum activate_shell shell, const struct placeholder *ph,
		      const char *const values[])
{
	struct strbuf escaped = STRBUF_INIT;

	activate_prompt_escape(&escaped, ph->escapes, values[ph->value]);
	activate_quote(out, shell, escaped.buf);
	strbuf_release(&escaped);
}

void activate_render(struct strbuf *out, enum activate_shell shell, const char *tmpl,
		     const char *venv_dir, const char *prompt, const char *bin_name)
{
	const char *const values[] = {
		[VALUE_DIR] = venv_dir, [VALUE_PROMPT] = prompt, [VALUE_BIN] = bin_name
	};
	const char *p = tmpl;

	assert(tmpl && venv_dir && prompt && bin_name);
	while (*p) {
		const char *next = strstr(p, "__VENV_");
		const struct placeholder *ph;

		if (!next) {
			strbuf_addstr(out, p);
			break;
		}
		strbuf_add(out, p, (size_t)(next - p));
		ph = placeholder_at(next);
		if (!ph) {
			strbuf_addch(out, *next);
			p = next + 1;
			continue;
		}
		add_value(out, shell, ph, values);
		p = next + strlen(ph->key);
	}
}

int activate_write_all(const char *bin_path, const char *venv_dir, const char *prompt,
		       const char *bin_name)
{
	struct strbuf text = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]) && !ret; i++) {
		const struct embedded_file *tmpl = embed_find(scripts[i].name);
		char *path = fs_join(bin_path, scripts[i].name);

		assert(tmpl);
		strbuf_reset(&text);
		activate_render(&text, scripts[i].shell, tmpl->data, venv_dir, prompt, bin_name);
		ret = fs_replace_file(path, text.buf, text.len, 0644);
		free(path);
	}
	strbuf_release(&text);
	return ret;
}
