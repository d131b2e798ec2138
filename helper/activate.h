/*
 * activate: renders the activation scripts of templates/ for one
 * environment. Each template holds the placeholders __VENV_DIR__,
 * __VENV_PROMPT__ and __VENV_BIN__, replaced by literals quoted for that
 * script's shell, so any directory name (quotes, $, ;, &, |, backslashes,
 * unicode) is taken literally. Newlines cannot be quoted for every shell;
 * the caller refuses paths that hold one.
 */
#ifndef PYVENV_ACTIVATE_H
#define PYVENV_ACTIVATE_H

#include "strbuf.h"

enum activate_shell { SHELL_POSIX, SHELL_FISH, SHELL_CSH, SHELL_POWERSHELL };

/* Appends s as one literal word of the given shell, quotes included. */
void activate_quote(struct strbuf *out, enum activate_shell shell, const char *s);

/* Appends the template with its placeholders replaced. */
void activate_render(struct strbuf *out, enum activate_shell shell, const char *tmpl,
		     const char *venv_dir, const char *prompt, const char *bin_name);

/* Writes every activation script into bin_path (the directory as it is
 * being built) for an environment whose final path is venv_dir. */
int activate_write_all(const char *bin_path, const char *venv_dir, const char *prompt,
		       const char *bin_name);

#endif
