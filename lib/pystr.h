/*
 * pystr: the few pieces of Python's str, urllib.parse and posixpath that
 * pip's requirement-file parsing leans on, for UTF-8 text, so that reqfile
 * can decide what pip decides.
 *
 * Text handed in is valid UTF-8 without NUL bytes (the caller checked);
 * lengths are in bytes. Nothing here touches the file system or the
 * current directory: paths are made absolute against a directory given.
 */
#ifndef PYVENV_PYSTR_H
#define PYVENV_PYSTR_H

#include "strbuf.h"

#include <stddef.h>

/* The length of the str.isspace() character at [s, e), or 0. */
size_t pystr_space_at(const char *s, const char *e);
/* The length of the str.isspace() character that ends at e (after b), or 0. */
size_t pystr_space_before(const char *b, const char *e);
/* The length of the str.splitlines() line break at [s, e) ("\r\n" is 2), or 0. */
size_t pystr_break_at(const char *s, const char *e);
/* The length of the UTF-8 character at [s, e) (1 for ASCII). */
size_t pystr_char_len(const char *s, const char *e);
/* Narrows [*b, *e) as str.strip() would. */
void pystr_strip(const char **b, const char **e);

/*
 * Appends urllib.parse.unquote(s): %XX escapes decoded, the bytes of each
 * ASCII run decoded as UTF-8 with errors="replace" (U+FFFD for each maximal
 * invalid subpart, as CPython does).
 */
void pystr_unquote(struct strbuf *out, const char *s);

/* os.path.normpath(path) (a leading "//" kept, "///" made "/"); caller frees. */
char *pystr_normpath(const char *path);
/* os.path.normpath(os.path.join(cwd, path)) for an absolute cwd; caller frees. */
char *pystr_abspath(const char *path, const char *cwd);
/* os.path.join(a, b): b if it is absolute; caller frees. */
char *pystr_join(const char *a, const char *b);
/* os.path.dirname(path) ("" when path has no slash); caller frees. */
char *pystr_dirname(const char *path);
/* The offset of os.path.basename(path) in path. */
size_t pystr_basename(const char *path);
/*
 * The extension pip's splitext() gives (posixpath.splitext, with ".tar"
 * taken along: "x.tar.gz" gives ".tar.gz"), as the offset of its first
 * character in path (strlen(path) when there is none).
 */
size_t pystr_splitext(const char *path);

#endif
