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
 * Deliberate differences: parentheses in a marker may nest MAX_DEPTH deep;
 * pip's limit is Python's recursion limit (some 85 levels, depending on its
 * stack), past which it fails with a RecursionError. Case-insensitive
 * matches are ASCII only (Python also folds, say, U+017F to 's').
 */
#include "pep508.h"

#include "pystr.h"
#include "pyurl.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 50

struct parser {
	const char *s;
	size_t i, len;
	size_t depth;
	size_t furthest; /* where the parse failed, for the message */
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

static const char *const variables[] = {
	"implementation_version", "platform_python_implementation", "implementation_name",
	"python_full_version", "platform_release", "platform_version", "platform_machine",
	"platform_system", "python_version", "sys_platform", "os_name", "os.name", "sys.platform",
	"platform.version", "platform.machine", "platform.python_implementation",
	"python_implementation", "extra",
};

static const char *const marker_ops[] = {
	"===", "==", ">=", "<=", "!=", "~=", ">", "<", "not in", "in",
};

static int first_literal(struct parser *p, const char *const *lits, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (literal(p, lits[k]))
			return 1;
	return 0;
}

/* QuotedString("'") | QuotedString('"'): no escapes, no line end inside. */
static int quoted(struct parser *p)
{
	const size_t save = p->i;
	char q;

	skip_ws(p);
	q = p->i < p->len ? p->s[p->i] : 0;
	if (q == '\'' || q == '"') {
		for (size_t j = p->i + 1; j < p->len && p->s[j] != '\n' && p->s[j] != '\r'; j++) {
			if (p->s[j] == q) {
				p->i = j + 1;
				return 1;
			}
		}
	}
	fail_at(p, p->i);
	p->i = save;
	return 0;
}

static int marker_var(struct parser *p)
{
	return first_literal(p, variables, sizeof(variables) / sizeof(*variables)) || quoted(p);
}

static int marker_item(struct parser *p)
{
	const size_t save = p->i;

	if (marker_var(p) && first_literal(p, marker_ops, sizeof(marker_ops) / sizeof(*marker_ops)) &&
	    marker_var(p))
		return 1;
	p->i = save;
	return 0;
}

static int marker_expr(struct parser *p);

static int marker_atom(struct parser *p)
{
	const size_t save = p->i;
	int ok;

	if (marker_item(p))
		return 1;
	if (!literal(p, "("))
		return 0;
	if (p->depth >= MAX_DEPTH) {
		p->i = save;
		return fail_at(p, p->i);
	}
	p->depth++;
	ok = marker_expr(p) && literal(p, ")");
	p->depth--;
	if (!ok)
		p->i = save;
	return ok;
}

/* MARKER_ATOM + ZeroOrMore(BOOLOP + MARKER_EXPR), which takes what
 * MARKER_ATOM + ZeroOrMore(BOOLOP + MARKER_ATOM) takes. */
static int marker_expr(struct parser *p)
{
	if (!marker_atom(p))
		return 0;
	for (;;) {
		const size_t save = p->i;

		if (!((literal(p, "and") || literal(p, "or")) && marker_atom(p))) {
			p->i = save;
			return 1;
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
	struct parser p = { text, 0, strlen(text), 0, 0 };

	if (marker_expr(&p) && at_end(&p))
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

static int extras(struct parser *p)
{
	const size_t save = p->i;
	size_t b, e;

	if (!literal(p, "["))
		return 0;
	if (identifier(p, &b, &e)) {
		for (;;) {
			const size_t at = p->i;

			if (!(literal(p, ",") && identifier(p, &b, &e))) {
				p->i = at;
				break;
			}
		}
	}
	if (literal(p, "]"))
		return 1;
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

	*b = *e = 0;
	if (!literal(p, ";"))
		return;
	skip_ws(p);
	*b = p->i;
	if (marker_expr(p)) {
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
	struct parser p = { text, 0, strlen(text), 0, 0 };
	struct strbuf raw = STRBUF_INIT;
	size_t nb, ne, ub = 0, ue = 0, mb, me;

	*out = (struct pep508)PEP508_INIT;
	if (!identifier(&p, &nb, &ne))
		goto syntax;
	extras(&p);
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
	*r = (struct pep508)PEP508_INIT;
}

int pep508_marker_eval(const char *marker, const struct pep508_env *env, const char *extra,
		       struct strbuf *why)
{
	(void)marker;
	(void)env;
	(void)extra;
	strbuf_addstr(why, "marker evaluation is not written yet");
	return -1;
}
