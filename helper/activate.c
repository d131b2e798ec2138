/*
 * activate: shell quoting and placeholder substitution.
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

void activate_render(struct strbuf *out, enum activate_shell shell, const char *tmpl,
		     const char *venv_dir, const char *prompt, const char *bin_name)
{
	static const char *const keys[] = { "__VENV_DIR__", "__VENV_PROMPT__", "__VENV_BIN__" };
	const char *values[] = { venv_dir, prompt, bin_name };
	const char *p = tmpl;

	assert(tmpl && venv_dir && prompt && bin_name);
	while (*p) {
		const char *next = strstr(p, "__VENV_");
		size_t i;

		if (!next) {
			strbuf_addstr(out, p);
			break;
		}
		strbuf_add(out, p, (size_t)(next - p));
		for (i = 0; i < 3; i++)
			if (!strncmp(next, keys[i], strlen(keys[i])))
				break;
		if (i == 3) {
			strbuf_addch(out, *next);
			p = next + 1;
			continue;
		}
		activate_quote(out, shell, values[i]);
		p = next + strlen(keys[i]);
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
