/*
 * pep508: packaging 21.3's requirement and marker grammar, in C.
 *
 * Each rule is a function that either matches, moving p->i past what it
 * took, or does not, leaving p->i where it was. That is pyparsing's
 * behaviour: MatchFirst takes the first alternative that matches and never
 * comes back to try another; Optional and ZeroOrMore are greedy. Tokens skip
 * ASCII whitespace (" \t\n\r") before them; inside the specifier regular
 * expressions `\s` is Python's Unicode whitespace. Where packaging's regular
 * expressions are leftmost-first rather than longest (the `~=` form), the
 * same choices are made here: "~=1.0alpha1" stops after "a", as there.
 *
 * Marker evaluation walks the same rules a second time, once the marker is
 * known to be valid: then every comparison matched belongs to the parse,
 * and each is evaluated, as packaging evaluates all before it combines them
 * (an error in any one is the marker's error).
 *
 * Deliberate differences: parentheses in a marker may nest MAX_DEPTH deep;
 * pip's limit is Python's recursion limit (some 85 levels, depending on its
 * stack), past which it fails with a RecursionError. Case-insensitive
 * matches are ASCII only (Python also folds, say, U+017F to 's').
 */
#include "pep508.h"

#include "pep440.h"
#include "pystr.h"
#include "pyurl.h"

#include <assert.h>
#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 50

struct eval;

struct parser {
	const char *s;
	size_t i, len;
	size_t depth;
	size_t furthest; /* where the parse failed, for the message */
	struct eval *ev; /* evaluating a valid marker, or NULL to check one */
};

static void skip_ws(struct parser *p)
{
	while (p->i < p->len && strchr(" \t\n\r", p->s[p->i]))
		p->i++;
}

static int fail_at(struct parser *p, size_t at)
{
	if (at > p->furthest)
		p->furthest = at;
	return 0;
}

/* A literal after whitespace. */
static int literal(struct parser *p, const char *lit)
{
	const size_t save = p->i, n = strlen(lit);

	skip_ws(p);
	if (p->len - p->i >= n && !memcmp(p->s + p->i, lit, n)) {
		p->i += n;
		return 1;
	}
	fail_at(p, p->i);
	p->i = save;
	return 0;
}

static int alnum(char c)
{
	return isalnum((unsigned char)c) && !((unsigned char)c & 0x80);
}

/* IDENTIFIER: alphanumerics, with runs of "-_." between them. */
static int identifier(struct parser *p, size_t *b, size_t *e)
{
	const size_t save = p->i;

	skip_ws(p);
	if (p->i >= p->len || !alnum(p->s[p->i])) {
		fail_at(p, p->i);
		p->i = save;
		return 0;
	}
	*b = p->i;
	for (;;) {
		size_t j;

		while (p->i < p->len && alnum(p->s[p->i]))
			p->i++;
		j = p->i;
		while (j < p->len && strchr("-_.", p->s[j]) && p->s[j])
			j++;
		if (j == p->i || j >= p->len || !alnum(p->s[j]))
			break;
		p->i = j;
	}
	*e = p->i;
	return 1;
}

/* --- markers ------------------------------------------------------------- */

/* As written, in the grammar's order; the variable packaging 24 reads. */
static const struct {
	const char *text, *name;
} variables[] = {
	{ "implementation_version", "implementation_version" },
	{ "platform_python_implementation", "platform_python_implementation" },
	{ "implementation_name", "implementation_name" },
	{ "python_full_version", "python_full_version" },
	{ "platform_release", "platform_release" },
	{ "platform_version", "platform_version" },
	{ "platform_machine", "platform_machine" },
	{ "platform_system", "platform_system" },
	{ "python_version", "python_version" },
	{ "sys_platform", "sys_platform" },
	{ "os_name", "os_name" },
	{ "os.name", "os_name" },
	{ "sys.platform", "sys_platform" },
	{ "platform.version", "platform_version" },
	{ "platform.machine", "platform_machine" },
	{ "platform.python_implementation", "platform_python_implementation" },
	{ "python_implementation", "platform_python_implementation" },
	{ "extra", "extra" },
};

static const char *const marker_ops[] = {
	"===", "==", ">=", "<=", "!=", "~=", ">", "<", "not in", "in",
};

/* The first of lits that is there: its index + 1, or 0. */
static size_t first_literal(struct parser *p, const char *const *lits, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (literal(p, lits[k]))
			return k + 1;
	return 0;
}

