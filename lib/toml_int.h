/*
 * toml_int: what the TOML reader's two halves share, not for other
 * modules: toml.c (the document: keys, tables and their redefinition
 * rules, arrays, inline tables) and toml_value.c (strings, numbers,
 * booleans, dates and times).
 *
 * Invariant: the text was checked to be UTF-8 before the first token is
 * read, and it is only ever looked at between tp->p and tp->end (it has no
 * NUL terminator). The first error is the one reported; a function that
 * fails returns -1 or NULL after toml_fail().
 */
#ifndef PYVENV_TOML_INT_H
#define PYVENV_TOML_INT_H

#include "strbuf.h"
#include "toml.h"

#include <jansson.h>
#include <locale.h>
#include <stddef.h>

struct toml_meta;

/* One call of toml_parse_opts(). */
struct toml_parser {
	const char *start, *p, *end;
	const char *name;
	struct strbuf *why;
	const struct toml_options *opts;
	int failed;
	locale_t c_locale;           /* for strtod_l(), made at the first float */
	struct toml_meta *meta;      /* the tables a header may reach (toml.c) */
	size_t nmeta, meta_alloc;
	const char *line_at;         /* toml_line()'s last answer: line_no is the line */
	size_t line_no;              /* of line_at (both 0 before its first call) */
	size_t section;              /* the one keys go into: a header's or an inline table's */
	size_t nsections;            /* sections so far (the root's is 0) */
};

/* Appends "name:LINE: what" for the line of at, the first time only.
 * Returns -1. */
int toml_fail(struct toml_parser *tp, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The line of at (1-based); counts on from its last answer when at is not
 * before it, so that asking in document order costs the text's length. */
size_t toml_line(struct toml_parser *tp, const char *at);

/* Characters that may make a bare key. */
int toml_is_bare(int c);

/*
 * Reads a string at tp->p (which is at its opening quote) into out (the
 * bytes of the value appended). Multi-line forms only when multiline is
 * set (keys take single-line ones). Returns 0 with tp->p past the closing
 * quote, or -1.
 */
int toml_string(struct toml_parser *tp, int multiline, struct strbuf *out);

/*
 * Reads a string, boolean, number or date-time at tp->p. Returns the value
 * (a new reference) with tp->p past it, or NULL. Anything else there is an
 * error ("expected a value").
 */
json_t *toml_scalar(struct toml_parser *tp);

/* A new string of len bytes at s (valid UTF-8, may hold NUL); NULL after
 * toml_fail() when jansson cannot make it. */
json_t *toml_new_string(struct toml_parser *tp, const char *s, size_t len);

#endif
