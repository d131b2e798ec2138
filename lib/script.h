/*
 * script: executable scripts in bin/: their shebang lines and the console
 * scripts of a wheel's entry points.
 *
 * A script runs `python` (an absolute path) through a plain `#!python` line
 * when the kernel can take it (the line, newline included, at most 127 bytes,
 * as pip decides; no blank or control character in the path), and
 * otherwise through a /bin/sh trampoline whose second line is valid both as
 * shell (it execs the interpreter) and as Python (a string), as pip does.
 * The path is quoted for sh without any character that could end or break
 * Python's string, so any directory name works, provided it is valid UTF-8
 * (Python reads the script as UTF-8 source; callers refuse other paths).
 */
#ifndef PYVENV_SCRIPT_H
#define PYVENV_SCRIPT_H

#include "strbuf.h"

#include <stddef.h>

#define SCRIPT_MAX_SHEBANG 127

/* Appends the header (shebang, or trampoline) that runs python. */
void script_header(struct strbuf *out, const char *python);

/*
 * Finds the interpreter of a script. data/len is the start of the file (at
 * least its first three lines). On success returns 0, sets *header_len to the
 * length of the header (shebang line or whole trampoline) and appends the
 * interpreter path to python. Trampolines are the helper's (the path quoted
 * for sh in single quotes, unquoted here) and pip's, whose path is written
 * as it is, in double quotes when it has a space and bare otherwise, and is
 * taken as it is. Returns -1 (not reported) if data starts with none of these
 * forms, or if the path would be empty or hold a NUL byte.
 */
int script_parse_header(const char *data, size_t len, struct strbuf *python, size_t *header_len);

/*
 * Moves a script: when the header of data/len (the whole file) runs an
 * interpreter under old_prefix ("<old_prefix>/..."), appends to out the same
 * script with a header that runs that path under new_prefix, and returns 1.
 * Otherwise returns 0 and appends nothing. Both prefixes are absolute.
 * Besides what script_parse_header() reads, a "#!" line that is old_prefix
 * and a rest without blanks is one path, whatever old_prefix holds: pip
 * writes such lines for paths with a tab, and for a wheel's "#!python"
 * scripts whatever the path holds.
 */
int script_relocate(struct strbuf *out, const char *data, size_t len, const char *old_prefix,
		    const char *new_prefix);

/*
 * Appends a console script for an entry point "module:attr[.attr...]"
 * (extras such as " [cli]" are ignored). Returns -1 (reported) when the
 * entry point is not of that form.
 */
int script_console(struct strbuf *out, const char *python, const char *entry_point);

#endif
