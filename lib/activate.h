/*
 * activate: renders the activation scripts of templates/ for one
 * environment. Each template holds the placeholders __VENV_DIR__,
 * __VENV_PROMPT__ and __VENV_BIN__, replaced by literals quoted for that
 * script's shell, so any directory name (quotes, $, ;, &, |, backslashes,
 * unicode) is taken literally. Newlines cannot be quoted for every shell;
 * the caller refuses paths that hold one.
 *
 * A shell also reads its prompt string each time it draws it ($(...) and
 * ` in bash, dash and zsh's prompt_subst; \ sequences in bash and tcsh;
 * % sequences in zsh and tcsh; ! as the history number). So the prompt
 * also comes pre-escaped for each way of reading it, in the placeholders
 * __VENV_PROMPT_<FORM>__ (see activate.c), each then quoted as a literal;
 * the script picks the form that fits the shell's options when it runs.
 */
#ifndef PYVENV_ACTIVATE_H
#define PYVENV_ACTIVATE_H

#include "strbuf.h"

enum activate_shell { SHELL_POSIX, SHELL_FISH, SHELL_CSH, SHELL_POWERSHELL };

/* Appends s as one literal word of the given shell, quotes included. */
void activate_quote(struct strbuf *out, enum activate_shell shell, const char *s);

/* What a shell does to the text of its prompt when it draws it, as flags
 * for activate_prompt_escape(). */
enum prompt_escape {
	/* $, ` and \ are special as inside "...": bash (promptvars), dash,
	 * zsh (prompt_subst). */
	PROMPT_ESC_EXPAND = 1 << 0,
	/* % sequences, %% is one %: zsh (prompt_percent). */
	PROMPT_ESC_PERCENT = 1 << 1,
	/* ! is the history number, !! one !: bash in POSIX mode, zsh
	 * (prompt_bang). */
	PROMPT_ESC_BANG = 1 << 2,
	/* \ sequences (\w, \$, \044, ...) decoded before anything else:
	 * bash. */
	PROMPT_ESC_BACKSLASH = 1 << 3,
	/* tcsh: \ sequences, % sequences and the history character (any of
	 * them): every ASCII punctuation character gets a backslash. Not
	 * combined with the others. */
	PROMPT_ESC_TCSH = 1 << 4,
};

/* Appends s escaped so that a shell reading its prompt as the flags
 * (enum prompt_escape, or'ed) say shows s literally. 0 appends s as is. */
void activate_prompt_escape(struct strbuf *out, unsigned escapes, const char *s);

/* Appends the template with its placeholders replaced. */
void activate_render(struct strbuf *out, enum activate_shell shell, const char *tmpl,
		     const char *venv_dir, const char *prompt, const char *bin_name);

/* Writes every activation script into bin_path (the directory as it is
 * being built) for an environment whose final path is venv_dir. */
int activate_write_all(const char *bin_path, const char *venv_dir, const char *prompt,
		       const char *bin_name);

#endif