/* QuotedString("'") | QuotedString('"'): no escapes, no line end inside;
 * [*b, *e) is what is inside the quotes. */
static int quoted(struct parser *p, size_t *b, size_t *e)
{
	const size_t save = p->i;
	char q;

	skip_ws(p);
	q = p->i < p->len ? p->s[p->i] : 0;
	if (q == '\'' || q == '"') {
		for (size_t j = p->i + 1; j < p->len && p->s[j] != '\n' && p->s[j] != '\r'; j++) {
			if (p->s[j] == q) {
				*b = p->i + 1;
				*e = j;
				p->i = j + 1;
				return 1;
			}
		}
	}
	fail_at(p, p->i);
	p->i = save;
	return 0;
}

/* One side of a comparison: a variable or a string. */
struct operand {
	const char *var; /* the variable packaging reads, or NULL for a string */
	size_t b, e;     /* the string */
};

static int marker_var(struct parser *p, struct operand *o)
{
	for (size_t k = 0; k < sizeof(variables) / sizeof(*variables); k++) {
		if (literal(p, variables[k].text)) {
			o->var = variables[k].name;
			return 1;
		}
	}
	o->var = NULL;
	return quoted(p, &o->b, &o->e);
}

static int eval_item(struct eval *ev, const char *s, const struct operand *l, const char *op,
		     const struct operand *r, size_t b, size_t e);

/* MARKER_VAR + MARKER_OP + MARKER_VAR; *val its value when evaluating. */
static int marker_item(struct parser *p, int *val)
{
	const size_t save = p->i;
	struct operand l, r;
	size_t op, b;

	skip_ws(p);
	b = p->i;
	if (marker_var(p, &l) &&
	    (op = first_literal(p, marker_ops, sizeof(marker_ops) / sizeof(*marker_ops))) &&
	    marker_var(p, &r)) {
		*val = p->ev ? eval_item(p->ev, p->s, &l, marker_ops[op - 1], &r, b, p->i) : 0;
		return 1;
	}
	p->i = save;
	return 0;
}

static int marker_expr(struct parser *p, int *val);

static int marker_atom(struct parser *p, int *val)
{
	const size_t save = p->i;
	int ok;

	if (marker_item(p, val))
		return 1;
	if (!literal(p, "("))
		return 0;
	if (p->depth >= MAX_DEPTH) {
		p->i = save;
		return fail_at(p, p->i);
	}
	p->depth++;
	ok = marker_expr(p, val) && literal(p, ")");
	p->depth--;
	if (!ok)
		p->i = save;
	return ok;
}

/*
 * MARKER_ATOM + ZeroOrMore(BOOLOP + MARKER_EXPR), which takes what
 * MARKER_ATOM + ZeroOrMore(BOOLOP + MARKER_ATOM) takes. Its value: "and"
 * binds tighter than "or" (packaging's any(all(group) ...)).
 */
static int marker_expr(struct parser *p, int *val)
{
	int any = 0, all, v;

	if (!marker_atom(p, &all))
		return 0;
	for (;;) {
		const size_t save = p->i;
		const int is_and = literal(p, "and"), is_or = !is_and && literal(p, "or");

		if (!(is_and || is_or) || !marker_atom(p, &v)) {
			p->i = save;
			*val = any || all;
			return 1;
		}
		if (is_or) {
			any = any || all;
			all = v;
		} else {
			all = all && v;
		}
	}
}

static int at_end(struct parser *p)
{
	skip_ws(p);
	return p->i == p->len || fail_at(p, p->i);
}

static void parse_error(struct parser *p, struct strbuf *why)
{
	const size_t at = p->furthest < p->len ? p->furthest : p->len;
	size_t n = 0;

	/* Up to 8 characters, as packaging shows them. */
	for (size_t k = 0; k < 8 && at + n < p->len; k++)
		n += pystr_char_len(p->s + at + n, p->s + p->len);
	strbuf_addf(why, "parse error at '%.*s'", (int)n, p->s + at);
}

int pep508_check_marker(const char *text, struct strbuf *why)
{
	struct parser p = { text, 0, strlen(text), 0, 0, NULL };
	int val;

	if (marker_expr(&p, &val) && at_end(&p))
		return 0;
	parse_error(&p, why);
	return -1;
}

/* --- version specifiers -------------------------------------------------- */

static size_t skip_uspace(const char *s, size_t i, size_t len)
{
	size_t n;

	while ((n = pystr_space_at(s + i, s + len)))
		i += n;
	return i;
}

