/*
 * wheelname: wheel file names and project names.
 *
 * pip's pattern: ^(?P<name>[^\s-]+?)-(?P<ver>[^\s-]*?)(-(?P<build>\d[^-]*?))?
 * -(?P<pyver>[^\s-]+?)-(?P<abi>[^\s-]+?)-(?P<plat>[^\s-]+?)\.whl$, so a name
 * has five or six '-'-separated parts, none empty but the version, none
 * with white space.
 */
#include "wheelname.h"

#include "strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

char *wheelname_canonical(const char *name)
{
	struct strbuf out = STRBUF_INIT;

	for (const char *p = name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			while (p[1] == '-' || p[1] == '_' || p[1] == '.')
				p++;
			strbuf_addch(&out, '-');
		} else {
			strbuf_addch(&out, tolower((unsigned char)*p));
		}
	}
	return strbuf_detach(&out);
}

int wheelname_same_project(const char *a, const char *b)
{
	char *ca = wheelname_canonical(a), *cb = wheelname_canonical(b);
	const int same = !strcmp(ca, cb);

	free(ca);
	free(cb);
	return same;
}

static char *dash(const char *s, size_t len)
{
	char *out = xstrndup(s, len);

	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
	return out;
}

static void add_tag(struct wheelname *w, const char *py, size_t pylen, const char *abi, size_t abilen,
		    const char *plat, size_t platlen)
{
	w->tags = xrealloc(w->tags, (w->ntags + 1) * sizeof(*w->tags));
	w->tags[w->ntags++] = xstrfmt("%.*s-%.*s-%.*s", (int)pylen, py, (int)abilen, abi, (int)platlen, plat);
}

/* Every py-abi-plat of the '.'-separated sets. */
static void expand_tags(struct wheelname *w, const char *py, size_t pylen, const char *abi, size_t abilen,
			const char *plat, size_t platlen)
{
	for (const char *a = py; a < py + pylen;) {
		const char *ae = memchr(a, '.', (size_t)(py + pylen - a));
		const size_t al = (size_t)((ae ? ae : py + pylen) - a);

		for (const char *b = abi; b < abi + abilen;) {
			const char *be = memchr(b, '.', (size_t)(abi + abilen - b));
			const size_t bl = (size_t)((be ? be : abi + abilen) - b);

			for (const char *c = plat; c < plat + platlen;) {
				const char *ce = memchr(c, '.', (size_t)(plat + platlen - c));
				const size_t cl = (size_t)((ce ? ce : plat + platlen) - c);

				add_tag(w, a, al, b, bl, c, cl);
				c += cl + 1;
			}
			b += bl + 1;
		}
		a += al + 1;
	}
}

int wheelname_parse(const char *path, struct wheelname *out)
{
	const char *base = strrchr(path, '/');
	const char *part[7];
	size_t len[7], n = 0, total;

	base = base ? base + 1 : path;
	total = strlen(base);
	memset(out, 0, sizeof(*out));
	if (total < 5 || strcmp(base + total - 4, ".whl"))
		return -1;
	total -= 4;
	for (size_t i = 0; i < total; i++)
		if (isspace((unsigned char)base[i]))
			return -1;
	for (const char *p = base; p <= base + total && n < 7;) {
		const char *d = memchr(p, '-', (size_t)(base + total - p));
		const size_t l = (size_t)((d ? d : base + total) - p);

		part[n] = p;
		len[n++] = l;
		p += l + 1;
		if (!d)
			break;
	}
	if ((n != 5 && n != 6) || !len[0] || !len[n - 1] || !len[n - 2] || !len[n - 3])
		return -1;
	if (n == 6 && (!len[2] || !isdigit((unsigned char)part[2][0])))
		return -1;
	out->name = dash(part[0], len[0]);
	out->canonical = wheelname_canonical(out->name);
	out->version = dash(part[1], len[1]);
	if (n == 6) {
		out->build = xstrndup(part[2], len[2]);
		out->build_num = strtol(out->build, NULL, 10);
	}
	expand_tags(out, part[n - 3], len[n - 3], part[n - 2], len[n - 2], part[n - 1], len[n - 1]);
	return 0;
}

void wheelname_release(struct wheelname *w)
{
	free(w->name);
	free(w->canonical);
	free(w->version);
	free(w->build);
	for (size_t i = 0; i < w->ntags; i++)
		free(w->tags[i]);
	free(w->tags);
	memset(w, 0, sizeof(*w));
}

long wheelname_rank(const struct wheelname *w, const char *const *supported, size_t nsupported)
{
	for (size_t i = 0; i < nsupported; i++)
		for (size_t j = 0; j < w->ntags; j++)
			if (!strcmp(supported[i], w->tags[j]))
				return (long)i;
	return -1;
}
