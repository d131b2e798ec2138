/*
 * toml: a strict reader of TOML 1.0 (https://toml.io/en/v1.0.0), for
 * PEP 751 lock files.
 *
 * The document becomes a jansson tree: tables are objects (keys in document
 * order), arrays (and arrays of tables) arrays, strings strings, integers
 * integers (64-bit), floats reals, booleans booleans. Offset date-times,
 * local date-times, local dates and local times become strings holding
 * their text as written (the 'T'/space separator kept), since nothing here
 * computes with them. Floats that are not finite (inf, nan, or a literal
 * too large for a double) cannot be jansson reals (json_real() refuses
 * them, JSON has no spelling for them): they become the strings "inf",
 * "-inf" and "nan". toml_parse_opts() can mark both kinds instead.
 * Newlines in multi-line strings are LF (a CRLF becomes LF). One UTF-8 byte
 * order mark may open the document, as toml-test (TOML's test suite) has
 * it. Everything TOML 1.0 refuses is refused: duplicate keys, a table
 * defined twice, appending to a static array, inline tables extended
 * afterwards, bad escapes, control characters, invalid UTF-8, integers out
 * of range, leading zeros, and so on; a second of 60 (a leap second) and
 * the year 0000 are valid, as in RFC 3339.
 */
#ifndef PYVENV_TOML_H
#define PYVENV_TOML_H

#include "strbuf.h"

#include <jansson.h>
#include <stddef.h>

/* Documents larger than this are refused. */
#define TOML_MAX_SIZE (64u << 20)
/* Tables and arrays nest at most this deep (the levels of [a.b] headers,
 * dotted keys, arrays of tables, arrays and inline tables, all counted). */
#define TOML_MAX_DEPTH 64

/*
 * Parses text (len bytes, not NUL-terminated; a NUL byte is an error) named
 * name. Returns the root table (a new reference), or NULL with why appended
 * to ("name:LINE: what is wrong", LINE 1-based, the line of the error).
 */
json_t *toml_parse(const char *text, size_t len, const char *name, struct strbuf *why);

/* What toml_parse_opts() can do besides. */
struct toml_options {
	/*
	 * Non-zero: date-times and non-finite floats become objects
	 * {"$toml": TYPE, "value": TEXT}, TYPE one of "datetime" (offset
	 * date-time), "datetime-local", "date-local", "time-local" (TEXT as
	 * written) and "float" (TEXT "inf", "-inf" or "nan"), so that they can
	 * be told from strings. A table of the document with exactly those two
	 * keys looks the same: read such objects only where a value is
	 * expected (toml_typed()).
	 */
	int typed;
	/*
	 * If not NULL, called once for each table as it is made (not the
	 * root): by a [header] or [[header]] (each element), as a part of a
	 * header's or a dotted key's path, or by an inline table; line is where
	 * that happens. The pointer only identifies the table: it is the one
	 * in the tree returned, and is freed with it (or at once when the
	 * parse fails).
	 */
	void (*table)(const json_t *table, size_t line, void *data);
	void *data;
};

/* As toml_parse(), with opts (NULL for none). */
json_t *toml_parse_opts(const char *text, size_t len, const char *name,
			const struct toml_options *opts, struct strbuf *why);

/*
 * For a value of a tree made with opts->typed: its TYPE when it is one of
 * the objects that option makes (then *text, if text is not NULL, points at
 * its TEXT, owned by the value), else NULL.
 */
const char *toml_typed(const json_t *value, const char **text);

#endif