static size_t skip_digits(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

static size_t opt_sep(const char *s, size_t i, size_t len)
{
	return i < len && strchr("-_.", s[i]) && s[i] ? i + 1 : i;
}

/* The first of tags (in order) at s + i, case-insensitive: its length or 0. */
static size_t tag_at(const char *s, size_t i, size_t len, const char *const *tags, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const size_t t = strlen(tags[k]);

		if (len - i >= t && !strncasecmp(s + i, tags[k], t))
			return t;
	}
	return 0;
}

/* ([-_.]?TAG[-_.]?[0-9]*)? from i; returns where it ends. */
static size_t opt_tagged(const char *s, size_t i, size_t len, const char *const *tags, size_t n)
{
	const size_t j = opt_sep(s, i, len), t = tag_at(s, j, len, tags, n);

	if (!t)
		return i;
	return skip_digits(s, opt_sep(s, j + t, len), len);
}

/*
 * Where Specifier's `~=` version ends, from just after the operator, or 0
 * when there is none: \s* v? ([0-9]+!)? [0-9]+(\.[0-9]+)+ pre? post? dev?
 */
static size_t tilde_version(const char *s, size_t i, size_t len)
{
	static const char *const pre[] = { "a", "b", "c", "rc", "alpha", "beta", "pre", "preview" };
	static const char *const post[] = { "post", "rev", "r" };
	static const char *const dev[] = { "dev" };
	size_t j;

	i = skip_uspace(s, i, len);
	if (i < len && (s[i] == 'v' || s[i] == 'V'))
		i++;
	j = skip_digits(s, i, len);
	if (j > i && j < len && s[j] == '!')
		i = j + 1;
	j = skip_digits(s, i, len);
	if (j == i || j + 1 >= len || s[j] != '.' || !isdigit((unsigned char)s[j + 1]))
		return 0;
	while (j + 1 < len && s[j] == '.' && isdigit((unsigned char)s[j + 1]))
		j = skip_digits(s, j + 1, len);
	j = opt_tagged(s, j, len, pre, 8);
	if (j + 1 < len && s[j] == '-' && isdigit((unsigned char)s[j + 1]))
		j = skip_digits(s, j + 1, len);
	else
		j = opt_tagged(s, j, len, post, 3);
	return opt_tagged(s, j, len, dev, 1);
}

static const char *const legacy_ops[] = { "==", "!=", "<=", ">=", "<", ">" };

static size_t legacy_op(const char *s, size_t i, size_t len)
{
	for (size_t k = 0; k < 6; k++) {
		const size_t n = strlen(legacy_ops[k]);

		if (len - i >= n && !memcmp(s + i, legacy_ops[k], n))
			return n;
	}
	return 0;
}

/* Runs over characters that are not Unicode whitespace nor in stop. */
static size_t skip_word(const char *s, size_t i, size_t len, const char *stop)
{
	while (i < len && !pystr_space_at(s + i, s + len) && !(stop && strchr(stop, s[i])))
		i++;
	return i;
}

/*
 * Where VERSION_PEP440 ^ VERSION_LEGACY (the longer) ends when it starts at
 * i, or 0. The PEP 440 forms of the operators the legacy one has too never
 * take more than it does, so only `~=` and `===` need their own.
 */
static size_t version_one_end(const char *s, size_t i, size_t len)
{
	size_t n;

	if (len - i >= 2 && !memcmp(s + i, "~=", 2))
		return tilde_version(s, i + 2, len);
	if (len - i >= 3 && !memcmp(s + i, "===", 3))
		return skip_word(s, skip_uspace(s, i + 3, len), len, NULL);
	if (!(n = legacy_op(s, i, len)))
		return 0;
	return skip_word(s, skip_uspace(s, i + n, len), len, ",;)");
}

static int version_one(struct parser *p, struct strbuf *raw)
{
	const size_t save = p->i;
	size_t end;

	skip_ws(p);
	end = p->i < p->len ? version_one_end(p->s, p->i, p->len) : 0;
	if (!end) {
		fail_at(p, p->i);
		p->i = save;
		return 0;
	}
	strbuf_add(raw, p->s + p->i, end - p->i);
	p->i = end;
	return 1;
}

