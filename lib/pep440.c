/*
 * pep440: versions and specifiers as pip's vendored packaging 24 has them
 * (version.py's VERSION_PATTERN and _cmpkey, specifiers.py's Specifier and
 * SpecifierSet), in C.
 *
 * A version is scanned left to right, each optional part taken greedily.
 * For a match of the whole text that answers as Python's backtracking
 * regular expression does: a shorter choice for one part never lets the
 * next one match (no part starts with a letter or digit that could end the
 * part before; a separator a part takes is one the next part could only do
 * without), so where the greedy scan fails, every other way fails too.
 * Specifiers use the same scanner with the parts their operator allows.
 *
 * `~=` and `==X.*` are decided on strings, as packaging does
 * (_version_split(), _pad_version()), quirks included: "~=1.4.5.c1" keeps
 * "5" in its prefix, "~=v1.4" matches nothing.
 *
 * Deliberate differences: numbers are long long (a version or specifier
 * with a larger one is refused; packaging's ints have no bound); letters
 * match and fold ASCII only (Python's re.IGNORECASE also takes U+017F for
 * 's' and U+212A KELVIN SIGN for 'k'); "===" of a text that is not a PEP
 * 440 version names no pre-release, and a version that is not PEP 440 is
 * contained only by "===" of the same text (packaging raises InvalidVersion
 * for both).
 */
#include "pep440.h"

#include "pystr.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* --- characters -------------------------------------------------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

/* ASCII case-insensitive equality of two byte strings. */
static int equal_nocase(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t k = 0; k < na; k++)
		if (to_lower(a[k]) != to_lower(b[k]))
			return 0;
	return 1;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!is_digit(s[k]))
			return 0;
	return n > 0;
}

/* --- scanning a version ------------------------------------------------ */

struct scan {
	const char *s;
	size_t i, len;
};

#define SCAN_LOCAL 1    /* a "+label" may follow */
#define SCAN_WILDCARD 2 /* ".*" may end the release */

struct tag {
	const char *text;
	int kind;
};

/* In VERSION_PATTERN's order (the longer spelling first). */
static const struct tag pre_tags[] = {
	{ "alpha", 'a' }, { "a", 'a' },   { "beta", 'b' }, { "b", 'b' },
	{ "preview", 'c' }, { "pre", 'c' }, { "c", 'c' },  { "rc", 'c' },
};
static const struct tag post_tags[] = { { "post", 'p' }, { "rev", 'p' }, { "r", 'p' } };
static const struct tag dev_tags[] = { { "dev", 'd' } };

static int sep_at(const struct scan *sc, size_t i)
{
	return i < sc->len && is_sep(sc->s[i]);
}

static int digit_at(const struct scan *sc, size_t i)
{
	return i < sc->len && is_digit(sc->s[i]);
}

