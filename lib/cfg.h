/*
 * cfg: reads pyvenv.cfg as Python itself does (the site module and, from
 * 3.11, getpath): every line holding '=' is `key = value`, the key compared
 * without case (ASCII), key and value stripped of what str.strip() strips
 * (ASCII and Unicode whitespace, UTF-8 encoded); a later line wins. Lines
 * end at "\n", "\r\n" or "\r". Anything else on a line is ignored, as
 * Python ignores it.
 */
#ifndef PYVENV_CFG_H
#define PYVENV_CFG_H

#include "strbuf.h"

#include <stddef.h>

/*
 * Looks key (lower case) up in the len bytes at text (NUL bytes allowed;
 * a line holding one is not a key line). Appends the value to out and
 * returns 1, or returns 0 when no line sets key.
 */
int cfg_get(const char *text, size_t len, const char *key, struct strbuf *out);

/* As cfg_get() on the file at path. Returns 1, 0, or -1 with errno set
 * when the file cannot be read (nothing reported). */
int cfg_read(const char *path, const char *key, struct strbuf *out);

/*
 * The base interpreter the environment at env was made from: what
 * bin/python links to (following links inside bin/), else pyvenv.cfg's
 * `executable` (3.11 and later), else python<version> or python3 in `home`.
 * NULL when none of these says. Caller frees.
 */
char *cfg_base_python(const char *env);

#endif