static int version_many(struct parser *p, struct strbuf *raw)
{
	if (!version_one(p, raw))
		return 0;
	for (;;) {
		const size_t save = p->i, had = raw->len;

		strbuf_addch(raw, ',');
		if (!(literal(p, ",") && version_one(p, raw))) {
			p->i = save;
			strbuf_setlen(raw, had);
			return 1;
		}
	}
}

/* Optional((LPAREN + VERSION_MANY + RPAREN) | VERSION_MANY). */
static void version_spec(struct parser *p, struct strbuf *raw)
{
	const size_t save = p->i;

	if (literal(p, "(")) {
		if (version_many(p, raw) && literal(p, ")"))
			return;
		p->i = save;
		strbuf_reset(raw);
	}
	version_many(p, raw);
}

/*
 * Does all of [b, e) match Specifier's `~=` version? Anchored, Python
 * backtracks into the alternatives ("1.0alpha1" matches), so whether some
 * way matches it all is what counts, which a POSIX regex answers.
 */
static int tilde_full(const char *b, const char *e)
{
	static const char re[] = "^[v]?([0-9]+!)?[0-9]+(\\.[0-9]+)+"
				 "([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?"
				 "((-[0-9]+)|([-_.]?(post|rev|r)[-_.]?[0-9]*))?"
				 "([-_.]?dev[-_.]?[0-9]*)?$";
	regex_t rx;
	char *s = xstrndup(b, (size_t)(e - b));
	int ok;

	if (regcomp(&rx, re, REG_EXTENDED | REG_ICASE | REG_NOSUB))
		abort();
	ok = !regexec(&rx, s, 0, NULL, 0);
	regfree(&rx);
	free(s);
	return ok;
}

/* One specifier of a SpecifierSet, stripped: Specifier or LegacySpecifier. */
static int specifier_valid(const char *b, const char *e)
{
	const size_t len = (size_t)(e - b);
	size_t n;

	if (len >= 2 && !memcmp(b, "~=", 2))
		return tilde_full(b + skip_uspace(b, 2, len), e);
	if (len >= 3 && !memcmp(b, "===", 3))
		return skip_word(b, skip_uspace(b, 3, len), len, NULL) == len;
	if (!(n = legacy_op(b, 0, len)))
		return 0;
	return skip_word(b, skip_uspace(b, n, len), len, ",;)") == len;
}

/* SpecifierSet(raw): each non-blank piece between commas must be one. */
static int specifier_set_check(const char *raw, struct strbuf *why)
{
	for (const char *p = raw;; p++) {
		const char *b = p, *e = p + strcspn(p, ",");

		pystr_strip(&b, &e);
		if (b < e && !specifier_valid(b, e)) {
			strbuf_addf(why, "invalid specifier '%.*s'", (int)(e - b), b);
			return -1;
		}
		p = p + strcspn(p, ",");
		if (!*p)
			return 0;
	}
}

/* --- requirements -------------------------------------------------------- */

