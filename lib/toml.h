/*
 * toml: a strict reader of TOML 1.0 (https://toml.io/en/v1.0.0), for
 * PEP 751 lock files.
 *
 * The document becomes a jansson tree: tables are objects (keys in document
 * order), arrays (and arrays of tables) arrays, strings strings, integers
 * integers (64-bit), floats reals, booleans booleans. Offset date-times,
 * local date-times, local dates and local times become strings holding
 * their text as written (the 'T'/space separator kept), since nothing here
 * computes with them. Everything TOML 1.0 refuses is refused: duplicate
 * keys, a table defined twice, appending to a static array, inline tables
 * extended afterwards, bad escapes, control characters, invalid UTF-8,
 * integers out of range, leading zeros, and so on.
 */
#ifndef PYVENV_TOML_H
#define PYVENV_TOML_H

#include "strbuf.h"

#include <jansson.h>
#include <stddef.h>

/* Documents larger than this are refused. */
#define TOML_MAX_SIZE (64u << 20)
/* Arrays and inline tables nest at most this deep. */
#define TOML_MAX_DEPTH 64

/*
 * Parses text (len bytes, not NUL-terminated; a NUL byte is an error) named
 * name. Returns the root table (a new reference), or NULL with why appended
 * to ("name:LINE: what is wrong", LINE 1-based, the line of the error).
 */
json_t *toml_parse(const char *text, size_t len, const char *name, struct strbuf *why);

#endif
