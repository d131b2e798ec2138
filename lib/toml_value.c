/*
 * toml_value: the scalar values of TOML 1.0. Strings of the four kinds with
 * every escape (\uXXXX and \UXXXXXXXX only for Unicode scalar values, the
 * line-ending backslash of multi-line basic strings); integers (decimal
 * with a sign, hexadecimal, octal, binary; '_' only between digits; no
 * leading zero; within int64); floats (fraction and/or exponent; inf and
 * nan, signed or not); booleans; and the four kinds of date-time as RFC
 * 3339 writes them with TOML's relaxations ('T', 't' or a space between
 * date and time, 'z' for 'Z'; seconds required), ranges checked (the day
 * against its month and year; a second of 60 allowed, as for a leap
 * second).
 *
 * Each reader starts at tp->p and leaves it past what it took: what may
 * follow a value (a comma, a comment, a newline) is toml.c's business.
 */
#include "toml_int.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_oct(int c)
{
	return c >= '0' && c <= '7';
}

static int is_bin(int c)
{
	return c == '0' || c == '1';
}

static int hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* 1 when the text at tp->p starts with s. */
static int at(const struct toml_parser *tp, const char *s)
{
	const size_t n = strlen(s);

	return (size_t)(tp->end - tp->p) >= n && !memcmp(tp->p, s, n);
}

/* The length of the token at p, for messages: up to what ends a value. */
static int token_len(const struct toml_parser *tp, const char *p)
{
	const char *q = p;

	while (q < tp->end && q - p < 40 && (unsigned char)*q > ' ' && *q != 0x7f && *q != ',' &&
	       *q != ']' && *q != '}' && *q != '#')
		q++;
	/* Not in the middle of a character. */
	while (q > p && q < tp->end && ((unsigned char)*q & 0xc0) == 0x80)
		q--;
	return (int)(q - p);
}

/* A control character that needs an escape (or is not allowed at all). */
static int is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

json_t *toml_new_string(struct toml_parser *tp, const char *s, size_t len)
{
	json_t *v = json_stringn(s, len);

	if (!v)
		toml_fail(tp, tp->p, "out of memory");
	return v;
}

/* --- strings ------------------------------------------------------------ */

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (int)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	}
}

static int control_char(struct toml_parser *tp, const char *p, const char *where)
{
	return toml_fail(tp, p, "control character U+%04X in %s", (unsigned char)*p, where);
}