static void free_strings(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

/* EXTRAS, its names into out->extras. */
static int extras(struct parser *p, struct pep508 *out)
{
	const size_t save = p->i;
	size_t b, e, n = 0, alloc = 0;
	char **v = NULL;

	if (!literal(p, "["))
		return 0;
	if (identifier(p, &b, &e)) {
		for (;;) {
			const size_t at = p->i;

			ALLOC_GROW(v, n + 1, alloc);
			v[n++] = xstrndup(p->s + b, e - b);
			if (!(literal(p, ",") && identifier(p, &b, &e))) {
				p->i = at;
				break;
			}
		}
	}
	if (literal(p, "]")) {
		out->extras = v;
		out->nextras = n;
		return 1;
	}
	free_strings(v, n);
	p->i = save;
	return 0;
}

/* AT + Regex("[^ ]+"). */
static int url(struct parser *p, size_t *b, size_t *e)
{
	const size_t save = p->i;

	if (!literal(p, "@"))
		return 0;
	skip_ws(p);
	*b = p->i;
	while (p->i < p->len && p->s[p->i] != ' ')
		p->i++;
	*e = p->i;
	if (*e > *b)
		return 1;
	fail_at(p, p->i);
	p->i = save;
	return 0;
}

/* Optional(SEMICOLON + MARKER_EXPR); *b == *e when there is none. */
static void opt_marker(struct parser *p, size_t *b, size_t *e)
{
	const size_t save = p->i;
	int val;

	*b = *e = 0;
	if (!literal(p, ";"))
		return;
	skip_ws(p);
	*b = p->i;
	if (marker_expr(p, &val)) {
		*e = p->i;
		return;
	}
	*b = 0;
	p->i = save;
}

/* What packaging checks of a requirement's URL after the parse. */
static int url_check(const char *u, struct strbuf *why)
{
	struct pyurl parts = PYURL_INIT;
	const char *reason = NULL;
	int ret = 0;

	if (pyurl_split(u, &parts, &reason)) {
		strbuf_addf(why, "%s: '%s'", reason, u);
		ret = -1;
	} else if (!strcmp(parts.scheme, "file")) {
		char *again = pyurl_unsplit(&parts);

		if (strcmp(again, u)) {
			strbuf_addf(why, "invalid URL given: '%s'", u);
			ret = -1;
		}
		free(again);
	} else if (!parts.scheme[0] || !parts.netloc[0]) {
		strbuf_addf(why, "invalid URL: '%s'", u);
		ret = -1;
	}
	pyurl_release(&parts);
	return ret;
}

static char *span(const char *s, size_t b, size_t e)
{
	return e > b ? xstrndup(s + b, e - b) : NULL;
}

int pep508_parse(const char *text, struct pep508 *out, struct strbuf *why)
{
	struct parser p = { text, 0, strlen(text), 0, 0, NULL };
	struct strbuf raw = STRBUF_INIT;
	size_t nb, ne, ub = 0, ue = 0, mb, me;

	*out = (struct pep508)PEP508_INIT;
	if (!identifier(&p, &nb, &ne))
		goto syntax;
	extras(&p, out);
	if (!url(&p, &ub, &ue))
		version_spec(&p, &raw);
	opt_marker(&p, &mb, &me);
	if (!at_end(&p))
		goto syntax;
	out->name = span(text, nb, ne);
	out->url = span(text, ub, ue);
	out->specifier = raw.len ? strbuf_detach(&raw) : NULL;
	out->marker = span(text, mb, me);
	if ((out->url && url_check(out->url, why)) ||
	    (out->specifier && specifier_set_check(out->specifier, why)))
		goto fail;
	return 0;
syntax:
	parse_error(&p, why);
fail:
	strbuf_release(&raw);
	pep508_release(out);
	return -1;
}

void pep508_release(struct pep508 *r)
{
	free(r->name);
	free(r->url);
	free(r->specifier);
	free(r->marker);
	free_strings(r->extras, r->nextras);
	*r = (struct pep508)PEP508_INIT;
}

/* --- marker evaluation --------------------------------------------------- */

struct eval {
	const struct pep508_env *env;
	const char *extra;
	struct strbuf *why;
	int failed; /* why holds the first error */
	int first;  /* the next comparison is the marker's first, outside parentheses */
};

/* Keeps the first error in ev->why; returns 0, the comparison's value. */
__attribute__((format(printf, 2, 3)))
static int eval_error(struct eval *ev, const char *fmt, ...)
{
	va_list ap;

	if (!ev->failed) {
		va_start(ap, fmt);
		strbuf_vaddf(ev->why, fmt, ap);
		va_end(ap);
		ev->failed = 1;
	}
	return 0;
}

/* environment[name], or NULL for a name it does not have. */
static const char *env_value(const struct eval *ev, const char *name)
{
	const struct pep508_env *env = ev->env;
	const struct {
		const char *name, *value;
	} vars[] = {
		{ "implementation_name", env->implementation_name },
		{ "implementation_version", env->implementation_version },
		{ "os_name", env->os_name },
		{ "platform_machine", env->platform_machine },
		{ "platform_release", env->platform_release },
		{ "platform_system", env->platform_system },
		{ "platform_version", env->platform_version },
		{ "python_full_version", env->python_full_version },
		{ "platform_python_implementation", env->platform_python_implementation },
		{ "python_version", env->python_version },
		{ "sys_platform", env->sys_platform },
		{ "extra", ev->extra },
	};

	for (size_t k = 0; k < sizeof(vars) / sizeof(*vars); k++)
		if (!strcmp(vars[k].name, name))
			return vars[k].value ? vars[k].value : "";
	return NULL;
}

/* canonicalize_name(): runs of "-_." made "-", lowercase (ASCII). */
static void canonical_name(struct strbuf *sb)
{
	size_t n = 0;
	int run = 0;

	for (size_t k = 0; k < sb->len; k++) {
		const char c = sb->buf[k];
		const int sep = c == '-' || c == '_' || c == '.';

		if (!sep)
			sb->buf[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		else if (!run)
			sb->buf[n++] = '-';
		run = sep;
	}
	strbuf_setlen(sb, n);
}

/* A string operator of packaging's _operators, or -1 for none (~=, ===). */
static int string_op(const char *op, const char *lhs, const char *rhs)
{
	const int c = strcmp(lhs, rhs);

	if (!strcmp(op, "in"))
		return strstr(rhs, lhs) != NULL;
	if (!strcmp(op, "not in"))
		return strstr(rhs, lhs) == NULL;
	if (!strcmp(op, "=="))
		return c == 0;
	if (!strcmp(op, "!="))
		return c != 0;
	if (!strcmp(op, "<"))
		return c < 0;
	if (!strcmp(op, "<="))
		return c <= 0;
	if (!strcmp(op, ">"))
		return c > 0;
	if (!strcmp(op, ">="))
		return c >= 0;
	return -1;
}

/* _eval_op(): Specifier(op + rhs).contains(lhs, prereleases=True) when
 * that is a specifier, else the string operator. */
static int eval_op(struct eval *ev, const char *lhs, const char *op, const char *rhs,
		   const char *item, size_t len)
{
	char *text = xstrfmt("%s%s", op, rhs);
	struct pep440_specifier spec;
	struct pep440_version v;
	int ret;

	if (pep440_specifier_parse(text, strlen(text), &spec, NULL)) {
		ret = string_op(op, lhs, rhs);
		if (ret < 0)
			ret = eval_error(ev, "undefined comparison '%s' on '%s' and '%s' in '%.*s'",
					 op, lhs, rhs, (int)len, item);
	} else if (pep440_parse(lhs, &v)) {
		ret = eval_error(ev, "invalid version '%s' in '%.*s'", lhs, (int)len, item);
	} else {
		ret = pep440_specifier_contains(&spec, &v, 1);
	}
	free(text);
	return ret;
}

static void operand_text(struct strbuf *sb, const char *s, const struct operand *o)
{
	if (o->var)
		strbuf_addstr(sb, o->var);
	else
		strbuf_add(sb, s + o->b, o->e - o->b);
}

/*
 * One comparison, as _evaluate_markers() takes it: with a variable on the
 * left, its value against the right side's text (a variable's name, if it
 * is one); else the left string against the value of the variable the
 * right side names. _normalize_extra_values() has made the left side of
 * the first comparison a string, its canonical name, when the right side
 * is `extra` ("os_name == extra" compares "os-name" with the extra).
 */
static int eval_item(struct eval *ev, const char *s, const struct operand *l, const char *op,
		     const struct operand *r, size_t b, size_t e)
{
	struct strbuf lhs = STRBUF_INIT, rhs = STRBUF_INIT, key = STRBUF_INIT;
	int left_var = l->var != NULL;
	const char *value;
	int ret = 0;

	if (ev->first && l->var && strcmp(l->var, "extra") && r->var && !strcmp(r->var, "extra"))
		left_var = 0;
	ev->first = 0;
	if (left_var) {
		strbuf_addstr(&key, l->var);
		operand_text(&rhs, s, r);
	} else {
		operand_text(&lhs, s, l);
		operand_text(&key, s, r);
	}
	value = env_value(ev, key.buf);
	if (!value) {
		eval_error(ev, "undefined environment name '%s' in '%.*s'", key.buf, (int)(e - b),
			   s + b);
		goto done;
	}
	strbuf_addstr(left_var ? &lhs : &rhs, value);
	if (!strcmp(key.buf, "extra")) {
		canonical_name(&lhs);
		canonical_name(&rhs);
	}
	ret = eval_op(ev, lhs.buf, op, rhs.buf, s + b, e - b);
done:
	strbuf_release(&lhs);
	strbuf_release(&rhs);
	strbuf_release(&key);
	return ret;
}

int pep508_marker_eval(const char *marker, const struct pep508_env *env, const char *extra,
		       struct strbuf *why)
{
	struct eval ev = { env, extra ? extra : "", why, 0, 0 };
	struct parser p = { marker, 0, strlen(marker), 0, 0, &ev };
	int val = 0;

	assert(marker && env && why);
	skip_ws(&p);
	ev.first = p.i < p.len && marker[p.i] != '(';
	if (pep508_check_marker(marker, why))
		return -1;
	if (!marker_expr(&p, &val) || !at_end(&p))
		abort(); /* checked just now */
	return ev.failed ? -1 : val;
}