/* Digits at sc->i into *n: 1, 0 when there are none, -1 past LLONG_MAX. */
static int scan_number(struct scan *sc, long long *n)
{
	const size_t start = sc->i;
	long long v = 0;

	for (; digit_at(sc, sc->i); sc->i++) {
		const int d = sc->s[sc->i] - '0';

		if (v > (LLONG_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*n = v;
	return sc->i > start;
}

/*
 * [-_.]?TAG[-_.]?[0-9]* at sc->i, TAG the first of tags that is there:
 * returns its kind, *n its number (0 for none), sc past it; 0 when there
 * is none (sc where it was); -1 for a number past LLONG_MAX.
 */
static int scan_tagged(struct scan *sc, const struct tag *tags, size_t ntags, long long *n)
{
	const size_t j = sc->i + sep_at(sc, sc->i);

	for (size_t k = 0; k < ntags; k++) {
		const size_t t = strlen(tags[k].text);

		if (sc->len - j < t || !equal_nocase(sc->s + j, t, tags[k].text, t))
			continue;
		sc->i = j + t;
		sc->i += sep_at(sc, sc->i);
		return scan_number(sc, n) < 0 ? -1 : tags[k].kind;
	}
	return 0;
}

/* v? ([0-9]+!)? [0-9]+(\.[0-9]+)* */
static int scan_head(struct scan *sc, struct pep440_version *v)
{
	size_t start;
	long long n;
	int rc;

	if (sc->i < sc->len && to_lower(sc->s[sc->i]) == 'v')
		sc->i++;
	start = sc->i;
	rc = scan_number(sc, &n);
	if (rc > 0 && sc->i < sc->len && sc->s[sc->i] == '!') {
		v->epoch = n;
		sc->i++;
	} else {
		sc->i = start;
	}
	for (;;) {
		if (v->nrelease == PEP440_MAX_RELEASE || scan_number(sc, &n) <= 0)
			return -1;
		v->release[v->nrelease++] = n;
		if (!(sc->i < sc->len && sc->s[sc->i] == '.' && digit_at(sc, sc->i + 1)))
			return 0;
		sc->i++;
	}
}

/* pre? post? dev? */
static int scan_suffixes(struct scan *sc, struct pep440_version *v)
{
	int kind = scan_tagged(sc, pre_tags, sizeof(pre_tags) / sizeof(*pre_tags), &v->pre);

	if (kind < 0)
		return -1;
	v->pre_kind = kind;
	if (sc->i < sc->len && sc->s[sc->i] == '-' && digit_at(sc, sc->i + 1)) {
		sc->i++;
		if (scan_number(sc, &v->post) < 0)
			return -1;
		v->has_post = 1;
	} else if ((kind = scan_tagged(sc, post_tags, 3, &v->post))) {
		if (kind < 0)
			return -1;
		v->has_post = 1;
	}
	if ((kind = scan_tagged(sc, dev_tags, 1, &v->dev)) < 0)
		return -1;
	v->has_dev = kind != 0;
	return 0;
}

/* One part of a local label, normalised as _parse_local_version() does. */
static int add_local_part(struct pep440_version *v, size_t *at, const char *s, size_t n)
{
	const int numeric = all_digits(s, n);

	while (numeric && n > 1 && *s == '0') {
		s++;
		n--;
	}
	if (*at + !!*at + n >= sizeof(v->local))
		return -1;
	if (*at)
		v->local[(*at)++] = '.';
	for (size_t k = 0; k < n; k++)
		v->local[(*at)++] = to_lower(s[k]);
	v->local[*at] = '\0';
	return 0;
}

/* (\+[a-z0-9]+([-_.][a-z0-9]+)*)? */
static int scan_local(struct scan *sc, struct pep440_version *v)
{
	size_t at = 0;

	if (!(sc->i + 1 < sc->len && sc->s[sc->i] == '+' && is_alnum(sc->s[sc->i + 1])))
		return 0;
	do {
		const size_t b = ++sc->i;

		while (sc->i < sc->len && is_alnum(sc->s[sc->i]))
			sc->i++;
		if (add_local_part(v, &at, sc->s + b, sc->i - b))
			return -1;
	} while (sep_at(sc, sc->i) && sc->i + 1 < sc->len && is_alnum(sc->s[sc->i + 1]));
	return 0;
}

static int scan_version(struct scan *sc, struct pep440_version *v, int flags, int *wildcard)
{
	memset(v, 0, sizeof(*v));
	if (scan_head(sc, v))
		return -1;
	if ((flags & SCAN_WILDCARD) && sc->len - sc->i >= 2 && sc->s[sc->i] == '.' &&
	    sc->s[sc->i + 1] == '*') {
		sc->i += 2;
		*wildcard = 1;
		return 0;
	}
	if (scan_suffixes(sc, v))
		return -1;
	return (flags & SCAN_LOCAL) ? scan_local(sc, v) : 0;
}

/* All of [s, s + len), surrounding whitespace allowed: 0 or -1. */
static int parse_span(const char *s, size_t len, struct pep440_version *v, int flags,
		      int *wildcard)
{
	const char *b = s, *e = s + len;
	struct scan sc;
	int dummy = 0;

	pystr_strip(&b, &e);
	sc = (struct scan){ b, 0, (size_t)(e - b) };
	if (scan_version(&sc, v, flags, wildcard ? wildcard : &dummy) || sc.i != sc.len)
		return -1;
	return 0;
}

int pep440_parse(const char *text, struct pep440_version *v)
{
	assert(text && v);
	return parse_span(text, strlen(text), v, SCAN_LOCAL, NULL);
}

/* --- order ------------------------------------------------------------- */

static int cmp_ll(long long a, long long b)
{
	return (a > b) - (a < b);
}

/* Trailing zeros ignored: compared as if padded with zeros. */
static int cmp_release(const struct pep440_version *a, const struct pep440_version *b)
{
	const size_t n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;

	for (size_t k = 0; k < n; k++) {
		const long long x = k < a->nrelease ? a->release[k] : 0;
		const long long y = k < b->nrelease ? b->release[k] : 0;

		if (x != y)
			return cmp_ll(x, y);
	}
	return 0;
}

/* _cmpkey's pre-release rank: a dev release of nothing else first, then
 * pre-releases, then the rest. */
static int pre_rank(const struct pep440_version *v)
{
	if (!v->pre_kind && !v->has_post && v->has_dev)
		return 0;
	return v->pre_kind ? 1 : 2;
}

static int cmp_suffixes(const struct pep440_version *a, const struct pep440_version *b)
{
	int c = pre_rank(a) - pre_rank(b);

	if (c)
		return c;
	if (pre_rank(a) == 1 && (c = a->pre_kind - b->pre_kind))
		return c;
	if (pre_rank(a) == 1 && (c = cmp_ll(a->pre, b->pre)))
		return c;
	if ((c = a->has_post - b->has_post) || (a->has_post && (c = cmp_ll(a->post, b->post))))
		return c;
	if ((c = b->has_dev - a->has_dev) || (a->has_dev && (c = cmp_ll(a->dev, b->dev))))
		return c;
	return 0;
}

/* Numeric parts after alphanumeric ones, numerically (normalised: no
 * leading zeros); alphanumeric ones as strings. */
static int cmp_local_part(const char *a, size_t na, const char *b, size_t nb)
{
	const int da = all_digits(a, na), db = all_digits(b, nb);
	int c;

	if (da != db)
		return da - db;
	if (da && na != nb)
		return na < nb ? -1 : 1;
	c = memcmp(a, b, na < nb ? na : nb);
	if (c)
		return c < 0 ? -1 : 1;
	return cmp_ll((long long)na, (long long)nb);
}

/* No label first; then part by part, a shorter label before a longer. */
static int cmp_local(const char *a, const char *b)
{
	for (;;) {
		const size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		int c;

		if (!*a || !*b)
			return (*a != '\0') - (*b != '\0');
		if ((c = cmp_local_part(a, na, b, nb)))
			return c;
		a += na + (a[na] == '.');
		b += nb + (b[nb] == '.');
		if (!*a || !*b)
			return (*a != '\0') - (*b != '\0');
	}
}

int pep440_cmp(const struct pep440_version *a, const struct pep440_version *b)
{
	int c;

	assert(a && b);
	if ((c = cmp_ll(a->epoch, b->epoch)) || (c = cmp_release(a, b)) ||
	    (c = cmp_suffixes(a, b)))
		return c < 0 ? -1 : 1;
	c = cmp_local(a->local, b->local);
	return (c > 0) - (c < 0);
}

int pep440_is_prerelease(const struct pep440_version *v)
{
	assert(v);
	return v->pre_kind || v->has_dev;
}

/* Version(base_version) == Version(base_version): epoch and release. */
static int same_base(const struct pep440_version *a, const struct pep440_version *b)
{
	return a->epoch == b->epoch && !cmp_release(a, b);
}

/* --- the normal form ---------------------------------------------------- */

/* str() without the local label, the release's trailing zeros dropped
 * (but for the first) when strip is set (canonicalize_version()). */
static void format_release(struct strbuf *out, const struct pep440_version *v, int strip)
{
	size_t n = v->nrelease;

	while (strip && n > 1 && !v->release[n - 1])
		n--;
	if (v->epoch)
		strbuf_addf(out, "%lld!", v->epoch);
	for (size_t k = 0; k < n; k++)
		strbuf_addf(out, "%s%lld", k ? "." : "", v->release[k]);
	if (v->pre_kind)
		strbuf_addf(out, "%s%lld", v->pre_kind == 'a' ? "a" : v->pre_kind == 'b' ? "b" : "rc",
			    v->pre);
	if (v->has_post)
		strbuf_addf(out, ".post%lld", v->post);
	if (v->has_dev)
		strbuf_addf(out, ".dev%lld", v->dev);
}

/* Version.public: str() without the local label. */
static void format_public(struct strbuf *out, const struct pep440_version *v)
{
	format_release(out, v, 0);
}

void pep440_format(struct strbuf *out, const struct pep440_version *v)
{
	assert(out && v);
	format_public(out, v);
	if (v->local[0])
		strbuf_addf(out, "+%s", v->local);
}

/* --- packaging's string prefix matching ------------------------------- */

struct parts {
	struct part {
		const char *p;
		size_t n;
	} *v;
	size_t nr, alloc;
};

static void parts_add(struct parts *ps, const char *p, size_t n)
{
	ALLOC_GROW(ps->v, ps->nr + 1, ps->alloc);
	ps->v[ps->nr++] = (struct part){ p, n };
}

/* One dot-separated item; "5rc1" (_prefix_regex) is two. */
static void split_item(struct parts *ps, const char *p, size_t n)
{
	size_t d = 0, t;

	while (d < n && is_digit(p[d]))
		d++;
	t = d;
	if (n - t >= 2 && p[t] == 'r' && p[t + 1] == 'c')
		t += 2;
	else if (t < n && (p[t] == 'a' || p[t] == 'b' || p[t] == 'c'))
		t++;
	if (d && t > d && all_digits(p + t, n - t)) {
		parts_add(ps, p, d);
		parts_add(ps, p + d, n - d);
	} else {
		parts_add(ps, p, n);
	}
}

/* _version_split(): the epoch ("0" for none), then the dot-separated items. */
static void version_split(struct parts *ps, const char *s, size_t len)
{
	const char *bang = memrchr(s, '!', len), *end = s + len;
	const char *p = bang ? bang + 1 : s;

	if (bang && bang > s)
		parts_add(ps, s, (size_t)(bang - s));
	else
		parts_add(ps, "0", 1);
	for (;;) {
		const char *q = memchr(p, '.', (size_t)(end - p));

		split_item(ps, p, (size_t)((q ? q : end) - p));
		if (!q)
			return;
		p = q + 1;
	}
}

static size_t numeric_prefix(const struct parts *ps)
{
	size_t n = 0;

	while (n < ps->nr && all_digits(ps->v[n].p, ps->v[n].n))
		n++;
	return n;
}

/* _pad_version(have, want)[0][:len(want)] == want. */
static int padded_equal(const struct parts *have, const struct parts *want)
{
	const size_t hn = numeric_prefix(have), wn = numeric_prefix(want);
	const size_t pad = wn > hn ? wn - hn : 0;

	if (have->nr + pad < want->nr)
		return 0;
	for (size_t k = 0; k < want->nr; k++) {
		const struct part zero = { "0", 1 };
		const struct part *h = k < hn ? &have->v[k] : k < hn + pad ? &zero : &have->v[k - pad];

		if (h->n != want->v[k].n || memcmp(h->p, want->v[k].p, h->n))
			return 0;
	}
	return 1;
}

/* _compare_equal(v, prefix + ".*"). */
static int prefix_match(const struct pep440_version *v, const char *prefix, size_t len)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	struct parts w = { NULL, 0, 0 }, h = { NULL, 0, 0 };
	struct pep440_version pv;
	int ret;

	if (parse_span(prefix, len, &pv, SCAN_LOCAL, NULL))
		strbuf_add(&want, prefix, len);
	else
		pep440_format(&want, &pv);
	format_public(&have, v);
	version_split(&w, want.buf, want.len);
	version_split(&h, have.buf, have.len);
	ret = padded_equal(&h, &w);
	free(w.v);
	free(h.v);
	strbuf_release(&want);
	strbuf_release(&have);
	return ret;
}

static int is_suffix(const struct part *p)
{
	static const char *const starts[] = { "dev", "a", "b", "rc", "post" };

	for (size_t k = 0; k < sizeof(starts) / sizeof(*starts); k++)
		if (p->n >= strlen(starts[k]) && !memcmp(p->p, starts[k], strlen(starts[k])))
			return 1;
	return 0;
}

static int cmp_public(const struct pep440_version *v, const struct pep440_version *spec);

/* _compare_compatible(): >= the version and == its prefix, which is the
 * items of the text as written up to a suffix, less the last. */
static int compatible(const struct pep440_specifier *s, const struct pep440_version *v)
{
	struct parts ps = { NULL, 0, 0 };
	struct strbuf prefix = STRBUF_INIT;
	size_t n = 0;
	int ret;

	version_split(&ps, s->text, s->len);
	while (n < ps.nr && !is_suffix(&ps.v[n]))
		n++;
	assert(n >= 2);
	strbuf_add(&prefix, ps.v[0].p, ps.v[0].n);
	strbuf_addch(&prefix, '!');
	for (size_t k = 1; k + 1 < n; k++)
		strbuf_addf(&prefix, "%s%.*s", k > 1 ? "." : "", (int)ps.v[k].n, ps.v[k].p);
	ret = cmp_public(v, &s->version) >= 0 && prefix_match(v, prefix.buf, prefix.len);
	free(ps.v);
	strbuf_release(&prefix);
	return ret;
}

/* --- specifiers ----------------------------------------------------------- */

static const struct {
	const char *text;
	enum pep440_op op;
} operators[] = {
	{ "===", PEP440_OP_ARBITRARY }, { "~=", PEP440_OP_COMPATIBLE },
	{ "==", PEP440_OP_EQUAL },      { "!=", PEP440_OP_NOT_EQUAL },
	{ "<=", PEP440_OP_LESS_EQUAL }, { ">=", PEP440_OP_GREATER_EQUAL },
	{ "<", PEP440_OP_LESS },        { ">", PEP440_OP_GREATER },
};

/* [^\s;)]* of all of [b, e). */
static int arbitrary_ok(const char *b, const char *e)
{
	for (; b < e; b++)
		if (*b == ';' || *b == ')' || pystr_space_at(b, e))
			return 0;
	return 1;
}

static int scan_for(struct pep440_specifier *spec)
{
	const int flags = spec->op == PEP440_OP_EQUAL || spec->op == PEP440_OP_NOT_EQUAL
				  ? SCAN_LOCAL | SCAN_WILDCARD
				  : 0;
	struct scan sc = { spec->text, 0, spec->len };

	if (scan_version(&sc, &spec->version, flags, &spec->wildcard) || sc.i != sc.len)
		return -1;
	if (spec->op == PEP440_OP_COMPATIBLE && spec->version.nrelease < 2)
		return -1;
	spec->has_version = 1;
	return 0;
}

int pep440_specifier_parse(const char *text, size_t len, struct pep440_specifier *spec,
			   struct strbuf *why)
{
	const char *b = text, *e = text + len;
	size_t k = 0, n;

	assert(text && spec);
	memset(spec, 0, sizeof(*spec));
	pystr_strip(&b, &e);
	while (k < sizeof(operators) / sizeof(*operators) &&
	       ((size_t)(e - b) < strlen(operators[k].text) ||
		memcmp(b, operators[k].text, strlen(operators[k].text))))
		k++;
	if (k == sizeof(operators) / sizeof(*operators))
		goto invalid;
	spec->op = operators[k].op;
	for (b += strlen(operators[k].text); (n = pystr_space_at(b, e));)
		b += n;
	spec->text = b;
	spec->len = (size_t)(e - b);
	if (spec->op != PEP440_OP_ARBITRARY) {
		if (scan_for(spec))
			goto invalid;
		return 0;
	}
	if (!arbitrary_ok(b, e))
		goto invalid;
	spec->has_version = !parse_span(b, spec->len, &spec->version, SCAN_LOCAL, NULL);
	return 0;
invalid:
	if (why)
		strbuf_addf(why, "invalid specifier '%.*s'", (int)len, text);
	return -1;
}

int pep440_specifier_prereleases(const struct pep440_specifier *spec)
{
	assert(spec);
	switch (spec->op) {
	case PEP440_OP_EQUAL:
	case PEP440_OP_GREATER_EQUAL:
	case PEP440_OP_LESS_EQUAL:
	case PEP440_OP_COMPATIBLE:
	case PEP440_OP_ARBITRARY:
		return spec->has_version && pep440_is_prerelease(&spec->version);
	default:
		return 0;
	}
}

/* _compare_equal() */
static int equal(const struct pep440_specifier *s, const struct pep440_version *v)
{
	struct pep440_version p = *v;

	if (s->wildcard)
		return prefix_match(v, s->text, s->len - 2);
	if (!s->version.local[0])
		p.local[0] = '\0';
	return !pep440_cmp(&p, &s->version);
}

/* Version(v.public) compared with the specifier's. */
static int cmp_public(const struct pep440_version *v, const struct pep440_version *spec)
{
	struct pep440_version p = *v;

	p.local[0] = '\0';
	return pep440_cmp(&p, spec);
}

/* _compare_less_than(): not a pre-release of the version itself. */
static int less(const struct pep440_version *spec, const struct pep440_version *v)
{
	if (pep440_cmp(v, spec) >= 0)
		return 0;
	return pep440_is_prerelease(spec) || !pep440_is_prerelease(v) || !same_base(v, spec);
}

/* _compare_greater_than(): not a post-release nor local version of it. */
static int greater(const struct pep440_version *spec, const struct pep440_version *v)
{
	if (pep440_cmp(v, spec) <= 0)
		return 0;
	if (!spec->has_post && v->has_post && same_base(v, spec))
		return 0;
	return !v->local[0] || !same_base(v, spec);
}

/* _compare_arbitrary(): str(v).lower() == spec.lower(). */
static int arbitrary(const struct pep440_specifier *s, const struct pep440_version *v)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	pep440_format(&sb, v);
	ret = equal_nocase(sb.buf, sb.len, s->text, s->len);
	strbuf_release(&sb);
	return ret;
}

int pep440_specifier_contains(const struct pep440_specifier *spec, const struct pep440_version *v,
			      int prereleases)
{
	assert(spec && v);
	if (prereleases < 0)
		prereleases = pep440_specifier_prereleases(spec);
	if (pep440_is_prerelease(v) && !prereleases)
		return 0;
	switch (spec->op) {
	case PEP440_OP_COMPATIBLE:
		return compatible(spec, v);
	case PEP440_OP_EQUAL:
		return equal(spec, v);
	case PEP440_OP_NOT_EQUAL:
		return !equal(spec, v);
	case PEP440_OP_LESS_EQUAL:
		return cmp_public(v, &spec->version) <= 0;
	case PEP440_OP_GREATER_EQUAL:
		return cmp_public(v, &spec->version) >= 0;
	case PEP440_OP_LESS:
		return less(&spec->version, v);
	case PEP440_OP_GREATER:
		return greater(&spec->version, v);
	case PEP440_OP_ARBITRARY:
		return arbitrary(spec, v);
	}
	return 0;
}

/* --- specifier sets ---------------------------------------------------- */

struct specs {
	struct pep440_specifier *v;
	size_t nr, alloc;
};

/*
 * Specifier's _canonical_spec: the operator and canonicalize_version() of
 * the version as written (trailing zeros kept for ~=; a text that is not
 * a version as it is).
 */
static void canonical_spec(struct strbuf *out, const struct pep440_specifier *s)
{
	struct pep440_version v;
	size_t k = 0;

	while (operators[k].op != s->op)
		k++;
	strbuf_addstr(out, operators[k].text);
	if (parse_span(s->text, s->len, &v, SCAN_LOCAL, NULL)) {
		strbuf_add(out, s->text, s->len);
		return;
	}
	format_release(out, &v, s->op != PEP440_OP_COMPATIBLE);
	if (v.local[0])
		strbuf_addf(out, "+%s", v.local);
}

/* Whether the set has a specifier equal to spec (the frozenset keeps the
 * first of equal ones: "===1.0,===1.0.0" is "===1.0"). */
static int specs_have(const struct specs *ss, const struct pep440_specifier *spec)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int found = 0;

	canonical_spec(&a, spec);
	for (size_t k = 0; !found && k < ss->nr; k++) {
		strbuf_reset(&b);
		canonical_spec(&b, &ss->v[k]);
		found = !strcmp(a.buf, b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return found;
}

/* SpecifierSet(text): each non-blank item between commas, but for those
 * equal to one before. */
static int specs_parse(struct specs *ss, const char *text, struct strbuf *why)
{
	for (const char *p = text;; p++) {
		const char *b = p, *e = p + strcspn(p, ",");

		pystr_strip(&b, &e);
		if (b < e) {
			ALLOC_GROW(ss->v, ss->nr + 1, ss->alloc);
			if (pep440_specifier_parse(b, (size_t)(e - b), &ss->v[ss->nr], why))
				return -1;
			ss->nr += !specs_have(ss, &ss->v[ss->nr]);
		}
		p += strcspn(p, ",");
		if (!*p)
			return 0;
	}
}

/* A version that is not PEP 440: only "===" of its text contains it. */
static int arbitrary_only(const struct specs *ss, const char *version)
{
	const char *b = version, *e = version + strlen(version);

	pystr_strip(&b, &e);
	for (size_t k = 0; k < ss->nr; k++)
		if (ss->v[k].op != PEP440_OP_ARBITRARY ||
		    !equal_nocase(b, (size_t)(e - b), ss->v[k].text, ss->v[k].len))
			return 0;
	return ss->nr > 0;
}

static int specs_contain(const struct specs *ss, const struct pep440_version *v, int prereleases)
{
	if (prereleases < 0) {
		/* None for an empty set, which refuses pre-releases as False would. */
		prereleases = 0;
		for (size_t k = 0; k < ss->nr; k++)
			prereleases |= pep440_specifier_prereleases(&ss->v[k]);
	}
	if (!prereleases && pep440_is_prerelease(v))
		return 0;
	for (size_t k = 0; k < ss->nr; k++)
		if (!pep440_specifier_contains(&ss->v[k], v, prereleases))
			return 0;
	return 1;
}

int pep440_contains(const char *specifier, const char *version, int prereleases, struct strbuf *why)
{
	struct specs ss = { NULL, 0, 0 };
	struct pep440_version v;
	int ret;

	assert(specifier && version && why);
	if (specs_parse(&ss, specifier, why))
		ret = -1;
	else if (pep440_parse(version, &v))
		ret = arbitrary_only(&ss, version);
	else
		ret = specs_contain(&ss, &v, prereleases);
	free(ss.v);
	return ret;
}