/* \uXXXX or \UXXXXXXXX at tp->p (n hex digits after the letter). */
static int unicode_escape(struct toml_parser *tp, int n, struct strbuf *out)
{
	const char *const esc = tp->p;
	unsigned cp = 0;

	if (tp->end - tp->p < 2 + n)
		return toml_fail(tp, esc, "escape '\\%c' needs %d hexadecimal digits", esc[1], n);
	for (int i = 0; i < n; i++) {
		if (!is_hex((unsigned char)esc[2 + i]))
			return toml_fail(tp, esc, "escape '\\%c' needs %d hexadecimal digits", esc[1], n);
		cp = (cp << 4) | (unsigned)hex_value((unsigned char)esc[2 + i]);
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return toml_fail(tp, esc, "escape '%.*s' is not a Unicode scalar value", 2 + n, esc);
	add_utf8(out, cp);
	tp->p += 2 + n;
	return 0;
}

/* The escape at tp->p (a backslash), but for a line-ending backslash. */
static int escape(struct toml_parser *tp, struct strbuf *out)
{
	static const char from[] = "btnfr\"\\";
	static const char to[] = "\b\t\n\f\r\"\\";
	const char *const esc = tp->p;
	const char *hit;

	if (esc + 1 >= tp->end)
		return toml_fail(tp, esc, "unterminated string");
	if (esc[1] == 'u' || esc[1] == 'U')
		return unicode_escape(tp, esc[1] == 'u' ? 4 : 8, out);
	hit = esc[1] ? strchr(from, esc[1]) : NULL;
	if (!hit) {
		if ((unsigned char)esc[1] > ' ' && (unsigned char)esc[1] < 0x7f)
			return toml_fail(tp, esc, "invalid escape '\\%c' in a string", esc[1]);
		if ((unsigned char)esc[1] >= 0x80)
			return toml_fail(tp, esc, "invalid escape in a string (a backslash before a "
					 "non-ASCII character)");
		return toml_fail(tp, esc, "invalid escape in a string (a backslash before U+%04X)",
				 (unsigned char)esc[1]);
	}
	strbuf_addch(out, to[hit - from]);
	tp->p += 2;
	return 0;
}

/* The length of the run of characters at p that stand for themselves in a
 * string closed by quote (no escapes in a literal one). */
static size_t plain_run(const struct toml_parser *tp, const char *p, char quote)
{
	const char *q = p;

	while (q < tp->end && *q != quote && (quote == '\'' || *q != '\\') &&
	       !is_control((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

/* A newline at tp->p (LF or CRLF): its length, else 0. */
static int newline_len(const struct toml_parser *tp)
{
	if (tp->p < tp->end && *tp->p == '\n')
		return 1;
	if (tp->end - tp->p >= 2 && tp->p[0] == '\r' && tp->p[1] == '\n')
		return 2;
	return 0;
}

static int single_line(struct toml_parser *tp, struct strbuf *out)
{
	const char *const open = tp->p;
	const char quote = *tp->p++;
	const char *const what = quote == '"' ? "a string" : "a literal string";

	for (;;) {
		const size_t run = plain_run(tp, tp->p, quote);

		strbuf_add(out, tp->p, run);
		tp->p += run;
		if (tp->p >= tp->end)
			return toml_fail(tp, open, "unterminated string");
		if (*tp->p == quote) {
			tp->p++;
			return 0;
		}
		if (*tp->p == '\n' || *tp->p == '\r')
			return toml_fail(tp, tp->p, "unterminated string (a newline before its closing quote)");
		if (*tp->p != '\\')
			return control_char(tp, tp->p, what);
		if (escape(tp, out))
			return -1;
	}
}

/* A backslash at tp->p in a multi-line basic string: a line-ending one
 * (whitespace, a newline, then all whitespace and newlines are dropped) or
 * an escape. */
static int ml_backslash(struct toml_parser *tp, struct strbuf *out)
{
	const char *const esc = tp->p;
	const char *q = esc + 1;

	while (q < tp->end && (*q == ' ' || *q == '\t'))
		q++;
	tp->p = q;
	if (!newline_len(tp)) {
		tp->p = esc;
		if (q > esc + 1)
			return toml_fail(tp, esc, "a line-ending backslash must be followed by a newline");
		return escape(tp, out);
	}
	for (int n; (n = newline_len(tp)) || (tp->p < tp->end && (*tp->p == ' ' || *tp->p == '\t'));)
		tp->p += n ? n : 1;
	return 0;
}

/*
 * A run of quote characters at tp->p in a multi-line string: up to two
 * belong to its text; three close it, with up to two more before them
 * belonging to the text. Returns 1 when it was closed, 0, or -1.
 */
static int ml_quotes(struct toml_parser *tp, char quote, struct strbuf *out)
{
	size_t n = 0;

	while (tp->p + n < tp->end && tp->p[n] == quote && n < 6)
		n++;
	if (n >= 6)
		return toml_fail(tp, tp->p + 5, "'%c' after the end of a multi-line string", quote);
	tp->p += n;
	if (n < 3) {
		strbuf_add(out, tp->p - n, n);
		return 0;
	}
	strbuf_add(out, tp->p - n, n - 3);
	return 1;
}

static int multi_line(struct toml_parser *tp, struct strbuf *out)
{
	const char *const open = tp->p;
	const char quote = *tp->p;
	const char *const what = quote == '"' ? "a multi-line string" : "a multi-line literal string";

	tp->p += 3;
	tp->p += newline_len(tp);
	for (;;) {
		const size_t run = plain_run(tp, tp->p, quote);
		int n, rc;

		strbuf_add(out, tp->p, run);
		tp->p += run;
		if (tp->p >= tp->end)
			return toml_fail(tp, open, "unterminated multi-line string");
		if (*tp->p == quote) {
			if ((rc = ml_quotes(tp, quote, out)))
				return rc < 0 ? -1 : 0;
		} else if ((n = newline_len(tp))) {
			strbuf_addch(out, '\n');
			tp->p += n;
		} else if (*tp->p == '\\') {
			if (ml_backslash(tp, out))
				return -1;
		} else {
			return control_char(tp, tp->p, what);
		}
	}
}

int toml_string(struct toml_parser *tp, int multiline, struct strbuf *out)
{
	if (multiline && (at(tp, "\"\"\"") || at(tp, "'''")))
		return multi_line(tp, out);
	return single_line(tp, out);
}

/* --- numbers ------------------------------------------------------------ */

/*
 * Scans DIGIT *( DIGIT / "_" DIGIT ) of the class ok at p. Returns its end,
 * or NULL after toml_fail() (what names the number's part).
 */
static const char *digits(struct toml_parser *tp, const char *num, const char *p, int (*ok)(int),
			  const char *what)
{
	if (p >= tp->end || !ok((unsigned char)*p)) {
		toml_fail(tp, num, "invalid number '%.*s': %s expected", token_len(tp, num), num, what);
		return NULL;
	}
	while (p < tp->end) {
		if (ok((unsigned char)*p)) {
			p++;
		} else if (*p == '_') {
			if (p + 1 >= tp->end || !ok((unsigned char)p[1])) {
				toml_fail(tp, num, "invalid number '%.*s': '_' must stand between digits",
					  token_len(tp, num), num);
				return NULL;
			}
			p++;
		} else {
			break;
		}
	}
	return p;
}

/* A value JSON cannot tell from a string: as opts->typed says. */
static json_t *special(struct toml_parser *tp, const char *type, const char *text, size_t len)
{
	json_t *obj, *s = toml_new_string(tp, text, len);

	if (!s || !tp->opts || !tp->opts->typed)
		return s;
	obj = json_object();
	if (!obj || json_object_set_new(obj, "$toml", json_string(type)) ||
	    json_object_set_new(obj, "value", s)) {
		json_decref(obj);
		toml_fail(tp, tp->p, "out of memory");
		return NULL;
	}
	return obj;
}

static json_t *real(struct toml_parser *tp, double d)
{
	json_t *v;

	if (isnan(d))
		return special(tp, "float", "nan", 3);
	if (isinf(d))
		return d > 0 ? special(tp, "float", "inf", 3) : special(tp, "float", "-inf", 4);
	v = json_real(d);
	if (!v)
		toml_fail(tp, tp->p, "out of memory");
	return v;
}

/* The float [s, e) (checked), without its underscores, read in the C
 * locale. */
static json_t *float_value(struct toml_parser *tp, const char *s, const char *e)
{
	struct strbuf sb = STRBUF_INIT;
	double d;

	for (const char *p = s; p < e; p++)
		if (*p != '_')
			strbuf_addch(&sb, *p);
	if (!tp->c_locale)
		tp->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!tp->c_locale) {
		strbuf_release(&sb);
		toml_fail(tp, s, "cannot read floats: %s", strerror(errno));
		return NULL;
	}
	d = strtod_l(sb.buf, NULL, tp->c_locale);
	strbuf_release(&sb);
	return real(tp, d);
}

/* The integer [s, e) (checked) in base, within int64. */
static json_t *int_value(struct toml_parser *tp, const char *s, const char *e, unsigned base)
{
	const int neg = *s == '-';
	const unsigned long long limit = neg ? (unsigned long long)INT64_MAX + 1 : INT64_MAX;
	unsigned long long v = 0;
	json_t *j;

	for (const char *p = s + (base != 10 ? 2 : (*s == '+' || *s == '-')); p < e; p++) {
		unsigned d;

		if (*p == '_')
			continue;
		d = (unsigned)hex_value((unsigned char)*p);
		if (v > (limit - d) / base)
			return toml_fail(tp, s, "integer '%.*s' out of range (64 bits)", (int)(e - s), s),
			       NULL;
		v = v * base + d;
	}
	if (!neg)
		j = json_integer((json_int_t)v);
	else
		j = json_integer(v == limit ? INT64_MIN : -(json_int_t)v);
	if (!j)
		toml_fail(tp, s, "out of memory");
	return j;
}

/* 0x, 0o or 0b at s. */
static json_t *prefixed(struct toml_parser *tp, const char *s)
{
	static const struct {
		char letter;
		unsigned base;
		int (*ok)(int);
		const char *what;
	} kinds[] = {
		{ 'x', 16, is_hex, "a hexadecimal digit" },
		{ 'o', 8, is_oct, "an octal digit" },
		{ 'b', 2, is_bin, "a binary digit" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		const char *e;

		if (s[1] != kinds[i].letter)
			continue;
		e = digits(tp, s, s + 2, kinds[i].ok, kinds[i].what);
		if (!e)
			return NULL;
		tp->p = e;
		return int_value(tp, s, e, kinds[i].base);
	}
	return NULL;
}

/* inf or nan at q, after the sign (if any) at s. */
static json_t *inf_nan(struct toml_parser *tp, const char *s, const char *q)
{
	tp->p = q;
	if (at(tp, "inf")) {
		tp->p = q + 3;
		return *s == '-' ? special(tp, "float", "-inf", 4) : special(tp, "float", "inf", 3);
	}
	if (at(tp, "nan")) {
		tp->p = q + 3;
		return special(tp, "float", "nan", 3);
	}
	toml_fail(tp, s, "invalid value '%.*s'", token_len(tp, s), s);
	return NULL;
}

/* A decimal integer or a float at tp->p (a sign, a digit, 'i' or 'n'). */
static json_t *number(struct toml_parser *tp)
{
	const char *const s = tp->p;
	const char *q = s + (*s == '+' || *s == '-');
	int is_float = 0;

	if (q < tp->end && (*q == 'i' || *q == 'n'))
		return inf_nan(tp, s, q);
	if (q == s && *q == '0' && q + 1 < tp->end && (q[1] == 'x' || q[1] == 'o' || q[1] == 'b'))
		return prefixed(tp, s);
	if (q < tp->end && *q == '0') {
		if (++q < tp->end && (is_digit((unsigned char)*q) || *q == '_'))
			return toml_fail(tp, s, "invalid number '%.*s': leading zero", token_len(tp, s), s),
			       NULL;
	} else if (!(q = digits(tp, s, q, is_digit, "a digit"))) {
		return NULL;
	}
	if (q < tp->end && *q == '.') {
		if (!(q = digits(tp, s, q + 1, is_digit, "a digit after '.'")))
			return NULL;
		is_float = 1;
	}
	if (q < tp->end && (*q == 'e' || *q == 'E')) {
		q++;
		q += q < tp->end && (*q == '+' || *q == '-');
		if (!(q = digits(tp, s, q, is_digit, "a digit in the exponent")))
			return NULL;
		is_float = 1;
	}
	tp->p = q;
	return is_float ? float_value(tp, s, q) : int_value(tp, s, q, 10);
}

/* --- dates and times ---------------------------------------------------- */

/* 1 when p holds n characters matching pattern ('9' a digit, others
 * themselves). */
static int shaped(const struct toml_parser *tp, const char *p, const char *pattern)
{
	const size_t n = strlen(pattern);

	if ((size_t)(tp->end - p) < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (pattern[i] == '9' ? !is_digit((unsigned char)p[i]) : p[i] != pattern[i])
			return 0;
	return 1;
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int days_in(int month, int year)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

	return month == 2 && leap ? 29 : days[month - 1];
}

/* HH:MM:SS[.fraction] at p; its end, or NULL. */
static const char *partial_time(struct toml_parser *tp, const char *s, const char *p)
{
	if (!shaped(tp, p, "99:99:99") || two(p) > 23 || two(p + 3) > 59 || two(p + 6) > 60) {
		toml_fail(tp, s, "invalid time in '%.*s'", token_len(tp, s), s);
		return NULL;
	}
	p += 8;
	if (p < tp->end && *p == '.') {
		if (++p >= tp->end || !is_digit((unsigned char)*p)) {
			toml_fail(tp, s, "invalid time in '%.*s': digits expected after '.'",
				  token_len(tp, s), s);
			return NULL;
		}
		while (p < tp->end && is_digit((unsigned char)*p))
			p++;
	}
	return p;
}

/* The rest of a date-time after its date: the time and the offset. */
static json_t *date_time(struct toml_parser *tp, const char *s)
{
	const char *p = partial_time(tp, s, s + 11);

	if (!p)
		return NULL;
	if (p < tp->end && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (p < tp->end && (*p == '+' || *p == '-')) {
		if (!shaped(tp, p + 1, "99:99") || two(p + 1) > 23 || two(p + 4) > 59)
			return toml_fail(tp, s, "invalid offset in '%.*s'", token_len(tp, s), s), NULL;
		p += 6;
	} else {
		tp->p = p;
		return special(tp, "datetime-local", s, (size_t)(p - s));
	}
	tp->p = p;
	return special(tp, "datetime", s, (size_t)(p - s));
}

/* A date at s (YYYY-MM-DD seen), maybe with a time. */
static json_t *date(struct toml_parser *tp, const char *s)
{
	const int year = two(s) * 100 + two(s + 2), month = two(s + 5), day = two(s + 8);
	const char *const p = s + 10;

	if (month < 1 || month > 12 || day < 1 || day > days_in(month, year))
		return toml_fail(tp, s, "invalid date '%.10s'", s), NULL;
	if (p < tp->end && (*p == 'T' || *p == 't' || (*p == ' ' && shaped(tp, p + 1, "99:"))))
		return date_time(tp, s);
	tp->p = p;
	return special(tp, "date-local", s, 10);
}

/* A number or a date-time at tp->p (a digit). */
static json_t *digit_value(struct toml_parser *tp)
{
	const char *const s = tp->p;
	const char *e;

	if (shaped(tp, s, "9999-")) {
		if (!shaped(tp, s, "9999-99-99"))
			return toml_fail(tp, s, "invalid date '%.*s'", token_len(tp, s), s), NULL;
		return date(tp, s);
	}
	if (shaped(tp, s, "99:")) {
		if (!(e = partial_time(tp, s, s)))
			return NULL;
		tp->p = e;
		return special(tp, "time-local", s, (size_t)(e - s));
	}
	return number(tp);
}

/* --- values ------------------------------------------------------------- */

static json_t *string_value(struct toml_parser *tp)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v = NULL;

	if (!toml_string(tp, 1, &sb))
		v = toml_new_string(tp, sb.buf, sb.len);
	strbuf_release(&sb);
	return v;
}

json_t *toml_scalar(struct toml_parser *tp)
{
	const char c = tp->p < tp->end ? *tp->p : 0;

	if (c == '"' || c == '\'')
		return string_value(tp);
	if (at(tp, "true")) {
		tp->p += 4;
		return json_true();
	}
	if (at(tp, "false")) {
		tp->p += 5;
		return json_false();
	}
	if (is_digit((unsigned char)c))
		return digit_value(tp);
	if (c == '+' || c == '-' || c == 'i' || c == 'n')
		return number(tp);
	if (tp->p >= tp->end || c == '\n' || c == '\r' || c == '#')
		toml_fail(tp, tp->p, "expected a value");
	else if (is_control((unsigned char)c))
		control_char(tp, tp->p, "a document (a value expected)");
	else
		toml_fail(tp, tp->p, "expected a value, not '%.*s'",
			  token_len(tp, tp->p) ? token_len(tp, tp->p) : 1, tp->p);
	return NULL;
}
